// `safecity user add|passwd|disable|enable|list`: persons' accounts (用户账户)
// for the web console (workflows/access/user_account.h).
//
//   user add --name 王工 --role inspector                          an inspector, who logs in as 王工
//   user add --name 李明 --login yt.li --role unit --unit 雁塔区   a unit's staff (acts as the unit)
//   user passwd LOGIN                                              the office resets a password
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
