#include "workflows/verification/verification_state.h"

#include <stdexcept>

#include "engine/state_keys.h"
#include "engine/time_util.h"

namespace safecity::verification {

namespace {

// Every key ToJson writes.
bool IsStateKey(const std::string& k) {
  return IsOneOf(k, {"verification_id", "task_id", "submission", "mode", "state", "requested_at", "inspector",
                     "outcome", "updated_at", "assigned_at", "decided_at"});
}

// What the request fixes, from VerificationRequested's data or from a
// state's JSON (which has it under the same keys).
void ReadRequest(const Json& j, Verification* v) {
  v->verification_id = j.at("verification_id").get<std::string>();
  v->task_id = j.at("task_id").get<std::string>();
  v->submission = j.at("submission").get<int64_t>();
  v->mode = j.at("mode").get<std::string>();
  v->other = OtherKeys(j, IsStateKey);
}

}  // namespace

bool Verification::operator==(const Verification& o) const {
  return state == o.state && verification_id == o.verification_id && task_id == o.task_id &&
         submission == o.submission && mode == o.mode && requested_at == o.requested_at && inspector == o.inspector &&
         outcome == o.outcome && updated_at == o.updated_at && assigned_at == o.assigned_at &&
         decided_at == o.decided_at && other == o.other;
}

Json Verification::ToJson() const {
  if (state == "none") return Json();
  Json j = other;
  j["verification_id"] = verification_id;
  j["task_id"] = task_id;
  j["submission"] = submission;
  j["mode"] = mode;
  j["state"] = state;
  j["requested_at"] = requested_at;
  j["inspector"] = inspector;
  j["outcome"] = outcome;
  j["updated_at"] = updated_at;
  if (assigned_at) j["assigned_at"] = *assigned_at;
  if (decided_at) j["decided_at"] = *decided_at;
  return j;
}

Verification Verification::FromJson(const Json& j) {
  Verification v;
  if (j.is_null()) return v;
  if (!j.is_object() || !j.contains("state") || j["state"] == "none")
    throw std::invalid_argument("verification state: not a verification's state: " + j.dump().substr(0, 200));
  ReadRequest(j, &v);
  v.state = j.at("state").get<std::string>();
  v.requested_at = j.value("requested_at", "");
  v.inspector = j.value("inspector", "");
  v.outcome = j.value("outcome", Json::object());
  v.updated_at = j.value("updated_at", "");
  if (j.contains("assigned_at")) v.assigned_at = j["assigned_at"].get<std::string>();
  if (j.contains("decided_at")) v.decided_at = j["decided_at"].get<std::string>();
  return v;
}

void ApplyVerificationEvent(Verification& v, const EventEnvelope& e) {
  const Json& d = e.data;
  const std::string at = FormatIsoMs(e.occurred_at);
  if (e.type == "VerificationRequested") {
    Verification fresh;
    ReadRequest(d, &fresh);
    fresh.state = "requested";
    fresh.requested_at = at;
    v = std::move(fresh);
  } else if (e.type == "VerificationAssigned") {
    v.state = "assigned";
    v.inspector = d.at("inspector").get<std::string>();
    v.mode = d.at("mode").get<std::string>();
    v.assigned_at = at;
  } else if (e.type == "VerificationPassed") {
    v.state = "passed";
    v.outcome = Json{{"comment", d.at("comment")}, {"by", e.actor.id}};
    v.decided_at = at;
  } else if (e.type == "VerificationFailed") {
    v.state = "failed";
    v.outcome = Json{{"reasons", d.at("reasons")}, {"by", e.actor.id}};
    v.decided_at = at;
  } else if (e.type == "VerificationWithdrawn") {
    v.state = "withdrawn";
    v.outcome = Json{{"reason", d.at("reason")}};
  }
  v.updated_at = at;
}

}  // namespace safecity::verification
