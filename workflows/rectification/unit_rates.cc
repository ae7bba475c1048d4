#include "workflows/rectification/unit_rates.h"

#include "workflows/unit/unit_directory.h"

namespace safecity::rectification {

std::optional<double> UnitRate::rate() const {
  if (counts.assigned == 0) return std::nullopt;
  return static_cast<double>(counts.accepted) / static_cast<double>(counts.assigned);
}

Result<std::vector<UnitRate>> ReadUnitRates(ReadModelReader& reader, int64_t now_ms) {
  auto overdue = CountOverdueByLead(reader, now_ms);
  if (!overdue.ok()) return overdue.status();
  std::vector<UnitRate> rows;
  for (const Json& u : units::All(reader)) {
    UnitRate row;
    row.unit = u.value("id", "");
    row.name = u.value("name", "");
    row.kind = u.value("kind", "");
    row.counts = ReadTaskCounts(reader, row.unit);
    const auto late = overdue.value().find(row.unit);
    row.overdue = late == overdue.value().end() ? 0 : late->second;
    if (u.contains("member_since")) row.member_since = u["member_since"].get<std::string>();
    if (u.contains("left_on")) row.left_on = u["left_on"].get<std::string>();
    rows.push_back(std::move(row));
  }
  return rows;
}

Json ToJson(const UnitRate& row) {
  const TaskCounts& c = row.counts;
  const auto rate = row.rate();
  return Json{{"id", row.unit},
              {"name", row.name},
              {"kind", row.kind},
              {"assigned", c.assigned},
              {"open", c.open},
              {"submitted", c.submitted},
              {"accepted", c.accepted},
              {"closed", c.closed},
              {"overdue", row.overdue},
              {"rate", rate ? Json(*rate) : Json(nullptr)},
              {"membership", {{"since", row.member_since ? Json(*row.member_since) : Json(nullptr)},
                              {"left_on", row.left_on ? Json(*row.left_on) : Json(nullptr)}}}};
}

}  // namespace safecity::rectification
