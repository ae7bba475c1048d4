#include "workflows/campaign/round_dashboard.h"

#include "engine/time_util.h"
#include "workflows/campaign/round_views.h"
#include "workflows/rectification/task_views.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::campaign {

Result<RoundDashboard> ReadRoundDashboard(ReadModelReader& reader, const std::string& round, int64_t now_ms, bool active_only) {
  auto exists = ReadRound(reader, round);  // round.not_found: each edge words its advice
  if (!exists.ok()) return exists.status();
  auto overdue = rectification::CountOverdueByLead(reader, now_ms, round);
  if (!overdue.ok()) return overdue.status();
  RoundDashboard d;
  d.round = round;
  d.as_of_ms = now_ms;
  auto units = RoundUnits(reader, round);
  if (!units.ok()) return units.status();
  for (const std::string& u : units.value()) {
    const rectification::TaskCounts c = rectification::ReadTaskCounts(reader, u, round);
    DashboardRow row;
    row.unit = u;
    row.name = units::DisplayName(reader, u);
    row.tasks = c.assigned;
    row.submitted = c.submitted;
    row.accepted = c.accepted;
    row.open = c.open - c.submitted;
    row.open_at_level = c.open_at_level;
    auto late = overdue.value().find(u);
    row.overdue = late == overdue.value().end() ? 0 : late->second;
    Json score = ReadRoundScore(reader, round, u);
    if (score.is_object()) {
      scoring::UnitScore sc;
      sc.score_x100 = score.value("score_x100", int64_t{0});
      sc.deducted_x100 = score.value("deducted_x100", int64_t{0});
      sc.findings = score.value("findings", int64_t{0});
      sc.pending_items = score.value("pending_items", int64_t{0});
      sc.pass = score.value("pass", false);
      sc.vetoed = score.value("vetoed", false);
      row.score = sc;
    }
    if (active_only && row.tasks == 0 && (!row.score || (row.score->findings == 0 && row.score->deducted_x100 == 0)))
      continue;
    d.units.push_back(std::move(row));
  }
  return d;
}

Json ToJson(const RoundDashboard& d) {
  Json units = Json::array();
  for (const DashboardRow& r : d.units) {
    Json levels = Json::object();
    for (const auto& [level, n] : r.open_at_level) levels[level] = n;
    units.push_back(Json{{"unit", r.unit},
                         {"name", r.name},
                         {"tasks", r.tasks},
                         {"open", r.open},
                         {"submitted", r.submitted},
                         {"accepted", r.accepted},
                         {"overdue", r.overdue},
                         {"open_at_level", levels},
                         {"score", r.score ? scoring::ToJson(*r.score) : Json(nullptr)}});
  }
  return Json{{"round", d.round}, {"as_of", FormatIsoMs(d.as_of_ms)}, {"units", units}};
}

}  // namespace safecity::campaign
