// 通报 (a bulletin) for a period, as the campaign office issues them: the
// units whose work due by the period's end was not accepted by then, with the
// highest escalation that work had reached by then, and the hazards closed
// (销号) in the period. Only the period's facts count: a task accepted or
// escalated after the period's end reads as it stood at its end.
//
// Read from the time-ordered task indexes and the hazards' closing index,
// never the log: the same query for `safecity report bulletin` and
// GET /v1/reports/bulletin, whose answer ToJson() is and BulletinFromJson()
// reads back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::campaign {

// A unit with overdue work at the period's end (逾期单位).
struct LateUnit {
  std::string unit, name;       // id and display name
  int64_t overdue = 0;          // tasks it leads due by the end, not accepted by then
  std::string worst;            // the highest escalation level any reached by then, "" for none
  int64_t oldest_deadline_ms = 0;
};

// A hazard closed in the period (销号隐患).
struct ClosedHazard {
  std::string hazard, title, grade;
  std::string unit, unit_name;  // responsible when it was closed
  int64_t closed_at_ms = 0;
  std::string state;            // now: "closed", or "bulletined" once a bulletin named it
};

struct Bulletin {
  int64_t from_ms = 0, to_ms = 0;       // [from, to)
  std::vector<LateUnit> late_units;     // by unit id
  std::vector<ClosedHazard> closed_hazards;  // earliest closed first
  // The closed hazards no bulletin has named yet: those issuing it names.
  std::vector<std::string> NotYetBulletined() const;
};

Result<Bulletin> ReadBulletin(ReadModelReader& reader, int64_t from_ms, int64_t to_ms);

// The answer of GET /v1/reports/bulletin.
Json ToJson(const Bulletin& b);
// The bulletin back from that answer (a client of the server prints it as a
// local store's).
Bulletin BulletinFromJson(const Json& answer);

}  // namespace safecity::campaign
