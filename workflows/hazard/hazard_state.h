// Hazard (隐患): the folded state of one hazard stream, a plain struct
// decided from and folded in place (engine/typed_workflow.h).
//
// Its JSON form (ToJson, the snapshot and `safecity show`) has the keys the
// hazard's state has always had: the report's fields (hazard_id, title,
// description, source, location, unit, campaign), then state, reported_at,
// reported_by, grade, task_id, updated_at, and once they happen
// cooperating_units, deadline and confirmed_at (confirmation), dismiss_reason,
// listed_at, rectified_at, closed_at, bulletin_id, exposures (曝光) and
// accountability (问责) once there is one. Times are kept as the ISO
// text the state has always held. FromJson(ToJson(h)) == h; keys this build
// does not name are kept in `other` and written back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/envelope.h"

namespace safecity::hazard {

struct Hazard {
  // The machine's state (hazard_machine.h): "none" before the report.
  std::string state = "none";
  // What the report (上报) fixes.
  std::string hazard_id;
  std::string title;
  std::string description;
  std::string source;    // 来源: unannounced_inspection, inspection_round, self_inspection, ...
  std::string location;
  std::string unit;      // the responsible unit (责任单位); confirmation may name another
  std::string campaign;  // the round it was found in, "" outside any
  std::string reported_at;
  std::string reported_by;
  // What later events change.
  std::string grade;    // "" until confirmed: general (一般) | major (重大)
  std::string task_id;  // the rectification task it became, "" until assigned
  std::string updated_at;
  std::optional<std::vector<std::string>> cooperating_units;  // 配合单位, from confirmation
  std::optional<std::string> deadline, confirmed_at, dismiss_reason, listed_at, rectified_at, closed_at, bulletin_id;
  Json exposures = Json::array();       // 曝光: each HazardExposed's data, in order
  Json accountability = Json::array();  // 问责: each AccountabilityRecorded's data, in order
  Json other = Json::object();  // keys this build does not name

  bool operator==(const Hazard& o) const;
  bool operator!=(const Hazard& o) const { return !(*this == o); }

  Json ToJson() const;
  static Hazard FromJson(const Json& j);  // throws when `j` is not a hazard's state
};

// Folds one event of the hazard into `h` (an event type this build does not
// know only moves updated_at, as it always has).
void ApplyHazardEvent(Hazard& h, const EventEnvelope& e);

}  // namespace safecity::hazard
