// RectificationTask (整改任务): the workflow of one task, stream "task-<id>".
//
// Commands (schemas/commands/task.*.json) and who may send them:
//   task.assign              office          -> TaskAssigned
//   task.acknowledge         responsible unit -> TaskAcknowledged          (签收)
//   task.submit_plan         responsible unit -> RectificationPlanSubmitted (报整改方案)
//   task.start               responsible unit -> RectificationStarted
//   task.submit              responsible unit -> EvidenceSubmitted          (提交整改材料)
//   task.accept              office, inspector -> TaskAccepted              (核查通过)
//   task.return              office, inspector -> TaskReturned              (退回)
//   task.close               office          -> TaskClosed                  (销号)
//   task.request_extension   responsible unit -> ExtensionRequested         (申请延期)
//   task.grant_extension     office          -> ExtensionGranted
//   task.refuse_extension    office          -> ExtensionRefused
//   task.set_deadline        office          -> DeadlineSet                (确定完成时限: once, for a task assigned
//                                                                           with deadline_pending, 完成时限待定)
//   task.escalate            system          -> TaskEscalated              (逾期升级, the deadline scheduler)
// A responsible unit is the lead unit (牵头单位) or a cooperating unit (配合单位).
// Legal (state, command) pairs come from the MSM table in task_machine.cc.
//
// Its state is typed (task_state.h: RectificationTask, folded in place by
// ApplyTaskEvent); the workflow is a TypedWorkflow (engine/typed_workflow.h),
// so JSON is read only from the command's and the event's data.
//
// Event versions: EvidenceSubmitted is written at schema version 2 (each item
// with media_type and size_bytes); version 1 is raised by evidence.h.
//
// Read models kept by Project(): see task_views.h, which owns their keys
// and is the one way to read them.
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::rectification {

std::unique_ptr<Workflow> MakeRectificationWorkflow();

}  // namespace safecity::rectification
