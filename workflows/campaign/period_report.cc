#include "workflows/campaign/period_report.h"

#include <algorithm>
#include <cmath>

#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/campaign/campaign_refusals.h"
#include "workflows/campaign/round_views.h"
#include "workflows/hazard/hazard_views.h"
#include "workflows/rectification/task_views.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::campaign {

namespace {

bool InPeriod(const std::string& iso, int64_t from_ms, int64_t to_ms) {
  auto t = ParseIsoMs(iso);
  return t && *t >= from_ms && *t < to_ms;
}

Json RowJson(const PeriodRow& r) {
  Json j{{"unit", r.unit},
         {"name", r.name},
         {"kind", r.kind},
         {"due", r.due},
         {"done", r.done},
         {"on_time", r.on_time},
         {"undone", r.undone},
         {"rate", r.Rate() ? Json(*r.Rate()) : Json(nullptr)},
         {"escalations", r.escalations},
         {"hazards_found", r.hazards_found},
         {"hazards_closed", r.hazards_closed},
         {"findings", r.findings},
         {"deducted", static_cast<double>(r.deducted_x100) / 100.0},
         {"accountability", r.accountability}};
  return j;
}

PeriodRow RowFromJson(const Json& j) {
  auto count = [&](const char* key) { return j.contains(key) && j[key].is_number_integer() ? j[key].get<int64_t>() : int64_t{0}; };
  PeriodRow r;
  r.unit = j.value("unit", "");
  r.name = j.value("name", "");
  r.kind = j.value("kind", "");
  r.due = count("due");
  r.done = count("done");
  r.on_time = count("on_time");
  r.undone = count("undone");
  const Json levels = j.value("escalations", Json::object());  // items() only refers to it
  for (const auto& [level, n] : levels.items())
    if (n.is_number_integer()) r.escalations[level] = n.get<int64_t>();
  r.hazards_found = count("hazards_found");
  r.hazards_closed = count("hazards_closed");
  r.findings = count("findings");
  const Json deducted = j.value("deducted", Json());
  r.deducted_x100 = deducted.is_number() ? std::llround(deducted.get<double>() * 100) : 0;
  r.accountability = count("accountability");
  return r;
}

}  // namespace

PeriodReport PeriodReportFromJson(const Json& answer) {
  PeriodReport r;
  r.from_ms = ParseIsoMs(answer.value("from", "")).value_or(0);
  r.to_ms = ParseIsoMs(answer.value("to", "")).value_or(0);
  r.round = answer.value("round", "");
  r.round_title = answer.value("round_title", "");
  for (const Json& u : answer.value("units", Json::array()))
    if (u.is_object()) r.units.push_back(RowFromJson(u));
  for (const Json& b : answer.value("bands", Json::array())) {
    if (!b.is_object()) continue;
    RateBands band;
    band.kind = b.value("kind", "");
    band.units = b.value("units", int64_t{0});
    band.average = b.value("average_rate", 0.0);
    band.full = b.value("at_100", int64_t{0});
    band.ninety = b.value("at_90", int64_t{0});
    band.seventy = b.value("at_70", int64_t{0});
    band.below = b.value("below_70", int64_t{0});
    r.bands.push_back(std::move(band));
  }
  if (answer.contains("total") && answer["total"].is_object()) r.total = RowFromJson(answer["total"]);
  return r;
}

std::optional<double> PeriodRow::Rate() const {
  if (due == 0) return std::nullopt;
  return static_cast<double>(done) / static_cast<double>(due);
}

Result<std::pair<int64_t, int64_t>> ParsePeriod(const std::string& from_text, const std::string& to_text) {
  auto from = ParsePeriodStartMs(from_text);
  auto to = ParseDeadlineMs(to_text);
  if (!from) return Status::Refusal(Status::Code::kInvalid, "from", kPeriodStartNotADate, {{"value", from_text}});
  if (!to) return Status::Refusal(Status::Code::kInvalid, "to", kPeriodEndNotADate, {{"value", to_text}});
  if (*to < *from) return Status::Refusal(Status::Code::kInvalid, "to", kPeriodEndsBeforeStart, {{"from", from_text}, {"to", to_text}});
  return std::make_pair(*from, *to + 1);
}

