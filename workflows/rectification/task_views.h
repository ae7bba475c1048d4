// Task views (整改任务读模型): the read models the rectification workflow
// keeps, their keys, and the one way to read a task's summary. No file
// outside this folder spells these keys; the CLI, the HTTP API, the access
// rules and the reactors read a task through ReadTaskSummary.
//
//   task/<id>                 the card: what assignment fixes (task_id, title,
//                             category, lead_unit, cooperating_units,
//                             assigned_at, source, campaign); canonical JSON,
//                             rewritten only when one of those fields changes
//   tst/<id>                  the status: what any event may change (state,
//                             deadline, updated_at, returns, submissions,
//                             extension_pending, escalation); a compact JSON
//                             array with the times in UTC ms (EncodeTaskStatus),
//                             some 60 bytes: the one record every event of the
//                             task rewrites
//   tbu/<unit>/<id>           tasks by unit ("lead" or "coop")
//   tbs/<state>/<id>          tasks by state
//   tpt/<plan task>/<id>      the tracks of a plan's task that several units
//                             carry (source.plan_task, 共同责任) -> lead unit
//   due/<BE64 deadline>/<id>  open tasks ordered by deadline -> lead unit
//   tdp/<id>                  open tasks whose deadline is pending (完成时限待定)
//                             -> lead unit; they never fall due
//   tdl/<BE64 deadline>/<id>  every task with a deadline, open or done, by its
//                             deadline now -> lead unit (a period's due work)
//   tacc/<id>                 when the task was accepted (核查通过), BE64 ms
//   tesc/<BE64 at>/<id>/<level>  each escalation when it happened -> lead unit
//   cnt/<unit>/<metric>       assigned, open, submitted, accepted, closed,
//                             returned, escalated_<level> (escalations ever),
//                             open_at_<level> (open tasks whose escalation now
//                             stands at that level), for the lead unit and
//                             for "_all"
//   rcnt/<round>/<unit>/<metric>  the same for the tasks of one inspection
//                             round (the task's campaign), so that a round's
//                             dashboard counts its own tasks only
//
// The summary a reader gets is the card with the status laid over it: the
// same JSON object, field for field, as the single record kept before the
// split. A store written before the split has whole summaries under task/
// and no tst/: they read the same until the task's next event writes its
// status (and `replay --rebuild` rewrites them all).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"
#include "workflows/rectification/task_machine.h"
#include "workflows/rectification/task_state.h"

