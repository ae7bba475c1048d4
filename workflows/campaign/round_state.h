// InspectionRound (创建评估轮次): the folded state of one round stream
// ("campaign-<id>"), a plain struct decided from and folded in place
// (engine/typed_workflow.h). Before, every event folded into a copy of the
// whole round — its scoring sheet and every finding so far — so recording the
// n-th finding cost as much as the n findings before it.
//
// Its JSON form (ToJson, the snapshot and `safecity show`) has the keys the
// round's state has always had: CampaignCreated's data (campaign_id, title,
// year, sheet, units, phases, escalation), then state, created_at, findings,
// tallies, scores, phase_started, updated_at, and once they happen
// launched_at, closed_at, cancelled_at and cancel_reason, and schedule (the
// plan's stages, 阶段). FromJson(ToJson(r)) == r; keys this build does not
// name are kept in `other` and written back.
//
// The sheet, the ladder, the schedule, the findings and each unit's tally and
// score stay JSON values inside the struct: they are what the scoring rules
// (workflows/scoring/score.h) and the read models take, and they are changed
// in place, never copied whole.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/envelope.h"

namespace safecity::campaign {

struct InspectionRound {
  // The machine's state (campaign_machine.h): "none" before CampaignCreated,
  // then draft, launched, one of the five phases, closed or cancelled.
  std::string state = "none";
  // What CampaignCreated fixes.
  std::string campaign_id;
  std::string title;
  Json year;                         // the plan's year; null when the creating event named none
  Json sheet = Json::object();       // the sheet version scored on: {sheet_id, version, title, items}
  std::vector<std::string> units;    // the units evaluated (被评估单位), resolved ids
  Json phases = Json::object();      // phase -> its deadline (ISO); PhaseRescheduled moves one
  Json escalation = Json::array();   // the ladder for overdue work: [{level, after_days}]
  std::string created_at;
  // What later events change.
  std::string updated_at;
  std::map<std::string, std::string> phase_started;  // phase -> when it started
  std::optional<std::string> launched_at, closed_at, cancelled_at, cancel_reason;
  std::optional<Json> schedule;      // the plan's stages, once set
  Json findings = Json::array();     // FindingRecorded's data each, with withdrawn, recorded_at, recorded_by
  Json tallies = Json::object();     // unit -> {deducted, assessed, findings, vetoes?, zeroed?, ruled?}
  Json scores = Json::object();      // unit -> scoring::ToJson(its score)
  Json other = Json::object();       // keys this build does not name
  // Derived, not in the JSON form: how many findings are not withdrawn.
  int64_t active_findings = 0;

  bool operator==(const InspectionRound& o) const;
  bool operator!=(const InspectionRound& o) const { return !(*this == o); }

  Json ToJson() const;
  static InspectionRound FromJson(const Json& j);  // throws when `j` is not a round's state

  // The sheet's items (an empty array when the sheet names none).
  const Json& items() const;
  // "sheet_id@version", as the round's summary names its sheet.
  std::string sheet_ref() const;
  bool Evaluates(const std::string& unit) const;
};

// Folds one event of the round into `r` (an event type this build does not
// know only moves updated_at, as it always has).
void ApplyRoundEvent(InspectionRound& r, const EventEnvelope& e);

}  // namespace safecity::campaign
