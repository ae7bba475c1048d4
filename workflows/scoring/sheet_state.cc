#include "workflows/scoring/sheet_state.h"

#include "engine/state_keys.h"

namespace safecity::scoring {

bool ScoringSheet::operator==(const ScoringSheet& o) const {
  return sheet_id == o.sheet_id && version == o.version && title == o.title && items == o.items && defined_at == o.defined_at &&
         other == o.other;
}

Json ScoringSheet::ToJson() const {
  Json j = other;
  j["sheet_id"] = sheet_id;
  j["version"] = version;
  j["title"] = title;
  j["items"] = items;
  j["defined_at"] = defined_at;
  return j;
}

ScoringSheet ScoringSheet::FromJson(const Json& j) {
  ScoringSheet s;
  s.sheet_id = j.at("sheet_id").get<std::string>();
  s.version = j.at("version").get<std::string>();
  s.title = j.at("title").get<std::string>();
  s.items = j.at("items");
  s.defined_at = j.value("defined_at", int64_t{0});
  s.other = OtherKeys(j, [](const std::string& k) {
    return IsOneOf(k, {"sheet_id", "version", "title", "items", "defined_at"});
  });
  return s;
}

void ApplySheetEvent(ScoringSheet& s, const EventEnvelope& e) {
  if (e.type != "ScoringSheetDefined") return;
  s = ScoringSheet::FromJson(e.data);
  s.defined_at = e.occurred_at;
}

}  // namespace safecity::scoring
