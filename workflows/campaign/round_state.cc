#include "workflows/campaign/round_state.h"

#include <stdexcept>

#include "engine/state_keys.h"
#include "engine/time_util.h"
#include "workflows/scoring/score.h"

namespace safecity::campaign {

namespace {

// Every key ToJson writes.
bool IsStateKey(const std::string& k) {
  return IsOneOf(k, {"campaign_id", "title", "year", "sheet", "units", "phases", "escalation", "state", "created_at",
                     "updated_at", "phase_started", "launched_at", "closed_at", "cancelled_at", "cancel_reason",
                     "schedule", "findings", "tallies", "scores"});
}

// What CampaignCreated fixes, from its data or from a state's JSON (which
// has it under the same keys); the keys it does not name go to `other`.
void ReadCreation(const Json& j, InspectionRound* r) {
  r->campaign_id = j.at("campaign_id").get<std::string>();
  r->title = j.at("title").get<std::string>();
  r->year = j.value("year", Json());
  r->sheet = j.at("sheet");
  r->units = j.at("units").get<std::vector<std::string>>();
  r->phases = j.at("phases");
  r->escalation = j.value("escalation", Json::array());
  r->other = OtherKeys(j, IsStateKey);
}

int64_t CountActive(const Json& findings) {
  int64_t n = 0;
  for (const auto& f : findings) n += f.value("withdrawn", false) ? 0 : 1;
  return n;
}

void Rescore(InspectionRound& r, const std::string& unit) {
  r.scores[unit] = scoring::ToJson(scoring::Score(r.items(), r.tallies[unit]));
}

void RecordFinding(InspectionRound& r, const Json& d, const std::string& at, const std::string& by) {
  Json f = d;
  f["withdrawn"] = false;
  f["recorded_at"] = at;
  f["recorded_by"] = by;
  const std::string unit = d.at("unit"), item = d.at("item");
  const int64_t points = d.at("points_x100").get<int64_t>();
  Json& rec = r.tallies[unit];
  rec["deducted"][item] = rec["deducted"].value(item, int64_t{0}) + points;
  rec["findings"] = rec["findings"].get<int64_t>() + 1;
  if (d.value("veto", false)) rec["vetoes"] = rec.value("vetoes", int64_t{0}) + 1;  // 一票否决
  if (scoring::ZeroesWholeItem(r.items(), d)) {
    if (!rec.contains("zeroed")) rec["zeroed"] = Json::object();
    rec["zeroed"][item] = rec["zeroed"].value(item, int64_t{0}) + 1;
  }
  if (d.contains("rule")) {
    const std::string rule = d["rule"];
    if (!rec.contains("ruled")) rec["ruled"] = Json::object();
    rec["ruled"][rule] = rec["ruled"].value(rule, int64_t{0}) + points;
  }
  r.findings.push_back(std::move(f));
  ++r.active_findings;
  Rescore(r, unit);
}

void WithdrawFinding(InspectionRound& r, const Json& d) {
  Json& f = r.findings.at(d.at("finding").get<size_t>() - 1);
  f["withdrawn"] = true;
  f["withdraw_reason"] = d.at("reason");
  const std::string unit = f["unit"], item = f["item"];
  const int64_t points = f["points_x100"].get<int64_t>();
  Json& rec = r.tallies[unit];
  rec["deducted"][item] = rec["deducted"][item].get<int64_t>() - points;
  rec["findings"] = rec["findings"].get<int64_t>() - 1;
  if (f.contains("rule")) {
    const std::string rule = f["rule"];
    rec["ruled"][rule] = rec["ruled"][rule].get<int64_t>() - points;
  }
  if (f.value("veto", false)) {
    rec["vetoes"] = rec.value("vetoes", int64_t{1}) - 1;
    if (rec["vetoes"] == 0) rec.erase("vetoes");
  }
  if (scoring::ZeroesWholeItem(r.items(), f)) {
    Json& zeroed = rec["zeroed"];
    zeroed[item] = zeroed.value(item, int64_t{1}) - 1;
    if (zeroed[item] == 0) zeroed.erase(item);
    if (zeroed.empty()) rec.erase("zeroed");
  }
  --r.active_findings;
  Rescore(r, unit);
}

}  // namespace

bool InspectionRound::operator==(const InspectionRound& o) const {
  return state == o.state && campaign_id == o.campaign_id && title == o.title && year == o.year && sheet == o.sheet &&
         units == o.units && phases == o.phases && escalation == o.escalation && created_at == o.created_at &&
         updated_at == o.updated_at && phase_started == o.phase_started && launched_at == o.launched_at &&
         closed_at == o.closed_at && cancelled_at == o.cancelled_at && cancel_reason == o.cancel_reason &&
         schedule == o.schedule && findings == o.findings && tallies == o.tallies && scores == o.scores &&
         other == o.other && active_findings == o.active_findings;
}

Json InspectionRound::ToJson() const {
  if (state == "none") return Json();
  Json j = other;
  j["campaign_id"] = campaign_id;
  j["title"] = title;
  if (!year.is_null()) j["year"] = year;
  j["sheet"] = sheet;
  j["units"] = units;
  j["phases"] = phases;
  j["escalation"] = escalation;
  j["state"] = state;
  j["created_at"] = created_at;
  j["updated_at"] = updated_at;
  j["phase_started"] = phase_started;
  for (const auto& [key, value] : {std::pair<const char*, const std::optional<std::string>*>{"launched_at", &launched_at},
                                   {"closed_at", &closed_at},
                                   {"cancelled_at", &cancelled_at},
                                   {"cancel_reason", &cancel_reason}})
    if (*value) j[key] = **value;
  if (schedule) j["schedule"] = *schedule;
  j["findings"] = findings;
  j["tallies"] = tallies;
  j["scores"] = scores;
  return j;
}

InspectionRound InspectionRound::FromJson(const Json& j) {
  InspectionRound r;
  if (j.is_null()) return r;
  if (!j.is_object() || !j.contains("state") || j["state"] == "none")
    throw std::invalid_argument("round state: not an inspection round's state: " + j.dump().substr(0, 200));
  ReadCreation(j, &r);
  r.state = j.at("state").get<std::string>();
  r.created_at = j.value("created_at", "");
  r.updated_at = j.value("updated_at", "");
  r.phase_started = j.value("phase_started", Json::object()).get<std::map<std::string, std::string>>();
  r.launched_at = OptionalText(j, "launched_at");
  r.closed_at = OptionalText(j, "closed_at");
  r.cancelled_at = OptionalText(j, "cancelled_at");
  r.cancel_reason = OptionalText(j, "cancel_reason");
  if (j.contains("schedule")) r.schedule = j["schedule"];
  r.findings = j.value("findings", Json::array());
  r.tallies = j.value("tallies", Json::object());
  r.scores = j.value("scores", Json::object());
  r.active_findings = CountActive(r.findings);
  return r;
}

const Json& InspectionRound::items() const {
  static const Json kNone = Json::array();
  const auto it = sheet.find("items");
  return it == sheet.end() ? kNone : *it;
}

std::string InspectionRound::sheet_ref() const {
  return sheet.value("sheet_id", "") + "@" + sheet.value("version", "");
}

bool InspectionRound::Evaluates(const std::string& unit) const {
  for (const auto& u : units)
    if (u == unit) return true;
  return false;
}

void ApplyRoundEvent(InspectionRound& r, const EventEnvelope& e) {
  const Json& d = e.data;
  const std::string at = FormatIsoMs(e.occurred_at);
  if (e.type == "CampaignCreated") {
    InspectionRound fresh;
    ReadCreation(d, &fresh);
    fresh.state = "draft";
    fresh.created_at = at;
    for (const auto& u : fresh.units) {
      fresh.tallies[u] = Json{{"deducted", Json::object()}, {"assessed", Json::object()}, {"findings", 0}};
      Rescore(fresh, u);
    }
    r = std::move(fresh);
  } else if (e.type == "CampaignLaunched") {
    r.state = "launched";
    r.launched_at = at;
  } else if (e.type == "PhaseStarted") {
    r.state = d.at("phase").get<std::string>();
    r.phase_started[r.state] = at;
  } else if (e.type == "CampaignClosed") {
    r.state = "closed";
    r.closed_at = at;
  } else if (e.type == "CampaignCancelled") {
    r.state = "cancelled";
    r.cancelled_at = at;
    r.cancel_reason = d.at("reason").get<std::string>();
  } else if (e.type == "PhaseRescheduled") {
    r.phases[d.at("phase").get<std::string>()] = d.at("deadline");
  } else if (e.type == "ScheduleSet") {
    r.schedule = d.at("stages");
  } else if (e.type == "StageMoved") {
    if (r.schedule)
      for (auto& stage : *r.schedule)
        if (stage["name"] == d.at("stage"))
          for (const char* key : {"starts", "ends", "ends_pending"}) stage[key] = d.value(key, Json());
  } else if (e.type == "FindingRecorded") {
    RecordFinding(r, d, at, e.actor.id);
  } else if (e.type == "FindingWithdrawn") {
    WithdrawFinding(r, d);
  } else if (e.type == "AssessmentRecorded") {
    const std::string unit = d.at("unit");
    r.tallies[unit]["assessed"][d.at("item").get<std::string>()] = d.at("points_x100");
    Rescore(r, unit);
  }
  r.updated_at = at;
}

}  // namespace safecity::campaign
