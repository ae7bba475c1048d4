// ScoringSheet (评价细则): the folded state of one sheet version's stream, a
// plain struct (engine/typed_workflow.h). A version is defined once and never
// changes, so its state is its definition and the moment it was made.
//
// Its JSON form (the snapshot, `safecity show`) has the keys the state has
// always had: sheet_id, version, title, items, defined_at; keys this build
// does not name are kept in `other`. FromJson(ToJson(s)) == s.
#pragma once

#include <cstdint>
#include <string>

#include "engine/envelope.h"

namespace safecity::scoring {

struct ScoringSheet {
  std::string sheet_id;   // xian-evaluation
  std::string version;    // 2022
  std::string title;
  Json items = Json::array();  // normalised by ValidateSheet (score.h): parents before children
  int64_t defined_at = 0;  // UTC ms, as the event occurred (a number in the JSON form, as it always was)
  Json other = Json::object();

  bool operator==(const ScoringSheet& o) const;
  Json ToJson() const;
  static ScoringSheet FromJson(const Json& j);  // throws when `j` is not a sheet's state
};

// Folds one event of the sheet into `s` (ScoringSheetDefined; nothing else changes a sheet).
void ApplySheetEvent(ScoringSheet& s, const EventEnvelope& e);

}  // namespace safecity::scoring
