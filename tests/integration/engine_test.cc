// The engine as units and the office meet it: idempotency, bad input that
// leaves the log exactly as it was, who may act, refusals, worker restarts.
#include <thread>

#include "cli/exit_code.h"
#include "engine/replay.h"
#include "engine/workflow.h"
#include "tests/integration/engine_fixture.h"
#include "workflows/rectification/task_views.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

class EngineBehaviour : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    RegisterUnits();
    auto r = Do(Cmd("a1", "task.assign", "task-T1", Office(), AssignData("T1", "雁塔区", {"城管局"})));
    ASSERT_TRUE(r.status.ok()) << r.body.dump();
  }
  // Submits and asserts the command changed nothing in the log.
  CommandResult Rejected(CommandEnvelope c, Status::Code code) {
    int64_t before = Events();
    CommandResult r = Do(std::move(c));
    EXPECT_EQ(r.status.code(), code) << r.body.dump();
    EXPECT_EQ(Events(), before) << "a rejected command must not write";
    EXPECT_EQ(r.body["status"], "rejected");
    return r;
  }
};

TEST_F(EngineBehaviour, AssignResolvesUnitNamesAndAliasesToIds) {
  ReadModelReader reader(engine_->store());
  Json t = rectification::ReadTaskSummary(reader, "T1");
  ASSERT_TRUE(t.is_object());
  EXPECT_EQ(t["lead_unit"], "yanta");
  EXPECT_EQ(t["cooperating_units"], Json::array({"cgj"}));
  EXPECT_EQ(t["state"], "assigned");
}

TEST_F(EngineBehaviour, RepeatedCommandIdReturnsTheFirstResultAndWritesNothing) {
  auto first = Do(Cmd("ack-1", "task.acknowledge", "task-T1", UnitActor("yanta"), Json::object()));
  ASSERT_TRUE(first.status.ok());
  int64_t n = Events();
  auto again = Do(Cmd("ack-1", "task.acknowledge", "task-T1", UnitActor("yanta"), Json::object()));
  EXPECT_TRUE(again.status.ok()) << "a retry of a processed command is not an error";
  EXPECT_TRUE(again.body["duplicate"].get<bool>());
  EXPECT_EQ(again.body["events"], first.body["events"]);
  EXPECT_EQ(Events(), n);
  // After a restart the record alone gives the whole first result back.
  Open(/*sync=*/true);
  Json expected = first.body;
  expected["duplicate"] = true;
  EXPECT_EQ(Do(Cmd("ack-1", "task.acknowledge", "task-T1", UnitActor("yanta"), Json::object())).body, expected);
  auto record = engine_->store()->Get(Cf::kCommands, "ack-1");
  ASSERT_TRUE(record.ok() && record.value());
  EXPECT_EQ(record.value()->size(), 45u) << "a command's record is its fingerprint, first position and count";
}

TEST_F(EngineBehaviour, ACommandReceiptOfTheOlderJsonFormStillAnswersARetry) {
  // Stores written before the compact record keep the result body as JSON.
  auto first = Do(Cmd("ack-2", "task.acknowledge", "task-T1", UnitActor("yanta"), Json::object()));
  ASSERT_TRUE(first.status.ok());
  rocksdb::WriteBatch b;
  b.Put(engine_->store()->handle(Cf::kCommands), "ack-2", CanonicalJson(first.body));
  ASSERT_TRUE(engine_->store()->Write(&b, true).ok());
  Open(/*sync=*/true);
  auto again = Do(Cmd("ack-2", "task.acknowledge", "task-T1", UnitActor("yanta"), Json::object()));
  EXPECT_TRUE(again.status.ok());
  EXPECT_EQ(again.body["events"], first.body["events"]);
  auto other = Do(Cmd("ack-2", "task.start", "task-T1", UnitActor("yanta"), Json::object()));
  EXPECT_EQ(other.status.code(), Status::Code::kConflict) << "its fingerprint still guards the id";
}

