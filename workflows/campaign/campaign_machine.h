// The campaign / inspection round machine (创建评估轮次), behind a plain header.
// The table is Boost.MSM in campaign_machine.cc.
//
//   none ─create─► draft ─launch─► launched ─start_self_check─► self_check
//   self_check ─start_system_check─► system_check ─start_spot_check─► spot_check
//   spot_check ─start_rectification─► rectification ─start_reporting─► reporting ─close─► closed
//   draft … reporting ─cancel─► cancelled
//   internal: reschedule_phase (draft … reporting: a phase deadline moves, with a reason);
//             record_finding, record_assessment, withdraw_finding (system_check, spot_check:
//             deductions and assessments of the evaluated units; withdraw also in rectification)
#pragma once

namespace safecity {
class Machine;
const Machine& CampaignMachine();
}  // namespace safecity
