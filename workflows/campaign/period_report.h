// 阶段报告 (the period report): what happened in a month, a quarter, a half or
// a year, per unit, as the plans report it (monthly, quarterly, half-yearly,
// yearly) and as Xi'an's 工作进展情况通报 counts it: the tasks due in the
// period, how many were done by its end and how many on time, the completion
// rate and its bands by kind of unit (市级部门 … 19 个达到 100%，6 个达到 90% 以上，
// 3 个达到 70% 以上), work still undone at the end, escalations in the period,
// hazards found and closed in it, deductions recorded in it, accountability
// decisions (问责) made in it.
//
// Only the period's facts count: an escalation of April is not in a Q1
// report, a task due in April not in March's. A task is due in the period by
// its deadline now (after any extension); done when accepted (核查通过) before
// the period ends; on time when accepted by its deadline. One query for the
// CLI (`safecity report period`) and the HTTP API (GET /v1/reports/period);
// it reads the time-ordered indexes of tasks (task_views.h), the hazards and
// the feedback lists, never the log.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::campaign {

struct PeriodRow {
  std::string unit, name, kind;  // id, display name, kind (department, district …)
  int64_t due = 0;               // tasks led whose deadline falls in the period
  int64_t done = 0;              // of those, accepted before the period ended
  int64_t on_time = 0;           // of those, accepted by their deadline
  int64_t undone = 0;            // due and not accepted by the period's end (未按期完成)
  std::map<std::string, int64_t> escalations;  // by level, in the period
  int64_t hazards_found = 0, hazards_closed = 0;
  int64_t findings = 0, deducted_x100 = 0;     // deductions recorded in the period (not withdrawn)
  int64_t accountability = 0;                  // 问责 decided in the period (hazard.record_accountability)
  // done / due, none when nothing was due.
  std::optional<double> Rate() const;
};

// Xi'an's bands of the completion rate for one kind of unit; disjoint, as the
// bulletin counts them (19 + 6 + 3 = 28).
struct RateBands {
  std::string kind;
  int64_t units = 0;     // units of this kind with work due in the period
  double average = 0;    // mean of their rates
  int64_t full = 0;      // at 100 %
  int64_t ninety = 0;    // 90 % or more, below 100 %
  int64_t seventy = 0;   // 70 % or more, below 90 %
  int64_t below = 0;     // below 70 %
};

struct PeriodReport {
  int64_t from_ms = 0, to_ms = 0;  // [from, to)
  std::string round;               // "" for every round and none
  std::string round_title;         // that round's title, "" without one
  std::vector<PeriodRow> units;    // units with any fact in the period, by id
  std::vector<RateBands> bands;    // per kind, departments first
  PeriodRow total;                 // the sums ("_all")
};

// With `round`, only that round's tasks, hazards and deductions.
// A report's period as people write it: its first and last day ("2023-01-01",
// "2023-03-31", the last inclusive), as [from_ms, to_ms) in China. Refusals
// name the field "from" or "to"; the CLI calls them --from and --to.
Result<std::pair<int64_t, int64_t>> ParsePeriod(const std::string& from, const std::string& to);

Result<PeriodReport> ReadPeriodReport(ReadModelReader& reader, int64_t from_ms, int64_t to_ms, const std::string& round = "");

// The answer of GET /v1/reports/period.
Json ToJson(const PeriodReport& r);
// The report back from that answer (a client of the server prints it as a
// local store's).
PeriodReport PeriodReportFromJson(const Json& answer);

}  // namespace safecity::campaign
