// Campaign / inspection round (创建评估轮次): stream "campaign-<id>".
//
// Commands (schemas/commands/campaign.*.json) and who may send them:
//   campaign.create              office  -> CampaignCreated   (units, sheet version, phase deadlines, ladder)
//   campaign.launch              office  -> CampaignLaunched
//   campaign.start_<phase>       office  -> PhaseStarted      (self_check 自查自评, system_check 系统核查,
//                                                              spot_check 现场抽查, rectification 问题整改,
//                                                              reporting 总结报告)
//   campaign.close               office  -> CampaignClosed
//   campaign.cancel              office  -> CampaignCancelled
//   campaign.reschedule_phase    office  -> PhaseRescheduled  (a phase deadline moves, with its reason)
//   campaign.record_finding      office, inspector -> FindingRecorded   (扣分: a deduct item)
//   campaign.record_assessment   office, inspector -> AssessmentRecorded (ratio or judgement item)
//   campaign.withdraw_finding    office  -> FindingWithdrawn
//   campaign.set_schedule        office  -> ScheduleSet       (the plan's stages, 阶段: schedule.h)
//   campaign.move_stage          office  -> StageMoved        (a stage's dates move, with the reason)
// Legal (state, command) pairs come from the MSM table in campaign_machine.cc.
//
// The round keeps a copy of its scoring sheet version, so its scores never
// change when a newer version is defined. Each unit's score is recomputed in
// Apply from its findings and assessments (workflows/scoring/score.h).
//
// Read models:
//   camp/<id>                        summary {campaign_id,title,state,sheet,phases,escalation,units,findings,
//                                    schedule (once set)}
//   cunit/<id>/<unit>                the units evaluated in the round
//   cscore/<id>/<unit>               {score_x100,deducted_x100,findings,pending_items,pass}
//   fb/<id>/<unit>/<BE64 finding>    the unit's feedback list (问题反馈清单), one finding each
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/workflow.h"

namespace safecity::campaign {

std::unique_ptr<Workflow> MakeCampaignWorkflow();

// Phases in order.
const std::vector<std::string>& Phases();
// The default escalation ladder for overdue work: reminder (催办) when the
// deadline passes, warning bulletin (警示通报) 3 days late, interview (约谈) 7
// days late, accountability (问责) 14 days late.
Json DefaultEscalation();

}  // namespace safecity::campaign
