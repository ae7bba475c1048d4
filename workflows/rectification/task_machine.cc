// Boost.MSM definition of the rectification task machine. See task_machine.h.
#include "workflows/rectification/task_machine.h"

#include <iterator>

#include "workflows/machine.h"
#include "workflows/msm_support.h"

namespace safecity::rectification {

namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;

namespace {

// Events: one per command, in TaskCommand order.
struct AssignEv {};
struct AcknowledgeEv {};
struct SubmitPlanEv {};
struct StartEv {};
struct SubmitEv {};
struct AcceptEv {};
struct ReturnEv {};
struct CloseEv {};
struct RequestExtensionEv {};
struct GrantExtensionEv {};
struct RefuseExtensionEv {};
struct EscalateEv {};
struct SetDeadlineEv {};

struct TaskFront : msm_support::RefusingFront<TaskFront> {
  struct None : msmf::state<> {};
  struct Assigned : msmf::state<> {};
  struct Acknowledged : msmf::state<> {};
  struct PlanSubmitted : msmf::state<> {};
  struct InProgress : msmf::state<> {};
  struct Submitted : msmf::state<> {};
  struct Accepted : msmf::state<> {};
  struct Closed : msmf::state<> {};

  using initial_state = None;
  using none = msmf::none;

  // clang-format off
  struct transition_table : mpl::vector<
    //        Start          Event               Next
    msmf::Row<None,          AssignEv,           Assigned>,
    msmf::Row<Assigned,      AcknowledgeEv,      Acknowledged>,
    msmf::Row<Acknowledged,  SubmitPlanEv,       PlanSubmitted>,
    msmf::Row<PlanSubmitted, StartEv,            InProgress>,
    msmf::Row<InProgress,    SubmitEv,           Submitted>,
    msmf::Row<Submitted,     AcceptEv,           Accepted>,
    msmf::Row<Submitted,     ReturnEv,           InProgress>,
    msmf::Row<Accepted,      CloseEv,            Closed>,
    // extensions: internal transitions while the unit still works on the task
    msmf::Row<Assigned,      RequestExtensionEv, none>,
    msmf::Row<Acknowledged,  RequestExtensionEv, none>,
    msmf::Row<PlanSubmitted, RequestExtensionEv, none>,
    msmf::Row<InProgress,    RequestExtensionEv, none>,
    msmf::Row<Assigned,      GrantExtensionEv,   none>,
    msmf::Row<Acknowledged,  GrantExtensionEv,   none>,
    msmf::Row<PlanSubmitted, GrantExtensionEv,   none>,
    msmf::Row<InProgress,    GrantExtensionEv,   none>,
    msmf::Row<Assigned,      RefuseExtensionEv,  none>,
    msmf::Row<Acknowledged,  RefuseExtensionEv,  none>,
    msmf::Row<PlanSubmitted, RefuseExtensionEv,  none>,
    msmf::Row<InProgress,    RefuseExtensionEv,  none>,
    // overdue escalation: beside the main state, while the work is unsubmitted
    msmf::Row<Assigned,      EscalateEv,         none>,
    msmf::Row<Acknowledged,  EscalateEv,         none>,
    msmf::Row<PlanSubmitted, EscalateEv,         none>,
    msmf::Row<InProgress,    EscalateEv,         none>,
    // a pending deadline set (确定完成时限), while the task is open
    msmf::Row<Assigned,      SetDeadlineEv,      none>,
    msmf::Row<Acknowledged,  SetDeadlineEv,      none>,
    msmf::Row<PlanSubmitted, SetDeadlineEv,      none>,
    msmf::Row<InProgress,    SetDeadlineEv,      none>,
    msmf::Row<Submitted,     SetDeadlineEv,      none>
  > {};
  // clang-format on
};

using States = std::tuple<TaskFront::None, TaskFront::Assigned, TaskFront::Acknowledged, TaskFront::PlanSubmitted,
                          TaskFront::InProgress, TaskFront::Submitted, TaskFront::Accepted, TaskFront::Closed>;
using Events = std::tuple<AssignEv, AcknowledgeEv, SubmitPlanEv, StartEv, SubmitEv, AcceptEv, ReturnEv, CloseEv,
                          RequestExtensionEv, GrantExtensionEv, RefuseExtensionEv, EscalateEv, SetDeadlineEv>;

// The typed enums (task_machine.h) index the same lists: one value for each
// state and each event of the MSM table, the last one last.
static_assert(std::size(kAllTaskStates) == std::tuple_size<States>::value &&
                  static_cast<size_t>(TaskState::kClosed) + 1 == std::tuple_size<States>::value,
              "TaskState has a value for every state of the States tuple, in its order");
static_assert(std::size(kAllTaskCommands) == std::tuple_size<Events>::value &&
                  static_cast<size_t>(TaskCommand::kSetDeadline) + 1 == std::tuple_size<Events>::value,
              "TaskCommand has a value for every event of the Events tuple, in its order");

}  // namespace

const Machine& TaskMachine() {
  static const MachineState kStates[] = {
      {"none", "未创建"},
      {"assigned", "已交办"},
      {"acknowledged", "已签收"},
      {"plan_submitted", "已报方案"},
      {"in_progress", "整改中"},
      {"submitted", "待核查"},
      {"accepted", "核查通过"},
      {"closed", "已销号"},
  };
  static const char* const kCommands[] = {
      "assign", "acknowledge", "submit_plan", "start", "submit", "accept", "return", "close",
      "request_extension", "grant_extension", "refuse_extension", "escalate", "set_deadline",
  };
  static const Machine m = msm_support::MakeMachine<TaskFront, States, Events>("task", "整改任务", kStates, kCommands);
  return m;
}

Transition Fire(TaskState from, TaskCommand cmd) {
  auto to = TaskMachine().Fire(static_cast<int>(from), static_cast<int>(cmd));
  Transition t;
  t.accepted = to.has_value();
  t.target = to ? static_cast<TaskState>(*to) : from;
  return t;
}

std::vector<TransitionRow> TransitionTable() {
  std::vector<TransitionRow> rows;
  for (const auto& r : TaskMachine().Table())
    rows.push_back({static_cast<TaskState>(r.from), static_cast<TaskCommand>(r.command), static_cast<TaskState>(r.to)});
  return rows;
}

std::vector<TaskState> StatesAllowing(TaskCommand cmd) {
  std::vector<TaskState> out;
  for (const auto& r : TransitionTable())
    if (r.command == cmd) out.push_back(r.from);
  return out;
}

const char* Name(TaskState s) { return TaskMachine().states()[static_cast<size_t>(s)].name; }
const char* ChineseName(TaskState s) { return TaskMachine().states()[static_cast<size_t>(s)].zh; }
const char* Name(TaskCommand c) { return TaskMachine().commands()[static_cast<size_t>(c)].c_str(); }

std::optional<TaskState> TaskStateFromName(const std::string& name) {
  int i = TaskMachine().StateIndex(name);
  if (i < 0) return std::nullopt;
  return static_cast<TaskState>(i);
}

std::optional<TaskCommand> TaskCommandFromName(const std::string& name) {
  int i = TaskMachine().CommandIndex(name);
  if (i < 0) return std::nullopt;
  return static_cast<TaskCommand>(i);
}

bool IsOpen(TaskState s) {
  return s != TaskState::kNone && s != TaskState::kAccepted && s != TaskState::kClosed;
}

}  // namespace safecity::rectification