TEST_F(EngineBehaviour, ReusingACommandIdForAnotherCommandIsAConflict) {
  ASSERT_TRUE(Do(Cmd("a2", "task.assign", "task-T2", Office(), AssignData("T2", "yanta"))).status.ok());
  ASSERT_TRUE(Do(Cmd("K", "task.acknowledge", "task-T1", UnitActor("yanta"), Json::object())).status.ok());
  auto r = Rejected(Cmd("K", "task.acknowledge", "task-T2", UnitActor("yanta"), Json::object()), Status::Code::kConflict);
  EXPECT_NE(r.status.message().find("already used for a different command"), std::string::npos);
  ReadModelReader reader(engine_->store());
  Json t2 = rectification::ReadTaskSummary(reader, "T2");
  EXPECT_EQ(t2["state"], "assigned") << "the second command must not be reported done";
  // The same command again, naming the unit by name instead of id, is a retry.
  EXPECT_TRUE(Do(Cmd("K", "task.acknowledge", "task-T1", UnitActor("雁塔区"), Json::object())).body["duplicate"].get<bool>());
}

TEST_F(EngineBehaviour, InvalidUtf8IsRefusedAtIntakeWithoutHurtingAWorker) {
  Json d = AssignData("T6", "yanta");
  d["title"] = std::string("bad\xff");
  auto r = Rejected(Cmd("u8", "task.assign", "task-T6", Office(), d), Status::Code::kInvalid);
  EXPECT_EQ(r.status.field(), "data.title");
  EXPECT_EQ(engine_->restarts(), 0);
  Rejected(Cmd("u9", "task.acknowledge", "task-T1", UnitActor(std::string("ya\xffnta")), Json::object()),
           Status::Code::kInvalid);
}

TEST_F(EngineBehaviour, DatesOutsideWhatTheLogCanHoldAreRefused) {
  for (const char* when : {"1970-01-01T07:00:00+08:00", "9999-12-31T23:00:00-08:00"}) {
    auto r = Rejected(Cmd(std::string("d-") + when, "task.assign", "task-T7", Office(), AssignData("T7", "yanta", {}, when)),
                      Status::Code::kInvalid);
    EXPECT_EQ(r.status.field(), "data.deadline") << when;
  }
}

TEST_F(EngineBehaviour, UnitNamesIdsAndAliasesCannotCollide) {
  // An alias that is another unit's id, or another unit's alias.
  auto r = Rejected(Cmd("ux1", "unit.register", "unit-lianhu", Office(), UnitData("lianhu", "莲湖区", "district", {"yanta"})),
                    Status::Code::kInvalid);
  EXPECT_EQ(r.status.field(), "data.aliases");
  Rejected(Cmd("ux2", "unit.register", "unit-lianhu", Office(), UnitData("lianhu", "莲湖区", "district", {"城管局"})),
           Status::Code::kInvalid);
  // An id that is already another unit's alias.
  ASSERT_TRUE(Do(Cmd("ux3", "unit.register", "unit-lianhu", Office(), UnitData("lianhu", "莲湖区", "district", {"lh"})))
                  .status.ok());
  r = Rejected(Cmd("ux4", "unit.register", "unit-lh", Office(), UnitData("lh", "临潼区", "district")), Status::Code::kInvalid);
  EXPECT_EQ(r.status.field(), "data.id");
}

TEST_F(EngineBehaviour, UnknownUnitListsNearMatches) {
  auto r = Rejected(Cmd("a2", "task.assign", "task-T2", Office(), AssignData("T2", "雁塔")), Status::Code::kNotFound);
  EXPECT_EQ(r.status.field(), "data.lead_unit");
  EXPECT_NE(r.status.message().find("雁塔区"), std::string::npos) << r.status.message();
}

TEST_F(EngineBehaviour, UnknownTaskIsNotFound) {
  auto r = Rejected(Cmd("x", "task.acknowledge", "task-NOPE", UnitActor("yanta"), Json::object()), Status::Code::kNotFound);
  EXPECT_EQ(r.status.field(), "task");
}

