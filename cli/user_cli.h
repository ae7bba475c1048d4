// `safecity user add|passwd|disable|enable|list`: persons' accounts (用户账户)
// for the web console (workflows/access/user_account.h).
//
//   user add --login 王工 [--name 王建国] --role inspector         an inspector
//   user add --login yt.li --role unit --unit 雁塔区               a unit's staff (acts as the unit)
//   user passwd LOGIN                                              reset (office) or change one's own
//   user disable LOGIN --reason …  /  user enable LOGIN --reason …
//   user list [--all]                                              never a password or its hash
//
// The password is typed twice at a terminal (not shown), or read as one line
// from standard input (`printf '%s\n' "$PW" | safecity user add …`); only its
// Argon2id hash leaves this process.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace safecity::cli {

void AddUserCommands(CLI::App& app, Globals& g, int& rc);

}  // namespace safecity::cli
