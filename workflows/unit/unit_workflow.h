// UnitWorkflow: registering member units (成员单位) — departments, districts,
// sub-districts — in streams "unit-<id>". Command: unit.register.
// Event: UnitRegistered. Read models: unit/<id>, ualias/<name or alias> -> id.
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::units {

std::unique_ptr<Workflow> MakeUnitWorkflow();

}  // namespace safecity::units