TEST_F(EngineBehaviour, MalformedDataNamesTheField) {
  Json bad = EvidenceData();
  bad["evidence"][0]["sha256"] = "not-a-hash";
  auto r = Rejected(Cmd("s1", "task.submit", "task-T1", UnitActor("yanta"), bad), Status::Code::kInvalid);
  EXPECT_EQ(r.status.field(), "data.evidence[0].sha256");
  Json extra = Json{{"note", "x"}, {"notes", "typo"}};
  r = Rejected(Cmd("s2", "task.acknowledge", "task-T1", UnitActor("yanta"), extra), Status::Code::kInvalid);
  EXPECT_NE(r.status.ToString().find("notes"), std::string::npos) << r.status.ToString();
}

TEST_F(EngineBehaviour, FieldOverItsSizeLimitIsRefusedWithTheLimit) {
  Json d = AssignData("T3", "yanta");
  d["title"] = std::string(201, 'x');
  auto r = Rejected(Cmd("a3", "task.assign", "task-T3", Office(), d), Status::Code::kInvalid);
  EXPECT_EQ(r.status.field(), "data.title");
  EXPECT_NE(r.status.message().find("200"), std::string::npos) << r.status.message();
}

TEST_F(EngineBehaviour, DeadlineBeforeAssignmentIsInvalid) {
  auto r = Rejected(Cmd("a4", "task.assign", "task-T4", Office(), AssignData("T4", "yanta", {}, "2023-02-01")),
                    Status::Code::kInvalid);
  EXPECT_EQ(r.status.field(), "data.deadline");
  r = Rejected(Cmd("a5", "task.assign", "task-T5", Office(), AssignData("T5", "yanta", {}, "next week")),
               Status::Code::kInvalid);
  EXPECT_EQ(r.status.field(), "data.deadline");
}

TEST_F(EngineBehaviour, UnitNotResponsibleIsForbidden) {
  auto r = Rejected(Cmd("x1", "task.acknowledge", "task-T1", UnitActor("碑林区"), Json::object()), Status::Code::kForbidden);
  EXPECT_EQ(r.status.field(), "actor");
  EXPECT_EQ(cli::ExitCode(r.status), 2);
  // A cooperating unit may act.
  EXPECT_TRUE(Do(Cmd("x2", "task.acknowledge", "task-T1", UnitActor("cgj"), Json::object())).status.ok());
  // A unit may not assign, nor accept or close work.
  Rejected(Cmd("x3", "task.assign", "task-T9", UnitActor("yanta"), AssignData("T9", "yanta")), Status::Code::kForbidden);
  Rejected(Cmd("x4", "task.accept", "task-T1", UnitActor("yanta"), Json::object()), Status::Code::kForbidden);
  Rejected(Cmd("x5", "task.close", "task-T1", UnitActor("yanta"), Json::object()), Status::Code::kForbidden);
}

TEST_F(EngineBehaviour, IllegalCommandIsRefusedWithStateAndAllowedStates) {
  auto r = Rejected(Cmd("c1", "task.close", "task-T1", Office(), Json::object()), Status::Code::kRefused);
  EXPECT_EQ(r.body["state"], "assigned");
  EXPECT_EQ(r.body["allowed_in"], Json::array({"accepted"}));
  EXPECT_EQ(cli::ExitCode(r.status), 1);
  EXPECT_NE(r.status.message().find("is assigned"), std::string::npos);
}

TEST_F(EngineBehaviour, ExtensionRequestGrantAndRefuse) {
  ASSERT_TRUE(Do(Cmd("e0", "task.acknowledge", "task-T1", UnitActor("yanta"), Json::object())).status.ok());
  // Asking for an earlier date is invalid.
  Rejected(Cmd("e1", "task.request_extension", "task-T1", UnitActor("yanta"),
               Json{{"new_deadline", "2023-04-01"}, {"reason", "x"}}),
           Status::Code::kInvalid);
  Rejected(Cmd("e2", "task.grant_extension", "task-T1", Office(), Json::object()), Status::Code::kRefused);
  ASSERT_TRUE(Do(Cmd("e3", "task.request_extension", "task-T1", UnitActor("yanta"),
                     Json{{"new_deadline", "2023-05-15"}, {"reason", "多部门协调"}}))
                  .status.ok());
  Rejected(Cmd("e4", "task.request_extension", "task-T1", UnitActor("yanta"),
               Json{{"new_deadline", "2023-05-20"}, {"reason", "again"}}),
           Status::Code::kRefused);
  ASSERT_TRUE(Do(Cmd("e5", "task.grant_extension", "task-T1", Office(), Json::object())).status.ok());
  ReadModelReader reader(engine_->store());
  Json t = rectification::ReadTaskSummary(reader, "T1");
  EXPECT_EQ(t["deadline"], "2023-05-15T15:59:59.999Z");
  EXPECT_FALSE(t["extension_pending"].get<bool>());
}

