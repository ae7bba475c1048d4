#include "workflows/hazard/hazard_state.h"

#include <stdexcept>

#include "engine/state_keys.h"
#include "engine/time_util.h"

namespace safecity::hazard {

namespace {

// Every key ToJson writes.
bool IsStateKey(const std::string& k) {
  return IsOneOf(k, {"hazard_id", "title", "description", "source", "location", "unit", "campaign", "state",
                     "reported_at", "reported_by", "grade", "task_id", "updated_at", "cooperating_units",
                     "deadline", "confirmed_at", "dismiss_reason", "listed_at", "rectified_at", "closed_at",
                     "bulletin_id", "exposures", "accountability"});
}

// What the report fixes, from HazardReported's data or from a state's JSON
// (which has it under the same keys); the keys it does not name go to `other`.
void ReadReport(const Json& j, Hazard* h) {
  h->hazard_id = j.at("hazard_id").get<std::string>();
  h->title = j.value("title", "");
  h->description = j.value("description", "");
  h->source = j.value("source", "");
  h->location = j.value("location", "");
  h->unit = j.value("unit", "");
  h->campaign = j.value("campaign", "");
  h->other = OtherKeys(j, IsStateKey);
}

}  // namespace

bool Hazard::operator==(const Hazard& o) const {
  return state == o.state && hazard_id == o.hazard_id && title == o.title && description == o.description &&
         source == o.source && location == o.location && unit == o.unit && campaign == o.campaign &&
         reported_at == o.reported_at && reported_by == o.reported_by && grade == o.grade && task_id == o.task_id &&
         updated_at == o.updated_at && cooperating_units == o.cooperating_units && deadline == o.deadline &&
         confirmed_at == o.confirmed_at && dismiss_reason == o.dismiss_reason && listed_at == o.listed_at &&
         rectified_at == o.rectified_at && closed_at == o.closed_at && bulletin_id == o.bulletin_id &&
         exposures == o.exposures && accountability == o.accountability && other == o.other;
}

Json Hazard::ToJson() const {
  if (state == "none") return Json();
  Json j = other;
  j["hazard_id"] = hazard_id;
  j["title"] = title;
  j["description"] = description;
  j["source"] = source;
  j["location"] = location;
  j["unit"] = unit;
  j["campaign"] = campaign;
  j["state"] = state;
  j["reported_at"] = reported_at;
  j["reported_by"] = reported_by;
  j["grade"] = grade;
  j["task_id"] = task_id;
  j["updated_at"] = updated_at;
  if (cooperating_units) j["cooperating_units"] = *cooperating_units;
  for (const auto& [key, value] : {std::pair<const char*, const std::optional<std::string>*>{"deadline", &deadline},
                                   {"confirmed_at", &confirmed_at},
                                   {"dismiss_reason", &dismiss_reason},
                                   {"listed_at", &listed_at},
                                   {"rectified_at", &rectified_at},
                                   {"closed_at", &closed_at},
                                   {"bulletin_id", &bulletin_id}})
    if (*value) j[key] = **value;
  if (!exposures.empty()) j["exposures"] = exposures;
  if (!accountability.empty()) j["accountability"] = accountability;
  return j;
}

Hazard Hazard::FromJson(const Json& j) {
  Hazard h;
  if (j.is_null()) return h;
  if (!j.is_object() || !j.contains("state") || j["state"] == "none")
    throw std::invalid_argument("hazard state: not a hazard's state: " + j.dump().substr(0, 200));
  ReadReport(j, &h);
  h.state = j.at("state").get<std::string>();
  h.reported_at = j.value("reported_at", "");
  h.reported_by = j.value("reported_by", "");
  h.grade = j.value("grade", "");
  h.task_id = j.value("task_id", "");
  h.updated_at = j.value("updated_at", "");
  if (j.contains("cooperating_units")) h.cooperating_units = j["cooperating_units"].get<std::vector<std::string>>();
  h.deadline = OptionalText(j, "deadline");
  h.confirmed_at = OptionalText(j, "confirmed_at");
  h.dismiss_reason = OptionalText(j, "dismiss_reason");
  h.listed_at = OptionalText(j, "listed_at");
  h.rectified_at = OptionalText(j, "rectified_at");
  h.closed_at = OptionalText(j, "closed_at");
  h.bulletin_id = OptionalText(j, "bulletin_id");
  h.exposures = j.value("exposures", Json::array());
  h.accountability = j.value("accountability", Json::array());
  return h;
}

void ApplyHazardEvent(Hazard& h, const EventEnvelope& e) {
  const Json& d = e.data;
  const std::string at = FormatIsoMs(e.occurred_at);
  if (e.type == "HazardReported") {
    Hazard fresh;
    ReadReport(d, &fresh);
    fresh.state = "reported";
    fresh.reported_at = at;
    fresh.reported_by = e.actor.id;
    h = std::move(fresh);
  } else if (e.type == "HazardConfirmed") {
    h.state = "confirmed";
    h.grade = d.at("grade").get<std::string>();
    h.unit = d.at("unit").get<std::string>();
    h.cooperating_units = d.at("cooperating_units").get<std::vector<std::string>>();
    h.deadline = d.at("deadline").get<std::string>();
    h.confirmed_at = at;
  } else if (e.type == "HazardDismissed") {
    h.state = "dismissed";
    h.dismiss_reason = d.at("reason").get<std::string>();
  } else if (e.type == "HazardAssigned") {
    h.state = "assigned";
    h.task_id = d.at("task_id").get<std::string>();
  } else if (e.type == "HazardListed") {
    h.state = "listed";
    h.listed_at = at;
  } else if (e.type == "HazardRectified") {
    h.state = "rectified";
    h.rectified_at = at;
  } else if (e.type == "HazardClosed") {
    h.state = "closed";
    h.closed_at = at;
  } else if (e.type == "HazardExposed") {
    h.exposures.push_back(d);  // the step beside the state: 暗访 → 曝光 → 交办 …
  } else if (e.type == "AccountabilityRecorded") {
    h.accountability.push_back(d);
  } else if (e.type == "HazardBulletined") {
    h.state = "bulletined";
    h.bulletin_id = d.at("bulletin_id").get<std::string>();
  }
  h.updated_at = at;
}

}  // namespace safecity::hazard
