// UnitWorkflow: registering member units (成员单位) — departments, districts,
// sub-districts — in streams "unit-<id>", and their dated membership (成员资格):
// a unit is a member from member_since (or from the start) until left_on.
// Units change (机构改革): another name the documents use for a unit is an
// alias (unit.add_alias, unit.remove_alias); a new name (unit.rename) keeps
// the old one as an alias unless told not to. The id never changes.
// Commands: unit.register, unit.leave, unit.rejoin, unit.add_alias,
// unit.remove_alias, unit.rename (office only).
// Events: UnitRegistered, UnitLeft, UnitRejoined, UnitAliasAdded,
// UnitAliasRemoved, UnitRenamed.
// Read models: unit/<id> (with membership_changes), ualias/<name or alias> -> id.
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::units {

std::unique_ptr<Workflow> MakeUnitWorkflow();

}  // namespace safecity::units
