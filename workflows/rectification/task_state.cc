#include "workflows/rectification/task_state.h"

#include <unordered_map>

#include "engine/state_keys.h"
#include "engine/time_util.h"
#include "workflows/common.h"

namespace safecity::rectification {

namespace {

enum class TaskEvent {
  kAssigned,
  kAcknowledged,
  kPlanSubmitted,
  kStarted,
  kEvidenceSubmitted,
  kAccepted,
  kReturned,
  kClosed,
  kExtensionRequested,
  kExtensionGranted,
  kExtensionRefused,
  kEscalated,
  kDeadlineSet,
};

std::optional<TaskEvent> TaskEventOf(const std::string& type) {
  static const auto* by_name = new std::unordered_map<std::string, TaskEvent>{
      {"TaskAssigned", TaskEvent::kAssigned},
      {"TaskAcknowledged", TaskEvent::kAcknowledged},
      {"RectificationPlanSubmitted", TaskEvent::kPlanSubmitted},
      {"RectificationStarted", TaskEvent::kStarted},
      {"EvidenceSubmitted", TaskEvent::kEvidenceSubmitted},
      {"TaskAccepted", TaskEvent::kAccepted},
      {"TaskReturned", TaskEvent::kReturned},
      {"TaskClosed", TaskEvent::kClosed},
      {"ExtensionRequested", TaskEvent::kExtensionRequested},
      {"ExtensionGranted", TaskEvent::kExtensionGranted},
      {"ExtensionRefused", TaskEvent::kExtensionRefused},
      {"TaskEscalated", TaskEvent::kEscalated},
      {"DeadlineSet", TaskEvent::kDeadlineSet},
  };
  auto it = by_name->find(type);
  if (it == by_name->end()) return std::nullopt;
  return it->second;
}

// The keys of the assignment's data the struct names.
bool IsAssignmentKey(const std::string& k) {
  static const char* const kKeys[] = {"task_id", "title",    "description", "category", "lead_unit",
                                      "cooperating_units", "campaign", "source", "deadline", "deadline_pending"};
  for (const char* key : kKeys)
    if (k == key) return true;
  return false;
}

// Every key ToJson writes.
bool IsStateKey(const std::string& k) {
  return IsAssignmentKey(k) || IsOneOf(k, {"state", "assigned_at", "updated_at", "original_deadline",
                                           "extension_request", "plan", "evidence", "submissions", "returns",
                                           "extensions", "last_return_reasons", "escalation_level", "escalation",
                                           "acknowledged_by", "submitted_at", "accepted_at", "closed_at"});
}

// The fields the assignment fixes, from its event's data or from a state's
// JSON (which has them under the same keys).
void ReadAssignment(const Json& j, RectificationTask* t) {
  t->task_id = j.at("task_id").get<std::string>();
  t->title = j.value("title", "");
  t->description = j.value("description", "");
  t->category = j.value("category", "");
  t->lead_unit = j.at("lead_unit").get<std::string>();
  t->cooperating_units = j.value("cooperating_units", std::vector<std::string>{});
  if (j.contains("campaign")) t->campaign = j["campaign"].get<std::string>();
  t->source = j.value("source", Json());
  t->SetDeadline(j.value("deadline", ""));
  t->deadline_pending = j.value("deadline_pending", "");
  t->other = OtherKeys(j, IsStateKey);
}


}  // namespace

bool RectificationTask::operator==(const RectificationTask& o) const {
  return state == o.state && task_id == o.task_id && title == o.title && description == o.description &&
         category == o.category && lead_unit == o.lead_unit && cooperating_units == o.cooperating_units &&
         campaign == o.campaign && source == o.source && original_deadline == o.original_deadline &&
         assigned_at == o.assigned_at && deadline == o.deadline && deadline_ms == o.deadline_ms &&
         deadline_pending == o.deadline_pending &&
         updated_at == o.updated_at && extension_request == o.extension_request && plan == o.plan &&
         evidence == o.evidence && submissions == o.submissions && returns == o.returns && extensions == o.extensions &&
         last_return_reasons == o.last_return_reasons && escalation_level == o.escalation_level &&
         escalation == o.escalation && acknowledged_by == o.acknowledged_by && submitted_at == o.submitted_at &&
         accepted_at == o.accepted_at && closed_at == o.closed_at && other == o.other;
}

void RectificationTask::SetDeadline(std::string iso) {
  deadline = std::move(iso);
  deadline_ms = ParseIsoMs(deadline);
}

int64_t RectificationTask::DeadlineMs() const {
  if (!deadline_ms) throw std::invalid_argument("task deadline '" + deadline + "' is not a time");
  return *deadline_ms;
}

bool RectificationTask::IsResponsible(const std::string& unit) const {
  if (lead_unit == unit) return true;
  for (const auto& u : cooperating_units)
    if (u == unit) return true;
  return false;
}

Json RectificationTask::ToJson() const {
  if (state == TaskState::kNone) return Json();
  Json j = other;
  j["task_id"] = task_id;
  j["title"] = title;
  j["description"] = description;
  j["category"] = category;
  j["lead_unit"] = lead_unit;
  j["cooperating_units"] = cooperating_units;
  if (campaign) j["campaign"] = *campaign;
  j["source"] = source;
  j["deadline"] = deadline;
  if (!deadline_pending.empty()) j["deadline_pending"] = deadline_pending;
  j["state"] = Name(state);
  j["assigned_at"] = FormatIsoMs(assigned_at);
  j["updated_at"] = FormatIsoMs(updated_at);
  j["original_deadline"] = original_deadline;
  j["extension_request"] = extension_request;
  j["plan"] = plan;
  j["evidence"] = evidence;
  j["submissions"] = submissions;
  j["returns"] = returns;
  j["extensions"] = extensions;
  j["last_return_reasons"] = last_return_reasons;
  j["escalation_level"] = escalation_level;
  j["escalation"] = escalation;
  if (acknowledged_by) j["acknowledged_by"] = *acknowledged_by;
  if (submitted_at) j["submitted_at"] = FormatIsoMs(*submitted_at);
  if (accepted_at) j["accepted_at"] = FormatIsoMs(*accepted_at);
  if (closed_at) j["closed_at"] = FormatIsoMs(*closed_at);
  return j;
}

RectificationTask RectificationTask::FromJson(const Json& j) {
  RectificationTask t;
  if (j.is_null()) return t;
  auto state = TaskStateFromName(j.at("state").get<std::string>());
  if (!state || *state == TaskState::kNone) throw std::invalid_argument("task state: unknown state " + j.at("state").dump());
  t.state = *state;
  ReadAssignment(j, &t);
  t.original_deadline = j.value("original_deadline", t.deadline);
  t.assigned_at = StateTimeMs(j, "assigned_at", "task state");
  t.updated_at = StateTimeMs(j, "updated_at", "task state");
  t.extension_request = j.value("extension_request", Json());
  t.plan = j.value("plan", Json());
  t.evidence = j.value("evidence", Json::array());
  t.submissions = j.value("submissions", int64_t{0});
  t.returns = j.value("returns", int64_t{0});
  t.extensions = j.value("extensions", int64_t{0});
  t.last_return_reasons = j.value("last_return_reasons", Json::array());
  t.escalation_level = j.value("escalation_level", int64_t{0});
  t.escalation = j.value("escalation", "");
  if (j.contains("acknowledged_by")) t.acknowledged_by = j["acknowledged_by"].get<std::string>();
  if (j.contains("submitted_at")) t.submitted_at = StateTimeMs(j, "submitted_at", "task state");
  if (j.contains("accepted_at")) t.accepted_at = StateTimeMs(j, "accepted_at", "task state");
  if (j.contains("closed_at")) t.closed_at = StateTimeMs(j, "closed_at", "task state");
  return t;
}

void ApplyTaskEvent(RectificationTask& t, const EventEnvelope& e) {
  const Json& d = e.data;
  t.updated_at = e.occurred_at;
  auto kind = TaskEventOf(e.type);
  if (!kind) return;
  switch (*kind) {
    case TaskEvent::kAssigned: {
      RectificationTask fresh;
      fresh.state = TaskState::kAssigned;
      ReadAssignment(d, &fresh);
      fresh.original_deadline = fresh.deadline;
      fresh.assigned_at = e.occurred_at;
      fresh.updated_at = e.occurred_at;
      t = std::move(fresh);
      break;
    }
    case TaskEvent::kAcknowledged:
      t.state = TaskState::kAcknowledged;
      t.acknowledged_by = e.actor.id;
      break;
    case TaskEvent::kPlanSubmitted:
      t.state = TaskState::kPlanSubmitted;
      t.plan = d;
      break;
    case TaskEvent::kStarted:
      t.state = TaskState::kInProgress;
      break;
    case TaskEvent::kEvidenceSubmitted:
      t.state = TaskState::kSubmitted;
      t.evidence = d.at("evidence");
      t.submissions = d.at("submission").get<int64_t>();
      t.submitted_at = e.occurred_at;
      break;
    case TaskEvent::kAccepted:
      t.state = TaskState::kAccepted;
      t.accepted_at = e.occurred_at;
      break;
    case TaskEvent::kReturned:
      t.state = TaskState::kInProgress;
      t.returns = d.at("returns").get<int64_t>();
      t.last_return_reasons = d.at("reasons");
      break;
    case TaskEvent::kClosed:
      t.state = TaskState::kClosed;
      t.closed_at = e.occurred_at;
      break;
    case TaskEvent::kExtensionRequested:
      t.extension_request = d;
      break;
    case TaskEvent::kExtensionGranted:
      t.SetDeadline(d.at("new_deadline").get<std::string>());
      t.extension_request = nullptr;
      ++t.extensions;
      t.escalation_level = 0;  // a new deadline: not overdue any more
      t.escalation.clear();
      break;
    case TaskEvent::kDeadlineSet:
      t.SetDeadline(d.at("deadline").get<std::string>());
      t.deadline_pending.clear();
      if (t.original_deadline.empty()) t.original_deadline = t.deadline;  // the first deadline it had
      break;
    case TaskEvent::kExtensionRefused:
      t.extension_request = nullptr;
      break;
    case TaskEvent::kEscalated:
      t.escalation_level = d.at("level_no").get<int64_t>();
      t.escalation = d.at("level").get<std::string>();
      break;
  }
}

}  // namespace safecity::rectification
