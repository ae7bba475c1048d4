// `safecity repair [--accept-loss]`: what keeps a store from opening whole,
// and with --accept-loss the repair itself (workflows/store/repair.h), in words.
#pragma once

#include "cli/context.h"

namespace safecity::cli {

// Returns the exit code: 0 when the store opens whole (after the repair),
// 3 when it is damaged and --accept-loss was not given, or the failure's code.
int RunRepair(const Globals& g, bool accept_loss);

}  // namespace safecity::cli
