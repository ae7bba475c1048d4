#include "workflows/campaign/round_dashboard.h"

#include "engine/time_util.h"
#include "workflows/campaign/round_views.h"
#include "workflows/rectification/task_views.h"
#include "workflows/scoring/score.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::campaign {

namespace {

// A round's score of a unit as stored and as the API gives it (scoring::ToJson), or none.
std::optional<scoring::UnitScore> ScoreOf(const Json& score) {
  if (!score.is_object()) return std::nullopt;
  scoring::UnitScore sc;
  sc.score_x100 = score.value("score_x100", int64_t{0});
  sc.deducted_x100 = score.value("deducted_x100", int64_t{0});
  sc.findings = score.value("findings", int64_t{0});
  sc.pending_items = score.value("pending_items", int64_t{0});
  sc.pass = score.value("pass", false);
  sc.vetoed = score.value("vetoed", false);
  return sc;
}

}  // namespace

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
    row.score = ScoreOf(ReadRoundScore(reader, round, u));
    if (active_only && !IsActive(row)) continue;
    d.units.push_back(std::move(row));
  }
  return d;
}

bool IsActive(const DashboardRow& row) {
  return row.tasks > 0 || (row.score && (row.score->findings > 0 || row.score->deducted_x100 > 0));
}

RoundDashboard DashboardFromJson(const Json& answer) {
  RoundDashboard d;
  d.round = answer.value("round", "");
  d.as_of_ms = ParseIsoMs(answer.value("as_of", "")).value_or(0);
  for (const Json& u : answer.value("units", Json::array())) {
    if (!u.is_object()) continue;
    DashboardRow row;
    row.unit = u.value("unit", "");
    row.name = u.value("name", "");
    row.tasks = u.value("tasks", int64_t{0});
    row.open = u.value("open", int64_t{0});
    row.submitted = u.value("submitted", int64_t{0});
    row.accepted = u.value("accepted", int64_t{0});
    row.overdue = u.value("overdue", int64_t{0});
    const Json levels = u.value("open_at_level", Json::object());  // items() only refers to it
    for (const auto& [level, n] : levels.items())
      if (n.is_number_integer()) row.open_at_level[level] = n.get<int64_t>();
    row.score = ScoreOf(u.value("score", Json()));
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
  // The pass line goes with the scores, so that no reader spells it again (a chart draws it).
  return Json{{"round", d.round}, {"as_of", FormatIsoMs(d.as_of_ms)}, {"pass_line_x100", scoring::kPassLineX100}, {"units", units}};
}

}  // namespace safecity::campaign
