#include "workflows/campaign/bulletin.h"

#include <algorithm>
#include <map>

#include "engine/time_util.h"
#include "workflows/common.h"
#include "workflows/hazard/hazard_views.h"
#include "workflows/rectification/task_views.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::campaign {

std::vector<std::string> Bulletin::NotYetBulletined() const {
  std::vector<std::string> ids;
  for (const ClosedHazard& h : closed_hazards)
    if (h.state == "closed") ids.push_back(h.hazard);
  return ids;
}

Result<Bulletin> ReadBulletin(ReadModelReader& r, int64_t from_ms, int64_t to_ms) {
  Bulletin b;
  b.from_ms = from_ms;
  b.to_ms = to_ms;
  // The highest level each task had reached by the period's end.
  std::map<std::string, int> level_by_end;
  Status s = rectification::ForEachEscalationBetween(r, 0, to_ms, [&](const rectification::Escalation& e) {
    int& l = level_by_end[e.task_id];
    l = std::max(l, EscalationLevelNo(e.level));
    return true;
  });
  if (!s.ok()) return s;
  struct Late {
    int64_t count = 0;
    int worst = 0;
    int64_t oldest = 0;
  };
  std::map<std::string, Late> late;
  // Due before the period ended and not accepted by then.
  s = rectification::ForEachDueBetween(r, 0, to_ms, [&](const rectification::DueTask& t) {
    auto accepted = rectification::AcceptedAt(r, t.task_id);
    if (accepted && *accepted < to_ms) return true;
    Late& l = late[t.lead_unit];
    if (!l.count) l.oldest = t.deadline_ms;
    ++l.count;
    auto level = level_by_end.find(t.task_id);
    if (level != level_by_end.end()) l.worst = std::max(l.worst, level->second);
    return true;
  });
  if (!s.ok()) return s;
  for (const auto& [unit, l] : late)
    b.late_units.push_back(LateUnit{unit, units::DisplayName(r, unit), l.count, l.worst ? EscalationLevelName(l.worst) : "", l.oldest});
  s = hazard::ForEachHazardClosedBetween(r, from_ms, to_ms, [&](const std::string& id, int64_t at, const std::string& unit) {
    const Json h = hazard::ReadHazard(r, id);
    if (!h.is_object()) return true;
    b.closed_hazards.push_back(ClosedHazard{id, h.value("title", ""), h.value("grade", ""), unit, units::DisplayName(r, unit), at,
                                            h.value("state", "")});
    return true;
  });
  if (!s.ok()) return s;
  return b;
}

Json ToJson(const Bulletin& b) {
  Json late = Json::array();
  for (const LateUnit& u : b.late_units)
    late.push_back(Json{{"unit", u.unit},
                        {"name", u.name},
                        {"overdue", u.overdue},
                        {"worst", u.worst.empty() ? Json(nullptr) : Json(u.worst)},
                        {"oldest_deadline", FormatIsoMs(u.oldest_deadline_ms)}});
  Json closed = Json::array();
  for (const ClosedHazard& h : b.closed_hazards)
    closed.push_back(Json{{"hazard", h.hazard},
                          {"title", h.title},
                          {"grade", h.grade},
                          {"unit", h.unit},
                          {"unit_name", h.unit_name},
                          {"closed_at", FormatIsoMs(h.closed_at_ms)},
                          {"state", h.state}});
  return Json{{"from", FormatIsoMs(b.from_ms)}, {"to", FormatIsoMs(b.to_ms)}, {"late_units", late}, {"closed_hazards", closed}};
}

Bulletin BulletinFromJson(const Json& answer) {
  auto text = [](const Json& j, const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; };
  auto ms = [&](const Json& j, const char* key) { return ParseIsoMs(text(j, key)).value_or(0); };
  Bulletin b;
  b.from_ms = ms(answer, "from");
  b.to_ms = ms(answer, "to");
  for (const Json& u : answer.value("late_units", Json::array()))
    if (u.is_object())
      b.late_units.push_back(LateUnit{text(u, "unit"), text(u, "name"), u.value("overdue", int64_t{0}), text(u, "worst"),
                                      ms(u, "oldest_deadline")});
  for (const Json& h : answer.value("closed_hazards", Json::array()))
    if (h.is_object())
      b.closed_hazards.push_back(ClosedHazard{text(h, "hazard"), text(h, "title"), text(h, "grade"), text(h, "unit"),
                                              text(h, "unit_name"), ms(h, "closed_at"), text(h, "state")});
  return b;
}

}  // namespace safecity::campaign