Result<PeriodReport> ReadPeriodReport(ReadModelReader& reader, int64_t from_ms, int64_t to_ms, const std::string& round) {
  PeriodReport rep;
  rep.from_ms = from_ms;
  rep.to_ms = to_ms;
  rep.round = round;
  if (!round.empty()) {
    auto c = ReadRound(reader, round);  // round.not_found, in the caller's language
    if (!c.ok()) return c.status();
    rep.round_title = c.value().value("title", round);
  }
  std::map<std::string, PeriodRow> rows;
  auto in_round = [&](const std::string& task) {
    if (round.empty()) return true;
    Json t = rectification::ReadTaskSummary(reader, task);
    return t.is_object() && t.value("campaign", "") == round;
  };
  Status s = rectification::ForEachDueBetween(reader, from_ms, to_ms, [&](const rectification::DueTask& t) {
    if (!in_round(t.task_id)) return true;
    PeriodRow& r = rows[t.lead_unit];
    ++r.due;
    auto accepted = rectification::AcceptedAt(reader, t.task_id);
    if (accepted && *accepted < to_ms) {
      ++r.done;
      if (*accepted <= t.deadline_ms) ++r.on_time;
    } else {
      ++r.undone;
    }
    return true;
  });
  if (!s.ok()) return s;
  s = rectification::ForEachEscalationBetween(reader, from_ms, to_ms, [&](const rectification::Escalation& e) {
    if (in_round(e.task_id)) ++rows[e.lead_unit].escalations[e.level];
    return true;
  });
  if (!s.ok()) return s;
  // Hazards: found (reported) and closed in the period.
  s = hazard::ForEachHazard(reader, "", [&](const Json& h) {
    if (h.value("unit", "").empty()) return true;
    if (!round.empty() && h.value("campaign", "") != round) return true;
    PeriodRow& r = rows[h["unit"].get<std::string>()];
    if (InPeriod(h.value("reported_at", ""), from_ms, to_ms)) ++r.hazards_found;
    if (InPeriod(h.value("closed_at", ""), from_ms, to_ms)) ++r.hazards_closed;
    return true;
  });
  if (!s.ok()) return s;
  // Deductions recorded in the period, from the rounds' feedback lists.
  s = ForEachFinding(reader, round, "", [&](const Json& f) {
    if (f.value("withdrawn", false) || !InPeriod(f.value("recorded_at", ""), from_ms, to_ms)) return true;
    PeriodRow& r = rows[f.value("unit", "")];
    ++r.findings;
    r.deducted_x100 += f.value("points_x100", int64_t{0});
    return true;
  });
  if (!s.ok()) return s;
  // Accountability decided in the period (China's calendar days).
  const std::string first_day = FormatLocal(from_ms).substr(0, 10), last_day = FormatLocal(to_ms - 1).substr(0, 10);
  s = hazard::ForEachAccountabilityBetween(reader, first_day, last_day, [&](const std::string& id, const Json& a) {
    if (!round.empty()) {
      Json h = hazard::ReadHazard(reader, id);
      if (!h.is_object() || h.value("campaign", "") != round) return true;
    }
    ++rows[a.value("unit", "")].accountability;
    return true;
  });
  if (!s.ok()) return s;
  // Drop rows for hazards without a known unit and rows with no fact at all
  // (a hazard reported and closed outside the period).
  std::map<std::string, std::vector<double>> rates_by_kind;
  for (auto& [unit, r] : rows) {
    const bool any = r.due || !r.escalations.empty() || r.hazards_found || r.hazards_closed || r.findings || r.accountability;
    if (unit.empty() || !any) continue;
    r.unit = unit;
    r.name = units::DisplayName(reader, unit);
    Json u = units::Find(reader, unit);
    r.kind = u.is_object() ? u.value("kind", "other") : "other";
    rep.total.due += r.due;
    rep.total.done += r.done;
    rep.total.on_time += r.on_time;
    rep.total.undone += r.undone;
    for (const auto& [level, n] : r.escalations) rep.total.escalations[level] += n;
    rep.total.hazards_found += r.hazards_found;
    rep.total.hazards_closed += r.hazards_closed;
    rep.total.findings += r.findings;
    rep.total.deducted_x100 += r.deducted_x100;
    rep.total.accountability += r.accountability;
    if (r.Rate()) rates_by_kind[r.kind].push_back(*r.Rate());
    rep.units.push_back(r);
  }
  rep.total.unit = "_all";
  // Bands per kind: departments, then districts, then the rest.
  std::vector<std::string> kinds;
  for (const char* k : {"department", "district", "sub_district", "office", "other"})
    if (rates_by_kind.count(k)) kinds.push_back(k);
  for (const auto& [k, v] : rates_by_kind)
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
  for (const auto& kind : kinds) {
    const auto& rates = rates_by_kind[kind];
    RateBands b;
    b.kind = kind;
    b.units = static_cast<int64_t>(rates.size());
    double sum = 0;
    for (double x : rates) {
      sum += x;
      // Whole tenths of a percent, so that 0.9 computed as 0.8999… still counts as 90 %.
      const int64_t permille = static_cast<int64_t>(x * 1000 + 0.5);
      if (permille >= 1000) ++b.full;
      else if (permille >= 900) ++b.ninety;
      else if (permille >= 700) ++b.seventy;
      else ++b.below;
    }
    b.average = rates.empty() ? 0 : sum / static_cast<double>(rates.size());
    rep.bands.push_back(b);
  }
  return rep;
}

Json ToJson(const PeriodReport& r) {
  Json units = Json::array();
  for (const auto& row : r.units) units.push_back(RowJson(row));
  Json bands = Json::array();
  for (const auto& b : r.bands)
    bands.push_back(Json{{"kind", b.kind},
                         {"units", b.units},
                         {"average_rate", b.average},
                         {"at_100", b.full},
                         {"at_90", b.ninety},
                         {"at_70", b.seventy},
                         {"below_70", b.below}});
  return Json{{"from", FormatIsoMs(r.from_ms)},
              {"to", FormatIsoMs(r.to_ms)},
              {"round", r.round},
              {"round_title", r.round_title},
              {"units", units},
              {"bands", bands},
              {"total", RowJson(r.total)}};
}

}  // namespace safecity::campaign
