// `safecity token issue|revoke|list`: the office's access tokens (访问令牌) for
// the HTTP API (workflows/access/access_token.h).
//
//   token issue --role unit --unit 雁塔区 [--label …]      a unit's system
//   token issue --role inspector --principal li.ming      a person
//   token revoke ID --reason …
//   token list [--all]                                    active (or all) tokens, never a secret
//
// `issue` draws a random secret, sends only its SHA-256, and prints the secret
// once; it cannot be shown again.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace safecity::cli {

void AddTokenCommands(CLI::App& app, Globals& g, int& rc);

}  // namespace safecity::cli
