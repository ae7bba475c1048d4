// Boost.MSM definition of the rectification task machine. See task_machine.h.
#include "workflows/rectification/task_machine.h"

#include <array>

#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <boost/msm/front/functor_row.hpp>

namespace safecity::rectification {

namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;

namespace {

// Events: one per command.
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

struct TaskFront : msmf::state_machine_def<TaskFront> {
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
    msmf::Row<InProgress,    RefuseExtensionEv,  none>
  > {};
  // clang-format on

  bool refused = false;
  template <class Fsm, class Event>
  void no_transition(Event const&, Fsm&, int) {
    refused = true;
  }
};

using TaskMachine = boost::msm::back::state_machine<TaskFront>;

template <class S>
constexpr int IdOf() {
  return boost::msm::back::get_state_id<TaskMachine::stt, S>::value;
}

// MSM ids of the front-end states, indexed by TaskState.
const std::array<int, 8> kMsmId = {
    IdOf<TaskFront::None>(),       IdOf<TaskFront::Assigned>(),  IdOf<TaskFront::Acknowledged>(),
    IdOf<TaskFront::PlanSubmitted>(), IdOf<TaskFront::InProgress>(), IdOf<TaskFront::Submitted>(),
    IdOf<TaskFront::Accepted>(),   IdOf<TaskFront::Closed>()};

TaskState FromMsmId(int id) {
  for (size_t i = 0; i < kMsmId.size(); ++i)
    if (kMsmId[i] == id) return static_cast<TaskState>(i);
  return TaskState::kNone;
}

// Restores a machine's active state through MSM's public serialize() hook:
// the machine hands its state array to the archive, which writes it.
struct StateRestorer {
  int id;
  template <class T>
  StateRestorer& operator&(T&) {
    return *this;
  }
  StateRestorer& operator&(int (&states)[1]) {
    states[0] = id;
    return *this;
  }
};

template <class Ev>
Transition FireEvent(TaskState from) {
  TaskMachine m;
  m.start();
  StateRestorer r{kMsmId[static_cast<size_t>(from)]};
  m.serialize(r, 0);
  m.refused = false;
  m.process_event(Ev{});
  Transition t;
  t.accepted = !m.refused;
  t.target = t.accepted ? FromMsmId(m.current_state()[0]) : from;
  return t;
}

struct Names {
  const char* name;
  const char* zh;
};
constexpr Names kStateNames[] = {{"none", "未创建"},          {"assigned", "已交办"},
                                 {"acknowledged", "已签收"},  {"plan_submitted", "已报方案"},
                                 {"in_progress", "整改中"},   {"submitted", "待核查"},
                                 {"accepted", "核查通过"},    {"closed", "已销号"}};
constexpr const char* kCommandNames[] = {
    "assign", "acknowledge", "submit_plan", "start", "submit", "accept",
    "return", "close", "request_extension", "grant_extension", "refuse_extension"};

}  // namespace

Transition Fire(TaskState from, TaskCommand cmd) {
  switch (cmd) {
    case TaskCommand::kAssign: return FireEvent<AssignEv>(from);
    case TaskCommand::kAcknowledge: return FireEvent<AcknowledgeEv>(from);
    case TaskCommand::kSubmitPlan: return FireEvent<SubmitPlanEv>(from);
    case TaskCommand::kStart: return FireEvent<StartEv>(from);
    case TaskCommand::kSubmit: return FireEvent<SubmitEv>(from);
    case TaskCommand::kAccept: return FireEvent<AcceptEv>(from);
    case TaskCommand::kReturn: return FireEvent<ReturnEv>(from);
    case TaskCommand::kClose: return FireEvent<CloseEv>(from);
    case TaskCommand::kRequestExtension: return FireEvent<RequestExtensionEv>(from);
    case TaskCommand::kGrantExtension: return FireEvent<GrantExtensionEv>(from);
    case TaskCommand::kRefuseExtension: return FireEvent<RefuseExtensionEv>(from);
  }
  return {};
}

std::vector<TransitionRow> TransitionTable() {
  static const std::vector<TransitionRow> table = [] {
    std::vector<TransitionRow> rows;
    for (TaskState s : kAllTaskStates)
      for (TaskCommand c : kAllTaskCommands) {
        Transition t = Fire(s, c);
        if (t.accepted) rows.push_back({s, c, t.target});
      }
    return rows;
  }();
  return table;
}

std::vector<TaskState> StatesAllowing(TaskCommand cmd) {
  std::vector<TaskState> out;
  for (const auto& r : TransitionTable())
    if (r.command == cmd) out.push_back(r.from);
  return out;
}

const char* Name(TaskState s) { return kStateNames[static_cast<size_t>(s)].name; }
const char* ChineseName(TaskState s) { return kStateNames[static_cast<size_t>(s)].zh; }
const char* Name(TaskCommand c) { return kCommandNames[static_cast<size_t>(c)]; }

std::optional<TaskState> TaskStateFromName(const std::string& name) {
  for (TaskState s : kAllTaskStates)
    if (name == Name(s)) return s;
  return std::nullopt;
}

std::optional<TaskCommand> TaskCommandFromName(const std::string& name) {
  for (TaskCommand c : kAllTaskCommands)
    if (name == Name(c)) return c;
  return std::nullopt;
}

bool IsOpen(TaskState s) {
  return s != TaskState::kNone && s != TaskState::kAccepted && s != TaskState::kClosed;
}

}  // namespace safecity::rectification
