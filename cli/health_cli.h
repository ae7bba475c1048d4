// `safecity health [--url URL]`: asks a serving process whether it is ready
// (GET /readyz by default), for a container's HEALTHCHECK, a compose
// health check or an operator's script, where no curl is installed. Exit 0
// and the answer when it is; else one line saying why (not reachable: 3; not
// ready, e.g. catching up or its disk full: 1; a bad --url: 2).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace safecity::cli {

void AddHealth(CLI::App& app, Globals& g, int& rc);

}  // namespace safecity::cli
