// The rectification task machine (整改任务状态机), behind a plain header.
//
// The transition table lives in task_machine.cc as a Boost.MSM state machine;
// nothing here includes Boost, so a change to the table rebuilds one file.
//
//   none ──assign──► assigned ──acknowledge──► acknowledged ──submit_plan──► plan_submitted
//   plan_submitted ──start──► in_progress ──submit──► submitted ──accept──► accepted ──close──► closed
//   submitted ──return──► in_progress                      (退回重新整改)
//   assigned|acknowledged|plan_submitted|in_progress:
//        request_extension / grant_extension / refuse_extension   (延期申请, internal: the
//        main state stays; whether a request is pending is data, checked by the workflow)
//        escalate   (逾期升级: reminder, warning bulletin, interview, accountability; internal,
//        the level is data beside the main state)
//   assigned|acknowledged|plan_submitted|in_progress|submitted:
//        set_deadline   (确定完成时限: once, for a task whose deadline was pending; internal)
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace safecity {
class Machine;
}

namespace safecity::rectification {

// The same table as a plain Machine (diagrams, generic tests); its state and
// command indices are the enum values below.
const Machine& TaskMachine();

enum class TaskState {
  kNone,           // no task yet
  kAssigned,       // 已交办
  kAcknowledged,   // 已签收
  kPlanSubmitted,  // 已报整改方案
  kInProgress,     // 整改中
  kSubmitted,      // 已提交整改材料，待核查
  kAccepted,       // 核查通过
  kClosed,         // 已销号
};

enum class TaskCommand {
  kAssign,
  kAcknowledge,
  kSubmitPlan,
  kStart,
  kSubmit,
  kAccept,
  kReturn,
  kClose,
  kRequestExtension,
  kGrantExtension,
  kRefuseExtension,
  kEscalate,
  kSetDeadline,
};

constexpr TaskState kAllTaskStates[] = {
    TaskState::kNone,       TaskState::kAssigned,  TaskState::kAcknowledged, TaskState::kPlanSubmitted,
    TaskState::kInProgress, TaskState::kSubmitted, TaskState::kAccepted,     TaskState::kClosed};
constexpr TaskCommand kAllTaskCommands[] = {
    TaskCommand::kAssign,         TaskCommand::kAcknowledge,      TaskCommand::kSubmitPlan,
    TaskCommand::kStart,          TaskCommand::kSubmit,           TaskCommand::kAccept,
    TaskCommand::kReturn,         TaskCommand::kClose,            TaskCommand::kRequestExtension,
    TaskCommand::kGrantExtension, TaskCommand::kRefuseExtension, TaskCommand::kEscalate,
    TaskCommand::kSetDeadline};

struct Transition {
  bool accepted = false;
  TaskState target = TaskState::kNone;  // == from for internal transitions
};

// Runs the MSM machine from `from` on `cmd`. Pure: no clock, no I/O.
Transition Fire(TaskState from, TaskCommand cmd);

// The states in which `cmd` is accepted, in declaration order.
std::vector<TaskState> StatesAllowing(TaskCommand cmd);

struct TransitionRow {
  TaskState from;
  TaskCommand command;
  TaskState to;
};
// Every accepted (state, command) pair, read off the MSM table.
std::vector<TransitionRow> TransitionTable();

const char* Name(TaskState s);
const char* Name(TaskCommand c);  // the command type suffix, e.g. "submit_plan"
const char* ChineseName(TaskState s);
std::optional<TaskState> TaskStateFromName(const std::string& name);
std::optional<TaskCommand> TaskCommandFromName(const std::string& name);
// True for states where the task still needs work by the unit or the office.
bool IsOpen(TaskState s);

}  // namespace safecity::rectification
