// Hazard (隐患): stream "hazard-<id>".
//
// Commands (schemas/commands/hazard.*.json) and who may send them:
//   hazard.report          office, inspector, unit -> HazardReported   (暗访, 检查, 系统核查, 自查, 监测报警, 群众举报)
//   hazard.confirm         office            -> HazardConfirmed  (一般 general / 重大 major, responsible unit, deadline)
//   hazard.dismiss         office            -> HazardDismissed
//   hazard.assign          system            -> HazardAssigned   (the process manager links the task it opened)
//   hazard.list            system, office    -> HazardListed     (挂牌督办, major hazards only)
//   hazard.mark_rectified  system            -> HazardRectified  (its task passed verification)
//   hazard.close           office; system for general hazards -> HazardClosed (销号)
//   hazard.bulletin        office            -> HazardBulletined (通报)
// Legal (state, command) pairs come from the MSM table in hazard_machine.cc.
// The process manager opens task "HZ-<id>" when a hazard is confirmed.
//
// Read models:
//   hz/<id>                      summary
//   hzs/<state>/<id>             hazards by state
//   hzc/<BE64 closed_at>/<id>    closed hazards in time order (for bulletins)
//   cnt/<unit>/hazards, hazards_major, hazards_closed
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::hazard {

std::unique_ptr<Workflow> MakeHazardWorkflow();

}  // namespace safecity::hazard
