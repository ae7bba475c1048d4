// Boost.MSM definition of the notification machine.
#include "workflows/notification/notification_machine.h"

#include "workflows/machine.h"
#include "workflows/msm_support.h"

namespace safecity {

namespace {

namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;

struct QueueEv {};
struct SendEv {};
struct DeliverEv {};
struct AcknowledgeEv {};
struct FailEv {};
struct ScheduleRetryEv {};
struct DeadLetterEv {};

struct NotificationFront : msm_support::RefusingFront<NotificationFront> {
  struct None : msmf::state<> {};
  struct Queued : msmf::state<> {};
  struct Sent : msmf::state<> {};
  struct Delivered : msmf::state<> {};
  struct Acknowledged : msmf::state<> {};
  struct Failed : msmf::state<> {};
  struct RetryScheduled : msmf::state<> {};
  struct DeadLettered : msmf::state<> {};

  using initial_state = None;

  // clang-format off
  struct transition_table : mpl::vector<
    //        Start           Event            Next
    msmf::Row<None,           QueueEv,         Queued>,
    msmf::Row<Queued,         SendEv,          Sent>,
    msmf::Row<Sent,           DeliverEv,       Delivered>,
    msmf::Row<Delivered,      AcknowledgeEv,   Acknowledged>,
    msmf::Row<Sent,           FailEv,          Failed>,
    msmf::Row<Failed,         ScheduleRetryEv, RetryScheduled>,
    msmf::Row<RetryScheduled, SendEv,          Sent>,
    msmf::Row<Failed,         DeadLetterEv,    DeadLettered>,
    msmf::Row<DeadLettered,   ScheduleRetryEv, RetryScheduled>
  > {};
  // clang-format on
};

using States = std::tuple<NotificationFront::None, NotificationFront::Queued, NotificationFront::Sent,
                          NotificationFront::Delivered, NotificationFront::Acknowledged, NotificationFront::Failed,
                          NotificationFront::RetryScheduled, NotificationFront::DeadLettered>;
using Events = std::tuple<QueueEv, SendEv, DeliverEv, AcknowledgeEv, FailEv, ScheduleRetryEv, DeadLetterEv>;

}  // namespace

const Machine& NotificationMachine() {
  static const MachineState kStates[] = {
      {"none", "未创建"},
      {"queued", "待发送"},
      {"sent", "已发送"},
      {"delivered", "已送达"},
      {"acknowledged", "已确认"},
      {"failed", "发送失败"},
      {"retry_scheduled", "待重试"},
      {"dead_lettered", "投递失败"},
  };
  static const char* const kCommands[] = {
      "queue", "send", "deliver", "acknowledge", "fail", "schedule_retry", "dead_letter",
  };
  static const Machine m = msm_support::MakeMachine<NotificationFront, States, Events>("notification", "通知", kStates, kCommands);
  return m;
}

}  // namespace safecity
