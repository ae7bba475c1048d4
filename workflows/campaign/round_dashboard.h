// 创建评估看板 (the round dashboard): for each unit the round evaluates, the
// rectification tasks it leads (open, awaiting verification, accepted,
// overdue, open tasks by escalation level) and its score in the round.
//
// One query for the CLI (`safecity campaign dashboard`), the HTTP API
// (GET /v1/rounds/{id}/dashboard) and the reports. It reads counters and the
// deadline index, never every task: its cost follows the number of units
// and the overdue work (tests/bench/scale_load measures it at a million
// open tasks). `now_ms` decides what is overdue; it is the caller's clock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"
#include "workflows/scoring/score.h"

namespace safecity::campaign {

struct DashboardRow {
  std::string unit;  // id
  std::string name;  // display name (名称)
  int64_t tasks = 0;      // led by the unit
  int64_t open = 0;       // not submitted, not accepted
  int64_t submitted = 0;  // awaiting verification (待核查)
  int64_t accepted = 0;   // accepted or closed
  int64_t overdue = 0;    // open and past the deadline at now_ms
  std::map<std::string, int64_t> open_at_level;  // open tasks by escalation level
  std::optional<scoring::UnitScore> score;       // none before the round scores it
};

struct RoundDashboard {
  std::string round;
  int64_t as_of_ms = 0;
  std::vector<DashboardRow> units;  // in unit id order
};

// kNotFound for a round that does not exist. `active_only` leaves out units
// with neither tasks nor findings nor deductions.
Result<RoundDashboard> ReadRoundDashboard(ReadModelReader& reader, const std::string& round, int64_t now_ms,
                                          bool active_only = false);

// The answer of GET /v1/rounds/{id}/dashboard.
Json ToJson(const RoundDashboard& d);
// That answer read back (the CLI with --server); fields it lacks are 0 or none.
RoundDashboard DashboardFromJson(const Json& answer);
// A unit with tasks, findings or deductions in the round (`report dashboard --active`).
bool IsActive(const DashboardRow& row);

}  // namespace safecity::campaign
