// The CLI commands of the campaign: sheet, campaign, hazard, verify, inbox,
// clock, report, import and template. See README.md.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace safecity::cli {

void AddCampaignCommands(CLI::App& app, Globals& g, int& rc);

// Installs a shipped template (units, scoring sheet, round) from `dir`
// (workflows/templates/<name>). Returns the exit code.
int InstallTemplate(const Globals& g, const std::string& dir, std::ostream& out);

// Where the shipped templates are: $SAFECITY_TEMPLATES; else, installed,
// <prefix>/share/safecity/templates beside <prefix>/bin/safecity; else the
// source tree's.
std::string TemplateDir(const std::string& name);

}  // namespace safecity::cli