TEST_F(EngineBehaviour, WholePathWithReturnUpdatesCounts) {
  auto ok = [&](const char* id, const char* type, Actor a, Json d) {
    auto r = Do(Cmd(id, type, "task-T1", a, d));
    ASSERT_TRUE(r.status.ok()) << r.body.dump();
  };
  ok("p1", "task.acknowledge", UnitActor("yanta"), Json::object());
  ok("p2", "task.submit_plan", UnitActor("yanta"), Json{{"plan", "排查燃气管道"}});
  ok("p3", "task.start", UnitActor("yanta"), Json::object());
  ok("p4", "task.submit", UnitActor("yanta"), EvidenceData());
  ok("p5", "task.return", InspectorActor(), Json{{"reasons", {"照片不清晰"}}});
  ok("p6", "task.submit", UnitActor("yanta"), EvidenceData());
  ok("p7", "task.accept", InspectorActor(), Json::object());
  ok("p8", "task.close", Office(), Json::object());
  ReadModelReader r(engine_->store());
  EXPECT_EQ(r.Counter("cnt/yanta/assigned"), 1);
  EXPECT_EQ(r.Counter("cnt/yanta/open"), 0);
  EXPECT_EQ(r.Counter("cnt/yanta/closed"), 1);
  EXPECT_EQ(r.Counter("cnt/yanta/returned"), 1);
  bool in_due = false;
  r.Scan("due/", [&](const std::string&, const std::string&) { return !(in_due = true); });
  EXPECT_FALSE(in_due) << "a closed task leaves the open-by-deadline index";
  auto events = engine_->store()->ReadStream("task-T1");
  ASSERT_EQ(events.value().size(), 9u);
  EXPECT_EQ(events.value()[5].type, "TaskReturned");
  for (size_t i = 1; i < events.value().size(); ++i)
    EXPECT_EQ(events.value()[i].prev_hash, events.value()[i - 1].hash) << "hash chain link " << i;
}

TEST_F(EngineBehaviour, CrashedWorkerIsRestartedAndRebuildsFromTheStore) {
  for (size_t p = 0; p < engine_->partitions(); ++p) engine_->CrashPartitionForTest(p);
  // Submit blocks until a (restarted) worker answers; no sleep needed.
  auto r = Do(Cmd("k1", "task.acknowledge", "task-T1", UnitActor("yanta"), Json::object()));
  ASSERT_TRUE(r.status.ok()) << r.body.dump();
  EXPECT_GE(engine_->restarts(), 1);
  // The restarted worker knows the task's state from its snapshot.
  auto again = Do(Cmd("k2", "task.acknowledge", "task-T1", UnitActor("yanta"), Json::object()));
  EXPECT_EQ(again.status.code(), Status::Code::kRefused);
}

