// Boost.MSM definition of the campaign / inspection round machine.
#include "workflows/campaign/campaign_machine.h"

#include "workflows/machine.h"
#include "workflows/msm_support.h"

namespace safecity {

namespace {

namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;

struct CreateEv {};
struct LaunchEv {};
struct StartSelfCheckEv {};
struct StartSystemCheckEv {};
struct StartSpotCheckEv {};
struct StartRectificationEv {};
struct StartReportingEv {};
struct CloseEv {};
struct CancelEv {};
struct ReschedulePhaseEv {};
struct RecordFindingEv {};
struct RecordAssessmentEv {};
struct WithdrawFindingEv {};
struct SetScheduleEv {};
struct MoveStageEv {};

struct CampaignFront : msm_support::RefusingFront<CampaignFront> {
  struct None : msmf::state<> {};
  struct Draft : msmf::state<> {};
  struct Launched : msmf::state<> {};
  struct SelfCheck : msmf::state<> {};
  struct SystemCheck : msmf::state<> {};
  struct SpotCheck : msmf::state<> {};
  struct Rectification : msmf::state<> {};
  struct Reporting : msmf::state<> {};
  struct Closed : msmf::state<> {};
  struct Cancelled : msmf::state<> {};

  using initial_state = None;
  using none = msmf::none;

  // clang-format off
  struct transition_table : mpl::vector<
    //        Start          Event                 Next
    msmf::Row<None,          CreateEv,             Draft>,
    msmf::Row<Draft,         LaunchEv,             Launched>,
    msmf::Row<Launched,      StartSelfCheckEv,     SelfCheck>,
    msmf::Row<SelfCheck,     StartSystemCheckEv,   SystemCheck>,
    msmf::Row<SystemCheck,   StartSpotCheckEv,     SpotCheck>,
    msmf::Row<SpotCheck,     StartRectificationEv, Rectification>,
    msmf::Row<Rectification, StartReportingEv,     Reporting>,
    msmf::Row<Reporting,     CloseEv,              Closed>,
    msmf::Row<Draft,         CancelEv,             Cancelled>,
    msmf::Row<Launched,      CancelEv,             Cancelled>,
    msmf::Row<SelfCheck,     CancelEv,             Cancelled>,
    msmf::Row<SystemCheck,   CancelEv,             Cancelled>,
    msmf::Row<SpotCheck,     CancelEv,             Cancelled>,
    msmf::Row<Rectification, CancelEv,             Cancelled>,
    msmf::Row<Reporting,     CancelEv,             Cancelled>,
    msmf::Row<Draft,         ReschedulePhaseEv,    none>,
    msmf::Row<Launched,      ReschedulePhaseEv,    none>,
    msmf::Row<SelfCheck,     ReschedulePhaseEv,    none>,
    msmf::Row<SystemCheck,   ReschedulePhaseEv,    none>,
    msmf::Row<SpotCheck,     ReschedulePhaseEv,    none>,
    msmf::Row<Rectification, ReschedulePhaseEv,    none>,
    msmf::Row<Reporting,     ReschedulePhaseEv,    none>,
    msmf::Row<SystemCheck,   RecordFindingEv,      none>,
    msmf::Row<SpotCheck,     RecordFindingEv,      none>,
    msmf::Row<SystemCheck,   RecordAssessmentEv,   none>,
    msmf::Row<SpotCheck,     RecordAssessmentEv,   none>,
    msmf::Row<SystemCheck,   WithdrawFindingEv,    none>,
    msmf::Row<SpotCheck,     WithdrawFindingEv,    none>,
    msmf::Row<Rectification, WithdrawFindingEv,    none>,
    // the plan's schedule (阶段), set and moved while the round is open
    msmf::Row<Draft,        SetScheduleEv,        none>,
    msmf::Row<Draft,        MoveStageEv,          none>,
    msmf::Row<Launched,     SetScheduleEv,        none>,
    msmf::Row<Launched,     MoveStageEv,          none>,
    msmf::Row<SelfCheck,    SetScheduleEv,        none>,
    msmf::Row<SelfCheck,    MoveStageEv,          none>,
    msmf::Row<SystemCheck,  SetScheduleEv,        none>,
    msmf::Row<SystemCheck,  MoveStageEv,          none>,
    msmf::Row<SpotCheck,    SetScheduleEv,        none>,
    msmf::Row<SpotCheck,    MoveStageEv,          none>,
    msmf::Row<Rectification, SetScheduleEv,        none>,
    msmf::Row<Rectification, MoveStageEv,          none>,
    msmf::Row<Reporting,    SetScheduleEv,        none>,
    msmf::Row<Reporting,    MoveStageEv,          none>
  > {};
  // clang-format on
};

using States = std::tuple<CampaignFront::None, CampaignFront::Draft, CampaignFront::Launched, CampaignFront::SelfCheck,
                          CampaignFront::SystemCheck, CampaignFront::SpotCheck, CampaignFront::Rectification,
                          CampaignFront::Reporting, CampaignFront::Closed, CampaignFront::Cancelled>;
using Events = std::tuple<CreateEv, LaunchEv, StartSelfCheckEv, StartSystemCheckEv, StartSpotCheckEv,
                          StartRectificationEv, StartReportingEv, CloseEv, CancelEv, ReschedulePhaseEv,
                          RecordFindingEv, RecordAssessmentEv, WithdrawFindingEv, SetScheduleEv, MoveStageEv>;

}  // namespace

const Machine& CampaignMachine() {
  static const MachineState kStates[] = {
      {"none", "未创建"},
      {"draft", "草拟"},
      {"launched", "已启动"},
      {"self_check", "自查自评"},
      {"system_check", "系统核查"},
      {"spot_check", "现场抽查"},
      {"rectification", "问题整改"},
      {"reporting", "总结报告"},
      {"closed", "已结束"},
      {"cancelled", "已取消"},
  };
  static const char* const kCommands[] = {
      "create", "launch", "start_self_check", "start_system_check", "start_spot_check",
      "start_rectification", "start_reporting", "close", "cancel", "reschedule_phase",
      "record_finding", "record_assessment", "withdraw_finding", "set_schedule", "move_stage",
  };
  static const Machine m = msm_support::MakeMachine<CampaignFront, States, Events>("campaign", "创建评估轮次", kStates, kCommands);
  return m;
}

}  // namespace safecity
