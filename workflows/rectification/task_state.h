// RectificationTask (整改任务): the folded state of one task stream, a plain
// struct decided from and folded in place (engine/typed_workflow.h).
//
// Its JSON form (ToJson, the snapshot and `safecity show`) has the keys the
// task's state has always had: the assignment's fields, then state,
// assigned_at, updated_at, original_deadline, extension_request, plan,
// evidence, submissions, returns, extensions, last_return_reasons,
// escalation_level, escalation, and once they happen acknowledged_by,
// submitted_at, accepted_at, closed_at. FromJson(ToJson(t)) == t; keys this
// build does not name (from an assignment or a snapshot of another build)
// are kept in `other` and written back.
//
// A deadline may be pending (完成时限待定): the plan says it will be set later
// (按照国家确定时间实施). Then `deadline` is "", `deadline_pending` says why,
// the task is never overdue, and task.set_deadline (DeadlineSet) gives it one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "workflows/rectification/task_machine.h"

namespace safecity::rectification {

struct RectificationTask {
  TaskState state = TaskState::kNone;
  // What the assignment (交办) fixes.
  std::string task_id;
  std::string title;
  std::string description;
  std::string category;
  std::string lead_unit;                       // 牵头单位
  std::vector<std::string> cooperating_units;  // 配合单位
  std::optional<std::string> campaign;         // the round; none for a task outside any round
  Json source;                                 // where it came from: {"kind": "manual" | "hazard" | ...}
  std::string original_deadline;               // ISO text, as the assignment gave it
  int64_t assigned_at = 0;                     // UTC ms
  // What later events change.
  std::string deadline;          // ISO text, "" while pending; moved by DeadlineSet or a granted extension
  std::optional<int64_t> deadline_ms;  // the same as UTC ms, when it reads as a time
  std::string deadline_pending;  // why there is no deadline yet, "" once there is one
  int64_t updated_at = 0;        // UTC ms of the last event
  Json extension_request;        // null, or the pending ExtensionRequested's data
  Json plan;                     // null, or the RectificationPlanSubmitted's data (整改方案)
  Json evidence = Json::array();  // the last submission's items (schema version 2)
  int64_t submissions = 0;
  int64_t returns = 0;
  int64_t extensions = 0;
  Json last_return_reasons = Json::array();
  int64_t escalation_level = 0;  // 0: not escalated
  std::string escalation;        // the level's name, "" when not escalated
  std::optional<std::string> acknowledged_by;
  std::optional<int64_t> submitted_at, accepted_at, closed_at;
  Json other = Json::object();  // keys this build does not name

  bool operator==(const RectificationTask& o) const;
  bool operator!=(const RectificationTask& o) const { return !(*this == o); }

  // Sets the deadline's text and its ms, parsed once here for every event
  // and view that orders or compares by it.
  void SetDeadline(std::string iso);
  // The deadline as UTC ms; throws when it is not a time (the workflow
  // normalises every deadline it accepts; check HasDeadline first).
  int64_t DeadlineMs() const;
  bool HasDeadline() const { return deadline_ms.has_value(); }
  bool IsResponsible(const std::string& unit) const;
  Json ToJson() const;
  static RectificationTask FromJson(const Json& j);  // throws when `j` is not a task's state
};

// Folds one event of the task into `t` (an event type this build does not
// know only moves updated_at, as it always has).
void ApplyTaskEvent(RectificationTask& t, const EventEnvelope& e);

}  // namespace safecity::rectification
