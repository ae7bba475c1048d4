// Unit rates (各单位整改情况): for each registered unit, the tasks it leads by
// where they stand, how many are overdue now, and its rectification rate
// (整改率: accepted of assigned), with its membership. The same rows for
// `safecity unit list` and GET /v1/units. Read from the task counters and
// the deadline index (task_views.h), never from every task.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"
#include "workflows/rectification/task_views.h"

namespace safecity::rectification {

struct UnitRate {
  std::string unit;  // the unit's id
  std::string name;
  std::string kind;  // district, department, office, ...
  TaskCounts counts;
  int64_t overdue = 0;                      // open, past the deadline at `now_ms`, not awaiting verification
  std::optional<std::string> member_since;  // 成员资格: from this day, when one is recorded
  std::optional<std::string> left_on;       // up to the day before this one, when the unit left
  // 整改率: accepted of assigned; none when nothing was assigned.
  std::optional<double> rate() const;
};

// Every registered unit, in id order, at `now_ms`.
Result<std::vector<UnitRate>> ReadUnitRates(ReadModelReader& reader, int64_t now_ms);

// One row as `unit list -o json` and GET /v1/units give it: {id, name, kind,
// assigned, open, submitted, accepted, closed, overdue, rate (null when none
// assigned), membership: {since, left_on} (null when not recorded)}.
Json ToJson(const UnitRate& row);

}  // namespace safecity::rectification
