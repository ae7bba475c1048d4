// The CLI's exit codes (退出码), the CLI edge's rendering of a Status:
//   0  ok
//   1  the workflow refused the command in its current state (kRefused)
//   2  bad usage or input: kInvalid, kNotFound, kForbidden, kConflict, kUnauthenticated
//   3  the data directory could not be read or written (kStorage), or its
//      disk is full (kNoSpace)
// Scripts depend on these; the engine's Status knows nothing of them.
#pragma once

#include "engine/status.h"

namespace safecity::cli {

int ExitCode(const Status& s);

}  // namespace safecity::cli
