// Boost.MSM definition of the hazard machine.
#include "workflows/hazard/hazard_machine.h"

#include "workflows/machine.h"
#include "workflows/msm_support.h"

namespace safecity {

namespace {

namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;

struct ReportEv {};
struct ConfirmEv {};
struct DismissEv {};
struct AssignEv {};
struct ListEv {};
struct MarkRectifiedEv {};
struct CloseEv {};
struct BulletinEv {};
struct ExposeEv {};
struct RecordAccountabilityEv {};

struct HazardFront : msm_support::RefusingFront<HazardFront> {
  struct None : msmf::state<> {};
  struct Reported : msmf::state<> {};
  struct Confirmed : msmf::state<> {};
  struct Dismissed : msmf::state<> {};
  struct Assigned : msmf::state<> {};
  struct Listed : msmf::state<> {};
  struct Rectified : msmf::state<> {};
  struct Closed : msmf::state<> {};
  struct Bulletined : msmf::state<> {};

  using initial_state = None;
  using none = msmf::none;

  // clang-format off
  struct transition_table : mpl::vector<
    //        Start      Event            Next
    msmf::Row<None,      ReportEv,        Reported>,
    msmf::Row<Reported,  ConfirmEv,       Confirmed>,
    msmf::Row<Reported,  DismissEv,       Dismissed>,
    msmf::Row<Confirmed, AssignEv,        Assigned>,
    msmf::Row<Assigned,  ListEv,          Listed>,
    msmf::Row<Assigned,  MarkRectifiedEv, Rectified>,
    msmf::Row<Listed,    MarkRectifiedEv, Rectified>,
    msmf::Row<Rectified, CloseEv,         Closed>,
    msmf::Row<Closed,    BulletinEv,      Bulletined>,
    // 曝光 (exposure) from the report on; 问责 (accountability) from the
    // confirmation on: records beside the state, the loop's own steps
    msmf::Row<Reported,  ExposeEv,        none>,
    msmf::Row<Confirmed, ExposeEv,        none>,
    msmf::Row<Assigned,  ExposeEv,        none>,
    msmf::Row<Listed,    ExposeEv,        none>,
    msmf::Row<Rectified, ExposeEv,        none>,
    msmf::Row<Closed,    ExposeEv,        none>,
    msmf::Row<Bulletined, ExposeEv,        none>,
    msmf::Row<Confirmed, RecordAccountabilityEv, none>,
    msmf::Row<Assigned,  RecordAccountabilityEv, none>,
    msmf::Row<Listed,    RecordAccountabilityEv, none>,
    msmf::Row<Rectified, RecordAccountabilityEv, none>,
    msmf::Row<Closed,    RecordAccountabilityEv, none>,
    msmf::Row<Bulletined, RecordAccountabilityEv, none>
  > {};
  // clang-format on
};

using States = std::tuple<HazardFront::None, HazardFront::Reported, HazardFront::Confirmed, HazardFront::Dismissed,
                          HazardFront::Assigned, HazardFront::Listed, HazardFront::Rectified, HazardFront::Closed,
                          HazardFront::Bulletined>;
using Events = std::tuple<ReportEv, ConfirmEv, DismissEv, AssignEv, ListEv, MarkRectifiedEv, CloseEv, BulletinEv, ExposeEv,
                          RecordAccountabilityEv>;

}  // namespace

const Machine& HazardMachine() {
  static const MachineState kStates[] = {
      {"none", "未上报"},
      {"reported", "已上报"},
      {"confirmed", "已确认"},
      {"dismissed", "已排除"},
      {"assigned", "已交办"},
      {"listed", "挂牌督办"},
      {"rectified", "已整改"},
      {"closed", "已销号"},
      {"bulletined", "已通报"},
  };
  static const char* const kCommands[] = {
      "report", "confirm", "dismiss", "assign", "list", "mark_rectified", "close", "bulletin",
      "expose", "record_accountability",
  };
  static const Machine m = msm_support::MakeMachine<HazardFront, States, Events>("hazard", "隐患", kStates, kCommands);
  return m;
}

}  // namespace safecity