namespace safecity::rectification {

// Keys.
inline constexpr const char* kTaskCardPrefix = "task/";
inline constexpr const char* kDuePrefix = "due/";
inline constexpr const char* kDeadlinePendingPrefix = "tdp/";
std::string TaskCardKey(const std::string& task_id);
std::string TaskStatusKey(const std::string& task_id);
std::string TasksByUnitPrefix(const std::string& unit);    // "tbu/<unit>/"
std::string TasksByStatePrefix(const std::string& state);  // "tbs/<state>/"
std::string PlanTracksPrefix(const std::string& plan_task);  // "tpt/<plan task>/"
std::string TaskCounterKey(const std::string& unit, const std::string& metric);
std::string RoundTaskCounterKey(const std::string& round, const std::string& unit, const std::string& metric);
// due/<BE64 deadline ms>/<id>, and the parts of such a key.
std::string DueKey(int64_t deadline_ms, const std::string& task_id);
int64_t DueKeyDeadline(const std::string& key);
std::string DueKeyTask(const std::string& key);

// A period's facts (period_report.h), [from_ms, to_ms): tasks due in it by
// their deadline now (whatever their state), and escalations that happened
// in it; and when a task was accepted. `fn` returns false to stop.
struct DueTask {
  std::string task_id, lead_unit;
  int64_t deadline_ms = 0;
};
Status ForEachDueBetween(ReadModelReader& reader, int64_t from_ms, int64_t to_ms, const std::function<bool(const DueTask&)>& fn);
struct Escalation {
  std::string task_id, lead_unit, level;
  int64_t at_ms = 0;
};
Status ForEachEscalationBetween(ReadModelReader& reader, int64_t from_ms, int64_t to_ms,
                                const std::function<bool(const Escalation&)>& fn);
std::optional<int64_t> AcceptedAt(ReadModelReader& reader, const std::string& task_id);

// The status record.
struct TaskStatus {
  std::string state;
  std::string deadline;
  std::string updated_at;
  int64_t returns = 0;
  int64_t submissions = 0;
  bool extension_pending = false;
  std::string escalation;
};
std::string EncodeTaskStatus(const TaskStatus& s);
std::optional<TaskStatus> DecodeTaskStatus(const std::string& bytes);  // nullopt when damaged

// A task's summary: its card with its status laid over it; null when there
// is no such task or its records cannot be read.
Json ReadTaskSummary(ReadModelReader& reader, const std::string& task_id);
// The same from a card already read (a scan over kTaskCardPrefix).
Json TaskSummaryFromCard(ReadModelReader& reader, const std::string& task_id, const std::string& card);

// Overdue (逾期): open, past its deadline at `now_ms`, and not awaiting
// verification (a submitted task waits on the inspector, not on the unit).
// `summary` is what ReadTaskSummary gives.
bool IsOverdue(const Json& summary, int64_t now_ms);
// Whether the unit leads the task or cooperates on it.
bool InvolvesUnit(const Json& summary, const std::string& unit);

// What the counters say of the tasks a unit leads ("_all": every task).
struct TaskCounts {
  int64_t assigned = 0;
  int64_t open = 0;       // not yet accepted; submitted ones included
  int64_t submitted = 0;  // awaiting verification
  int64_t accepted = 0;   // accepted or closed
  int64_t closed = 0;
  // Open tasks by the escalation level they stand at now (reminder, warning,
  // interview, accountability: the round's ladder names them).
  std::map<std::string, int64_t> open_at_level;
};
// With `round`: the tasks of that inspection round only.
TaskCounts ReadTaskCounts(ReadModelReader& reader, const std::string& unit, const std::string& round = "");

// Overdue tasks (IsOverdue) by lead unit at `now_ms`: the open tasks the
// deadline index holds before now, less those awaiting verification (read
// from the by-state index, one task at a time), so it reads no task of the
// units' own overdue work and its cost follows the overdue entries and the
// submitted tasks, not the number of tasks.
// With `round`: the tasks of that inspection round only (each overdue entry's
// card is read to see its round).
Result<std::map<std::string, int64_t>> CountOverdueByLead(ReadModelReader& reader, int64_t now_ms,
                                                          const std::string& round = "");

// A plan's task that several units carry, each on a track of its own (共同责任):
// its tracks' summaries in id order and the roll-up the office looks at.
struct PlanTracks {
  std::string plan_task;
  Json tracks = Json::array();  // ReadTaskSummary of each track, plus "overdue": bool
  int64_t done = 0;             // accepted or closed
  int64_t open = 0;
  int64_t late = 0;             // overdue at `now_ms` (IsOverdue)
  std::vector<std::string> late_units;
};
// Not found when no track names `plan_task`.
Result<PlanTracks> ListPlanTracks(ReadModelReader& reader, const std::string& plan_task, int64_t now_ms);
// The answer of GET /v1/plan-tasks/{id}/tracks, and back.
Json ToJson(const PlanTracks& p);
PlanTracks PlanTracksFromJson(const Json& answer);

// What the projection needs of a task's state before an event changes it.
struct TaskBefore {
  TaskState state = TaskState::kNone;
  std::optional<int64_t> deadline_ms;  // when open and the deadline is set
  std::string escalation;   // the level an open task stands at ("" when none)
  static TaskBefore Of(const RectificationTask& t);
};

// The read-model changes for one event of a task (part of the workflow's Apply).
void ProjectTask(const TaskBefore& before, const RectificationTask& after, const EventEnvelope& e, ReadModelWriter& w);

}  // namespace safecity::rectification
