// ScoringSheet (评价细则) workflow: stream "sheet-<sheet_id>@<version>".
// A version is defined once and never changes; a new rule set is a new
// version, and a round scores under the version it was created with (it keeps
// a copy of the items in its own stream).
//
//   sheet.define   office -> ScoringSheetDefined
//
// Read models: sheet/<sheet_id>@<version> -> {sheet_id, version, title, items}
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/read_models.h"
#include "engine/workflow.h"

namespace safecity::scoring {

std::unique_ptr<Workflow> MakeScoringSheetWorkflow();
std::string SheetStream(const std::string& sheet_id, const std::string& version);

// The read model of a sheet version, by its reference "<sheet_id>@<version>":
// {sheet_id, version, title, items}; null when there is none.
std::string SheetKey(const std::string& ref);
Json ReadSheet(ReadModelReader& reader, const std::string& ref);
// Every sheet version, in reference order.
Status ForEachSheet(ReadModelReader& reader, const std::function<bool(const std::string& ref, const Json& sheet)>& fn);

}  // namespace safecity::scoring
