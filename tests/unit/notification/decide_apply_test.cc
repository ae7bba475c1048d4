// The notification's (通知) Decide and Apply, called directly (pure; no
// store): who queues, who dispatches, who acknowledges, how attempts are
// counted through a failure and a retry, and the refusals in both languages.
#include <gtest/gtest.h>

#include "tests/unit/decide_apply_fixture.h"

namespace safecity::notification {
namespace {

using safecity::testing::Office;
using safecity::testing::UnitActor;

const Actor kDispatcher{"inbox-dispatcher", "system"};

class NotificationDecideApply : public safecity::testing::DecideApplyTest {
 protected:
  NotificationDecideApply() : DecideApplyTest("notification-N-1", "2023-04-17T09:00:00+08:00") {}
  Decision Queue(const std::string& recipient, const Actor& by = Actor{"process-manager", "system"}) {
    return Send("notification.queue", by,
                Json{{"notification_id", "N-1"}, {"recipient", recipient}, {"channel", "inbox"}, {"kind", "task_escalated"},
                     {"subject", "任务 XA-1 逾期：警示"}, {"body", "请尽快整改"}, {"ref", "task-XA-1"}});
  }
};

TEST_F(NotificationDecideApply, TheOfficeOrTheEngineQueuesOnceAndTheRecipientsRoleIsRecorded) {
  Decision by_unit = Queue("yanta", UnitActor("yanta"));
  EXPECT_EQ(by_unit.status.code(), Status::Code::kForbidden);
  EXPECT_EQ(by_unit.status.reason(), "notification.queue_office_only");
  EXPECT_EQ(by_unit.status.Render(Language::kZh, Edge::kHttp), "actor: 只有创建办或系统可以发出通知");
  EXPECT_TRUE(state_.is_null());
  Decision d = Queue("yanta");
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(d.events[0].data["recipient_role"], "unit") << "inboxes go by role and principal";
  EXPECT_EQ(state_["state"], "queued");
  EXPECT_EQ(state_["attempts"], 0);
  EXPECT_EQ(state_["queued_at"], "2023-04-17T01:00:00.000Z");
  Decision again = Queue("yanta");
  EXPECT_EQ(again.status.code(), Status::Code::kConflict);
  EXPECT_EQ(again.status.reason(), "notification.exists");
}

TEST_F(NotificationDecideApply, NothingButQueueingOnANewStream) {
  Decision ack = Send("notification.acknowledge", UnitActor("yanta"));
  EXPECT_EQ(ack.status.code(), Status::Code::kNotFound);
  EXPECT_EQ(ack.status.reason(), "notification.not_found");
  EXPECT_EQ(ack.status.Render(Language::kEn, Edge::kCli), "notification: no notification 'N-1'; see `safecity inbox`");
  EXPECT_EQ(ack.status.Render(Language::kEn, Edge::kHttp), "notification: no notification 'N-1'; see GET /v1/inbox");
}

TEST_F(NotificationDecideApply, SendingAndDeliveringAreTheDispatchersAlone) {
  ASSERT_TRUE(Queue("yanta").status.ok());
  for (const Actor& who : {Office(), UnitActor("yanta")}) {
    Decision d = Send("notification.send", who);
    EXPECT_EQ(d.status.reason(), "notification.dispatchers_only") << who.role;
    EXPECT_EQ(d.status.Render(Language::kZh, Edge::kCli), "actor: notification.send 由系统的投递程序办理，不能手工提交");
  }
  ASSERT_TRUE(Send("notification.send", kDispatcher).status.ok());
  EXPECT_EQ(state_["attempts"], 1);
  ASSERT_TRUE(Send("notification.deliver", kDispatcher, Json::object(), "2023-04-17T09:00:05+08:00").status.ok());
  EXPECT_EQ(state_["state"], "delivered");
  EXPECT_EQ(state_["delivered_at"], "2023-04-17T01:00:05.000Z");
}

TEST_F(NotificationDecideApply, OnlyItsRecipientAcknowledgesIt) {
  ASSERT_TRUE(Queue("yanta").status.ok());
  ASSERT_TRUE(Send("notification.send", kDispatcher).status.ok());
  ASSERT_TRUE(Send("notification.deliver", kDispatcher).status.ok());
  Decision other = Send("notification.acknowledge", UnitActor("beilin"));
  EXPECT_EQ(other.status.code(), Status::Code::kForbidden);
  EXPECT_EQ(other.status.reason(), "notification.not_the_recipient");
  EXPECT_EQ(other.status.Render(Language::kZh, Edge::kHttp), "actor: 通知 N-1 发给单位 yanta；只有收件人可以签收");
  EXPECT_EQ(other.status.Render(Language::kEn, Edge::kHttp), "actor: notification N-1 is for the unit yanta; only its recipient acknowledges it");
  EXPECT_EQ(Send("notification.acknowledge", Office()).status.reason(), "notification.not_the_recipient")
      << "the office does not sign for a unit";
  ASSERT_TRUE(Send("notification.acknowledge", UnitActor("yanta"), Json{{"note", "已阅"}}).status.ok());
  EXPECT_EQ(state_["state"], "acknowledged");
}

TEST_F(NotificationDecideApply, AFailureIsKeptARetryCountsAnotherAttemptAndADeadLetterOnlyTheOfficeSendsAgain) {
  ASSERT_TRUE(Queue("office").status.ok());
  ASSERT_TRUE(Send("notification.send", kDispatcher).status.ok());
  ASSERT_TRUE(Send("notification.fail", kDispatcher, Json{{"error", "HTTP 503"}}).status.ok());
  EXPECT_EQ(state_["state"], "failed");
  EXPECT_EQ(state_["last_error"], "HTTP 503");
  ASSERT_TRUE(Send("notification.schedule_retry", kDispatcher, Json{{"retry_at", "2023-04-17T01:05:00.000Z"}}).status.ok());
  EXPECT_EQ(state_["retry_at"], "2023-04-17T01:05:00.000Z");
  Decision resend = Send("notification.send", kDispatcher);
  EXPECT_EQ(resend.events[0].data["attempt"], 2);
  ASSERT_TRUE(Send("notification.fail", kDispatcher, Json{{"error", "HTTP 503"}}).status.ok());
  ASSERT_TRUE(Send("notification.dead_letter", kDispatcher, Json{{"reason", "retries exhausted"}}).status.ok());
  EXPECT_EQ(state_["state"], "dead_lettered");
  Decision by_unit = Send("notification.schedule_retry", UnitActor("yanta"), Json{{"retry_at", "2023-04-18T01:00:00.000Z"}});
  EXPECT_EQ(by_unit.status.reason(), "notification.resend_office_only");
  ASSERT_TRUE(Send("notification.schedule_retry", Office(), Json{{"retry_at", "2023-04-18T01:00:00.000Z"}}).status.ok());
  EXPECT_EQ(state_["state"], "retry_scheduled");
  // The office's own notification: the office signs for it, whoever of it signs.
  ASSERT_TRUE(Send("notification.send", kDispatcher).status.ok());
  ASSERT_TRUE(Send("notification.deliver", kDispatcher).status.ok());
  EXPECT_TRUE(Send("notification.acknowledge", Actor{"clerk-li", "office"}).status.ok());
}

TEST_F(NotificationDecideApply, ACommandTheStateDoesNotAllowNamesTheStatesThatWould) {
  ASSERT_TRUE(Queue("yanta").status.ok());
  Decision d = Send("notification.deliver", kDispatcher);
  EXPECT_EQ(d.status.code(), Status::Code::kRefused);
  EXPECT_EQ(d.status.reason(), "not_in_state");
  EXPECT_EQ(d.detail["allowed_in"], Json::array({"sent"}));
}

}  // namespace
}  // namespace safecity::notification
