// Boost.MSM definition of the verification machine.
#include "workflows/verification/verification_machine.h"

#include "workflows/machine.h"
#include "workflows/msm_support.h"

namespace safecity {

namespace {

namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;

struct RequestEv {};
struct AssignEv {};
struct PassEv {};
struct FailEv {};
struct WithdrawEv {};

struct VerificationFront : msm_support::RefusingFront<VerificationFront> {
  struct None : msmf::state<> {};
  struct Requested : msmf::state<> {};
  struct Assigned : msmf::state<> {};
  struct Passed : msmf::state<> {};
  struct Failed : msmf::state<> {};
  struct Withdrawn : msmf::state<> {};

  using initial_state = None;

  // clang-format off
  struct transition_table : mpl::vector<
    //        Start      Event       Next
    msmf::Row<None,      RequestEv,  Requested>,
    msmf::Row<Requested, AssignEv,   Assigned>,
    msmf::Row<Assigned,  AssignEv,   Assigned>,
    msmf::Row<Assigned,  PassEv,     Passed>,
    msmf::Row<Assigned,  FailEv,     Failed>,
    msmf::Row<Requested, WithdrawEv, Withdrawn>,
    msmf::Row<Assigned,  WithdrawEv, Withdrawn>
  > {};
  // clang-format on
};

using States = std::tuple<VerificationFront::None, VerificationFront::Requested, VerificationFront::Assigned,
                          VerificationFront::Passed, VerificationFront::Failed, VerificationFront::Withdrawn>;
using Events = std::tuple<RequestEv, AssignEv, PassEv, FailEv, WithdrawEv>;

}  // namespace

const Machine& VerificationMachine() {
  static const MachineState kStates[] = {
      {"none", "未申请"},
      {"requested", "待分派"},
      {"assigned", "核查中"},
      {"passed", "通过"},
      {"failed", "不通过"},
      {"withdrawn", "已撤销"},
  };
  static const char* const kCommands[] = {
      "request", "assign", "pass", "fail", "withdraw",
  };
  static const Machine m = msm_support::MakeMachine<VerificationFront, States, Events>("verification", "核查", kStates, kCommands);
  return m;
}

}  // namespace safecity
