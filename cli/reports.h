// Reports over the read models, for the CLI: per-unit counts, task lists,
// one task's detail and a stream's history written for a person.
// `now_ms` decides what counts as overdue; it is the caller's clock (or the
// simulated one of the demo), never read inside deciding or applying.
#pragma once

#include <cstdint>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/table.h"
#include "engine/envelope.h"
#include "engine/status.h"
#include "workflows/rectification/task_views.h"

namespace safecity {
class Store;
}

namespace safecity::cli {

// The name to show for a unit id (its id when unknown).
using UnitNames = std::function<std::string(const std::string& unit_id)>;

// 单位统计: id, name, kind, assigned, open, submitted, accepted, closed, overdue, rate.
Result<Table> UnitReport(Store* store, int64_t now_ms);
// The same table from rows as GET /v1/units gives them (rectification::ToJson).
Table UnitTable(const std::vector<Json>& rows);

// The tracks of a plan's task that several units carry (task tracks):
// one row per unit, and the roll-up (how many done, which late).
struct PlanTrackReport {
  Table table;
  Json rollup;          // {"plan_task","tracks","done","open","late","late_units"}
  std::string summary;  // the roll-up in words, in the current language
};
// From a local store's tracks or a server's (rectification::PlanTracksFromJson).
PlanTrackReport PlanTrackList(const rectification::PlanTracks& tracks, const UnitNames& name_of);

struct TaskFilter {
  std::string unit;   // id; tasks where it is lead or cooperating
  std::string state;  // a state name
  bool open_by_deadline = false;  // open tasks, earliest deadline first
  bool overdue = false;           // open, past deadline, not awaiting verification
  bool extension_pending = false;  // a unit asked for more time and the office has not answered
  size_t limit = 1000;
  size_t offset = 0;  // rows to skip first (the next page: --offset 1000)
};
// `more` (may be null): how many more rows matched past offset + limit, so
// that a list cut short says so.
Result<Table> TaskList(Store* store, const TaskFilter& filter, int64_t now_ms, size_t* more = nullptr);

// The task list's table, a row per task summary the filter matched, in the
// order listed: skips the filter's offset, keeps its limit and counts the
// rest. The local list and the list a server sent (--server) are the same table.
class TaskRows {
 public:
  TaskRows(const TaskFilter& filter, int64_t now_ms);
  void Add(const Json& task_summary, const std::string& lead_unit_name);
  const Table& table() const { return table_; }
  size_t more() const { return more_; }

 private:
  const TaskFilter& filter_;
  int64_t now_ms_;
  Table table_;
  size_t matched_ = 0, more_ = 0;
};

// The task's folded state (aggregate) with its version, or kNotFound.
Result<Json> TaskDetail(Store* store, const std::string& task_id);


// The task detail as field / value rows for people (names, local times,
// evidence), from the folded state with its version: a local store's
// (TaskDetail) or the one a server sent (GET /v1/streams/task-ID/state).
Table TaskDetailTable(const UnitNames& name_of, const Json& task);

// One line per event for people; DescribeEvent says what happened in words.
std::string DescribeEvent(const UnitNames& name_of, const EventEnvelope& e);
// The stream's events up to `until_ms` (all by default), from a local store.
Result<Table> History(Store* store, const std::string& stream, int64_t until_ms = INT64_MAX);
// The same table from events in hand (a server's, GET /v1/streams/{stream}/events).
Table HistoryTable(const std::vector<EventEnvelope>& events, const UnitNames& name_of, int64_t until_ms = INT64_MAX);

// "task-X" stays; a bare task id becomes "task-<id>"; "unit-X" stays.
std::string NormalizeStream(const std::string& s);

// A task's deadline while it is pending: "待定（按照国家确定时间实施）" (from
// its deadline_pending, a summary's or an assignment's).
std::string PendingDeadline(const Json& t);
// A stage's days as one line: "2020-10-01 – 2021-05-31", "– 2019-12-31",
// "2021-08-01 – 待定（…）".
std::string StageDays(const Json& stage);

// A value of the domain's vocabulary in the current language: "major" is
// 重大 in Chinese and "major" in English (grades, levels, kinds, sources).
std::string Term(const std::string& v);
// A task's state as people read it: "accepted 核查通过" (accepted in English).
std::string TaskStateLabel(const std::string& name);

}  // namespace safecity::cli
