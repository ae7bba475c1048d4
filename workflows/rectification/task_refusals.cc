#include "workflows/rectification/task_refusals.h"

namespace safecity::rectification {

const Message kTaskNotFound{"task.not_found", "没有任务“{task}”；{@task_list}", "no task '{task}'; {@task_list}"};
const Message kTaskExists{"task.exists", "任务 {task} 已存在；{@another_id}", "task {task} already exists; {@another_id}"};
const Message kAssignOfficeOnly{"task.assign_office_only", "只有创建办可以交办任务；{@as_office}",
                                "only the office may assign a task; {@as_office}"};
const Message kOfficeOnly{"task.office_only", "只有创建办可以对任务办理 {command}；{@as_office}",
                          "only the office may {command} a task; {@as_office}"};
const Message kEscalationIsTheSchedulers{"task.escalation_is_the_schedulers", "逾期升级由期限调度器办理；{@clock_tick}",
                                         "escalation is the deadline scheduler's; {@clock_tick}"};
const Message kVerifierOnly{"task.verifier_only", "只有创建办或检查人员可以对已提交的材料办理 {command}",
                            "only the office or an inspector may {command} submitted work"};
const Message kUnitNotResponsible{"task.unit_not_responsible", "单位 {unit} 不是任务 {task} 的责任单位（牵头单位：{lead}）；{@as_responsible}",
                                  "unit {unit} is not responsible for task {task} (lead: {lead}); {@as_responsible}"};
const Message kRoleNotResponsible{"task.role_not_responsible", "{role_zh}不是任务 {task} 的责任单位（牵头单位：{lead}）；{@as_responsible}",
                                  "the {role} is not responsible for task {task} (lead: {lead}); {@as_responsible}"};
const Message kNotInState{"task.not_in_state", "任务 {task} 当前为{state_zh}（{state}）；{command} 只能在以下状态办理：{allowed}",
                          "task {task} is {state} ({state_zh}); {command} is allowed only when it is {allowed}"};
const Message kDeadlineBeforeAssignment{"task.deadline_before_assignment", "完成时限 {deadline} 早于交办时间 {at}；请给出更晚的时限",
                                        "deadline {deadline} is before the assignment time {at}; give a later deadline"};
const Message kExtensionPending{"task.extension_pending", "任务 {task} 已有待批的延期申请；请等创建办批准或驳回",
                                "an extension request for task {task} is already pending; wait for the office to grant or refuse it"};
const Message kNewDeadlineNotLater{"task.new_deadline_not_later", "须晚于当前时限 {deadline}；请申请更晚的日期",
                                   "must be after the current deadline {deadline}; ask for a later date"};
const Message kGrantNotLater{"task.grant_not_later", "须晚于当前时限；请给出更晚的日期", "must be after the current deadline; give a later date"};
const Message kNoPendingExtension{"task.no_pending_extension", "任务 {task} 没有待批的延期申请",
                                  "task {task} has no pending extension request"};
const Message kEscalationStale{"task.escalation_stale", "任务 {task} 的时限现为 {deadline}；这次升级针对的是更早的时限",
                               "task {task} is now due {deadline}; the escalation was for an earlier deadline"};
const Message kEscalationNotHigher{"task.escalation_not_higher", "任务 {task} 已升级到 {level}；升级只升不降",
                                   "task {task} is already escalated to {level}; levels only climb"};
const Message kStreamNotTask{"task.stream_mismatch", "须为 task-{task}", "must be task-{task}"};
const Message kRoundTakesNoTasks{"task.round_takes_no_tasks", "评估轮次 {round} 已{state_zh}（{state}），不再接收新任务",
                                 "round {round} is {state}; it takes no new tasks"};
const Message kLeadNotInRound{"task.lead_not_in_round", "单位 {unit} 不在评估轮次 {round} 的被评估单位中；请选择其中的单位",
                              "unit {unit} is not evaluated in round {round}; choose one of its units"};
const Message kDeadlineAfterRound{"task.deadline_after_round", "完成时限 {deadline} 晚于评估轮次 {round} 的结束时间（{end}）；请给出轮次内的日期",
                                  "deadline {deadline} is after round {round} ends ({end}); give a date within the round"};
const Message kDeadlineMissing{"task.deadline_missing",
                               "没有完成时限；请填写日期（2023-04-15），或在 deadline_pending 中写明待定的原因（按照国家确定时间实施）",
                               "no deadline; give a date (2023-04-15), or say why it is pending in deadline_pending (按照国家确定时间实施)"};
const Message kDeadlineAndPending{"task.deadline_and_pending", "已有完成时限，就不能同时写待定原因；请只填其一",
                                  "a task with a deadline cannot also be pending; give one of the two"};
const Message kNoDeadlineYet{"task.no_deadline_yet", "任务 {task} 的完成时限待定（{pending}）；请创建办先确定时限（task.set_deadline）",
                             "task {task} has no deadline yet ({pending}); the office sets it first (task.set_deadline)"};
const Message kDeadlineAlreadySet{"task.deadline_already_set", "任务 {task} 已有完成时限 {deadline}；改期请走延期申请与审批（task.request_extension）",
                                  "task {task} already has a deadline ({deadline}); a later one goes through an extension (task.request_extension)"};

const std::vector<const Message*>& TaskRefusals() {
  static const std::vector<const Message*> all = {
      &kTaskNotFound,      &kTaskExists,          &kAssignOfficeOnly,     &kOfficeOnly,
      &kEscalationIsTheSchedulers, &kVerifierOnly, &kUnitNotResponsible, &kRoleNotResponsible,
      &kNotInState,        &kDeadlineBeforeAssignment, &kExtensionPending, &kNewDeadlineNotLater,
      &kGrantNotLater,     &kNoPendingExtension,  &kEscalationStale,      &kEscalationNotHigher,
      &kStreamNotTask,             &kRoundTakesNoTasks,    &kLeadNotInRound,
      &kDeadlineAfterRound, &kDeadlineMissing, &kDeadlineAndPending, &kNoDeadlineYet, &kDeadlineAlreadySet};
  return all;
}

}  // namespace safecity::rectification