TEST_F(EngineBehaviour, ConcurrentCommandsFromManyThreadsAreAllAppliedOnce) {
  constexpr int kThreads = 8, kTasks = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTasks; ++i) {
        std::string id = "C" + std::to_string(t) + "-" + std::to_string(i);
        if (!Do(Cmd("as-" + id, "task.assign", "task-" + id, Office(), AssignData(id, "beilin"))).status.ok()) ++failures;
        if (!Do(Cmd("ak-" + id, "task.acknowledge", "task-" + id, UnitActor("beilin"), Json::object())).status.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  ReadModelReader r(engine_->store());
  EXPECT_EQ(r.Counter("cnt/beilin/assigned"), kThreads * kTasks);
  auto before = StateChecksum(engine_->store());
  auto rebuilt = RebuildReadModels(engine_->store(), DefaultWorkflows());
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(rebuilt.value().checksum, before.value());
}

TEST_F(EngineBehaviour, AStoppingServerLeavesItsBacklogOfReactionsToTheNextStart) {
  // A server that was asked to stop waited for its whole backlog of
  // reactions first: 18 minutes after a 30-minute soak run.
  for (const char* t : {"T2", "T3", "T4"})
    ASSERT_TRUE(Do(Cmd(std::string("a") + t, "task.assign", std::string("task-") + t, Office(), AssignData(t, "雁塔区"))).status.ok());
  Store* store = engine_->store();
  ReactionRunner* live = nullptr;
  ReactionRunner runner(store, DefaultWorkflows(), DefaultReactors(), [&](const std::vector<CommandEnvelope>& cmds) {
    live->StopSettling();  // the stop arrives while the first reaction is carried out
    return engine_->SubmitReactions(cmds);
  });
  live = &runner;
  auto stopped = runner.Settle();
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_TRUE(stopped.value().stopped);
  const int64_t reacted_to = runner.checkpoint();
  EXPECT_GT(reacted_to, 0) << "the event under way is finished and checkpointed";
  EXPECT_LT(reacted_to, store->LastPosition()) << "the rest is left";
  EXPECT_EQ(runner.Settle().value().events, 0) << "a stopped runner starts nothing new";

  // The next start takes up the rest from the checkpoint: every task's lead
  // unit is told of it.
  auto rest = engine_->Settle();
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_FALSE(rest.value().stopped);
  EXPECT_EQ(engine_->reactions()->checkpoint(), store->LastPosition());
  int told = 0;
  ReadModelReader(store).Scan("ntf/", [&](const std::string&, const std::string& v) {
    told += v.find("task_assigned") != std::string::npos;
    return true;
  });
  EXPECT_GE(told, 4) << "T1 to T4 each reached an inbox";
}

TEST_F(EngineBehaviour, ANotificationsCommandsOfABatchGoOutTogetherAndEveryOneIsDelivered) {
  // A clock tick over thousands of overdue tasks queues, sends and delivers
  // a notification for each escalation; one round trip per command made it
  // take 7 s for 37,600 of them.
  for (const char* t : {"T2", "T3", "T4"})
    ASSERT_TRUE(Do(Cmd(std::string("a") + t, "task.assign", std::string("task-") + t, Office(), AssignData(t, "雁塔区"))).status.ok());
  Store* store = engine_->store();
  std::vector<std::vector<std::string>> submissions;  // the command types of each
  ReactionRunner runner(
      store, DefaultWorkflows(), DefaultReactors(),
      [&](const std::vector<CommandEnvelope>& cmds) {
        std::vector<std::string> types;
        for (const auto& c : cmds) types.push_back(c.type);
        submissions.push_back(types);
        return engine_->SubmitReactions(cmds);
      },
      DeferredStreamKinds());
  auto settled = runner.Settle();
  ASSERT_TRUE(settled.ok()) << settled.status().ToString();
  EXPECT_EQ(settled.value().refused, 0);
  // The tasks' notifications are queued, then sent, then delivered: three
  // submissions, each holding every notification of its step.
  std::vector<std::vector<std::string>> of_notifications;
  for (const auto& s : submissions)
    if (!s.empty() && s.front().rfind("notification.", 0) == 0) of_notifications.push_back(s);
  ASSERT_EQ(of_notifications.size(), 3u);
  const char* steps[] = {"notification.queue", "notification.send", "notification.deliver"};
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_GE(of_notifications[k].size(), 3u) << steps[k] << ": one per task at least";
    EXPECT_EQ(of_notifications[k].size(), of_notifications[0].size()) << steps[k];
    for (const auto& type : of_notifications[k]) EXPECT_EQ(type, steps[k]);
  }
  // And every one of them reached its inbox.
  int delivered = 0, rows = 0;
  ReadModelReader(store).Scan("ntf/", [&](const std::string&, const std::string& v) {
    ++rows;
    delivered += Json::parse(v)["state"] == "delivered";
    return true;
  });
  EXPECT_EQ(delivered, rows);
  EXPECT_EQ(static_cast<size_t>(rows), of_notifications[0].size());
  EXPECT_EQ(runner.checkpoint(), store->LastPosition());
}

}  // namespace
}  // namespace safecity::testing
