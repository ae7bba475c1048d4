// UnitWorkflow: registering member units (成员单位) — departments, districts,
// sub-districts — in streams "unit-<id>", and their dated membership (成员资格):
// a unit is a member from member_since (or from the start) until left_on.
// Commands: unit.register, unit.leave, unit.rejoin (office only).
// Events: UnitRegistered, UnitLeft, UnitRejoined.
// Read models: unit/<id> (with membership_changes), ualias/<name or alias> -> id.
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::units {

std::unique_ptr<Workflow> MakeUnitWorkflow();

}  // namespace safecity::units
