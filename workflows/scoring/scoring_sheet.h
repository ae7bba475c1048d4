// ScoringSheet (评价细则) workflow: stream "sheet-<sheet_id>@<version>".
// A version is defined once and never changes; a new rule set is a new
// version, and a round scores under the version it was created with (it keeps
// a copy of the items in its own stream).
//
//   sheet.define   office -> ScoringSheetDefined
//
// Read models: sheet/<sheet_id>@<version> -> {sheet_id, version, title, items}
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::scoring {

std::unique_ptr<Workflow> MakeScoringSheetWorkflow();
std::string SheetStream(const std::string& sheet_id, const std::string& version);

}  // namespace safecity::scoring
