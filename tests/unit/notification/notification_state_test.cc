// The notification's typed state (Notification): folded in place from
// events, and read back whole from its JSON form (the snapshot).
#include <gtest/gtest.h>

#include "engine/time_util.h"
#include "tests/test_util.h"
#include "workflows/notification/notification_state.h"

namespace safecity::notification {
namespace {

EventEnvelope Event(const std::string& type, Json data, const std::string& at) {
  return safecity::testing::EventOf("notification-N-9", type, std::move(data), at, Actor{"webhook-dispatcher", "system"});
}

Json Queued(const std::string& channel) {
  Json q{{"notification_id", "N-9"}, {"recipient", "yanta"}, {"recipient_role", "unit"}, {"channel", channel},
         {"kind", "task_escalated"}, {"subject", "任务 XA-1 逾期"}, {"body", "请尽快整改"}, {"ref", "task-XA-1"}};
  if (channel == "webhook") q["subscription"] = "yanta-oa";
  return q;
}

TEST(NotificationState, AWebhookNotificationThroughRetryAndDeadLetterReadsBackWholeAtEveryStep) {
  const std::vector<EventEnvelope> life = {
      Event("NotificationQueued", Queued("webhook"), "2023-04-17T09:00:00+08:00"),
      Event("NotificationSent", {{"attempt", 1}}, "2023-04-17T09:00:01+08:00"),
      Event("NotificationFailed", {{"attempt", 1}, {"error", "HTTP 503"}}, "2023-04-17T09:00:02+08:00"),
      Event("NotificationRetryScheduled", {{"retry_at", "2023-04-17T01:05:00.000Z"}}, "2023-04-17T09:00:03+08:00"),
      Event("NotificationSent", {{"attempt", 2}}, "2023-04-17T09:05:00+08:00"),
      Event("NotificationFailed", {{"attempt", 2}, {"error", "timeout"}}, "2023-04-17T09:05:30+08:00"),
      Event("NotificationDeadLettered", {{"reason", "retries exhausted"}, {"attempts", 2}}, "2023-04-17T09:06:00+08:00")};
  Notification n;
  EXPECT_TRUE(n.ToJson().is_null());
  for (const EventEnvelope& e : life) {
    ApplyNotificationEvent(n, e);
    const Json j = n.ToJson();
    EXPECT_EQ(Notification::FromJson(j), n) << "after " << e.type << ": " << j.dump();
    EXPECT_EQ(Notification::FromJson(j).ToJson(), j) << e.type;
  }
  const Json j = n.ToJson();
  EXPECT_EQ(j["state"], "dead_lettered");
  EXPECT_EQ(j["attempts"], 2);
  EXPECT_EQ(j["last_error"], "timeout");
  EXPECT_EQ(j["retry_at"], "2023-04-17T01:05:00.000Z");
  EXPECT_EQ(j["queued_at"], "2023-04-17T01:00:00.000Z");
  EXPECT_EQ(j["queued_at_ms"], *ParseIsoMs("2023-04-17T09:00:00+08:00"));
  EXPECT_EQ(j["subscription"], "yanta-oa");
  EXPECT_EQ(j["updated_at"], "2023-04-17T01:06:00.000Z");
}

TEST(NotificationState, AnInboxNotificationQueuedBeforeRecipientRoleKeepsItsOldShapeAndReadsItsRole) {
  Json old = Queued("inbox");
  old.erase("recipient_role");
  old["recipient"] = "office";
  Notification n;
  ApplyNotificationEvent(n, Event("NotificationQueued", old, "2023-04-17T09:00:00+08:00"));
  ApplyNotificationEvent(n, Event("NotificationSent", {{"attempt", 1}}, "2023-04-17T09:00:00+08:00"));
  ApplyNotificationEvent(n, Event("NotificationDelivered", {{"attempt", 1}}, "2023-04-17T09:00:00+08:00"));
  ApplyNotificationEvent(n, Event("NotificationAcknowledged", {{"note", ""}}, "2023-04-18T09:00:00+08:00"));
  EXPECT_FALSE(n.ToJson().contains("recipient_role")) << "the state stays as it was; the role is derived";
  EXPECT_EQ(n.RecipientRoleOrDefault(), "office");
  EXPECT_EQ(n.InboxOwner(), "office");
  EXPECT_TRUE(n.IsRecipient(Actor{"clerk-li", "office"}));
  EXPECT_EQ(n.ToJson()["acknowledged_at"], "2023-04-18T01:00:00.000Z");
  EXPECT_EQ(Notification::FromJson(n.ToJson()), n);
}

TEST(NotificationState, KeysThisBuildDoesNotNameAreKeptAndWhatIsNotAStateIsRefused) {
  Notification n;
  ApplyNotificationEvent(n, Event("NotificationQueued", Queued("inbox"), "2023-04-17T09:00:00+08:00"));
  Json snapshot = n.ToJson();
  snapshot["priority_from_a_later_build"] = "high";
  EXPECT_EQ(Notification::FromJson(snapshot).ToJson(), snapshot);
  Json no_state = n.ToJson();
  no_state.erase("state");
  EXPECT_ANY_THROW(Notification::FromJson(no_state));
  Json bad_time = n.ToJson();
  bad_time["updated_at"] = "soon";
  EXPECT_ANY_THROW(Notification::FromJson(bad_time));
}

}  // namespace
}  // namespace safecity::notification
