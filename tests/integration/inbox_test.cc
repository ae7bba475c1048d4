// Inboxes by role and principal (workflows/notification/recipient.h), and
// the notifications queued before NotificationQueued named the recipient's
// role: they replay to the very state they had, land in the inbox of the
// role they were for, only that recipient acknowledges them, and a rebuild
// of the read models is byte-identical to what live processing wrote.
#include <gtest/gtest.h>
#include <rocksdb/write_batch.h>

#include "engine/decided_events.h"
#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/workflow.h"
#include "tests/integration/engine_fixture.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

class Inbox : public EngineTest {
 protected:
  // A NotificationQueued as the process manager wrote it before recipient_role.
  static EventEnvelope Legacy(const std::string& id, const std::string& recipient, const std::string& kind, int64_t at_ms) {
    EventEnvelope e;
    e.id = "legacy-" + id;
    e.stream = "notification-" + id;
    e.version = 1;
    e.type = "NotificationQueued";
    e.occurred_at = at_ms;
    e.actor = Actor{"process-manager", "system"};
    e.causation_id = "cause-" + id;
    e.correlation_id = "cause-" + id;
    e.data = Json{{"notification_id", id}, {"recipient", recipient}, {"channel", "inbox"}, {"kind", kind},
                  {"subject", "通知 " + id},  {"body", "请处理"},       {"ref", "task-Y1"}};
    e.hash = ComputeEventHash(e);
    return e;
  }
  bool Has(const std::string& prefix) {
    bool found = false;
    ReadModelReader(engine_->store()).Scan(prefix, [&](const std::string&, const std::string&) {
      found = true;
      return false;
    });
    return found;
  }
};

TEST_F(Inbox, NotificationsQueuedBeforeRecipientRoleKeepTheirStateAndReachTheRightInbox) {
  RegisterUnits();
  const int64_t at = *ParseIsoMs("2023-03-02T09:00:00+08:00");
  const EventEnvelope for_inspector = Legacy("nold1", "yanta", "verification_assigned", at);
  const EventEnvelope for_unit = Legacy("nold2", "yanta", "task_assigned", at);
  rocksdb::WriteBatch batch;
  auto appended = AppendDecidedEvents(engine_->store(), DefaultWorkflows(), {for_inspector, for_unit}, &batch);
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();

  // The state is what it always was: the event's data and the queue's fields, no role added.
  auto state = FoldStreamAsOf(engine_->store(), DefaultWorkflows(), "notification-nold1", at);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  Json expected = for_inspector.data;
  expected["state"] = "queued";
  expected["queued_at"] = FormatIsoMs(at);
  expected["queued_at_ms"] = at;
  expected["attempts"] = 0;
  expected["last_error"] = "";
  expected["updated_at"] = FormatIsoMs(at);
  EXPECT_EQ(state.value().state, expected);
  EXPECT_FALSE(ReadModelReader(engine_->store()).GetJson("ntf/nold1").contains("recipient_role")) << "its row as before";

  // Each in the inbox of the role it was for.
  EXPECT_TRUE(Has("inbox/inspector:yanta/"));
  EXPECT_TRUE(Has("inbox/yanta/"));
  bool mixed = false;
  ReadModelReader(engine_->store()).Scan("inbox/yanta/", [&](const std::string& key, const std::string&) {
    mixed = mixed || key.find("nold1") != std::string::npos;
    return true;
  });
  EXPECT_FALSE(mixed) << "the inspector's notification is not in the unit's inbox";

  // Rebuilding from the log gives the very same read models.
  auto live = StateChecksum(engine_->store());
  auto rebuilt = RebuildReadModels(engine_->store(), DefaultWorkflows());
  ASSERT_TRUE(live.ok() && rebuilt.ok());
  EXPECT_EQ(rebuilt.value().checksum, live.value());

  // Delivered, each is acknowledged by its own recipient only.
  ASSERT_TRUE(engine_->Settle().ok());
  const Actor inspector{"yanta", "inspector"};
  EXPECT_EQ(Do(Cmd("ack-1u", "notification.acknowledge", "notification-nold1", UnitActor("yanta"), Json::object())).status.code(),
            Status::Code::kForbidden);
  EXPECT_EQ(Do(Cmd("ack-2i", "notification.acknowledge", "notification-nold2", inspector, Json::object())).status.code(),
            Status::Code::kForbidden);
  EXPECT_TRUE(Do(Cmd("ack-1i", "notification.acknowledge", "notification-nold1", inspector, Json::object())).status.ok());
  EXPECT_TRUE(Do(Cmd("ack-2u", "notification.acknowledge", "notification-nold2", UnitActor("yanta"), Json::object())).status.ok());
}

TEST_F(Inbox, NewNotificationsNameTheirRecipientsRole) {
  RegisterUnits();
  ASSERT_TRUE(Do(Cmd("assign-Y1", "task.assign", "task-Y1", Office(), AssignData("Y1", "yanta", {"beilin"}))).status.ok());
  ASSERT_TRUE(engine_->Settle().ok());
  int queued = 0;
  auto events = engine_->store()->ReadAll(1, 100000);
  ASSERT_TRUE(events.ok());
  for (const EventEnvelope& e : events.value()) {
    if (e.type != "NotificationQueued") continue;
    ++queued;
    EXPECT_EQ(e.data.value("recipient_role", ""), "unit") << e.data.dump();
  }
  EXPECT_EQ(queued, 2) << "lead and cooperating unit";
  // An office's notification is the office's, whoever of the office reads it.
  ASSERT_TRUE(Do(Cmd("q-office", "notification.queue", "notification-nof", Office(),
                     Json{{"notification_id", "nof"}, {"recipient", "office"}, {"channel", "inbox"}, {"kind", "verification_requested"},
                          {"subject", "待分派核查"}, {"body", ""}, {"ref", "task-Y1"}}))
                  .status.ok());
  ASSERT_TRUE(engine_->Settle().ok());
  EXPECT_TRUE(Has("inbox/office/"));
  EXPECT_TRUE(Do(Cmd("ack-office", "notification.acknowledge", "notification-nof", Actor{"wang", "office"}, Json::object())).status.ok());
}

}  // namespace
}  // namespace safecity::testing
