// Verification (核查): stream "verification-<id>". One verification per
// submission of a task: the process manager requests "<task>-<submission>"
// when evidence is submitted.
//
// Commands (schemas/commands/verification.*.json) and who may send them:
//   verification.request   system, office  -> VerificationRequested (desk 资料 or on_site 现场)
//   verification.assign    office          -> VerificationAssigned  (an inspector / expert group)
//   verification.pass      the assigned inspector, office -> VerificationPassed   (核查通过)
//   verification.fail      the assigned inspector, office -> VerificationFailed   (with reasons)
//   verification.withdraw  system, office  -> VerificationWithdrawn (the task was decided otherwise)
// Legal (state, command) pairs come from the MSM table in verification_machine.cc.
// The process manager turns a pass into task.accept and a fail into task.return.
//
// Read models:
//   ver/<id>                 summary
//   vbs/<state>/<id>         verifications by state
//   vbi/<inspector>/<id>     verifications by inspector
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::verification {

std::unique_ptr<Workflow> MakeVerificationWorkflow();

}  // namespace safecity::verification
