// What this binary is: its version (CMake's project version) and the git
// revision it was built from ("unknown" outside a git checkout). Said by
// `safecity --version` and by /metrics as safecity_build_info.
#pragma once

namespace safecity {

const char* BuildVersion();
const char* BuildRevision();

}  // namespace safecity
