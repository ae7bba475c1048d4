// Event versions on a real store: a log that holds EvidenceSubmitted at
// version 1 (written by an older safecity) and at version 2 folds, projects,
// reacts and rebuilds as if both were version 2, and the stored version-1
// event is never rewritten. An event newer than this build reads is refused
// and nothing of it is written.
#include <gtest/gtest.h>

#include "engine/aggregate.h"
#include "engine/decided_events.h"
#include "engine/log_audit.h"
#include "engine/replay.h"
#include "engine/sha256.h"
#include "engine/workflow.h"
#include "tests/integration/engine_fixture.h"
#include "workflows/rectification/task_views.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

class EventVersionsOnDisk : public EngineTest {
 protected:
  // Assigned to 雁塔区 and brought to in_progress, ready for evidence.
  void TaskInProgress(const std::string& id) {
    const std::string s = "task-" + id;
    for (auto [n, type, actor, data] :
         {std::tuple{"a", "task.assign", Office(), AssignData(id, "雁塔区")},
          {"k", "task.acknowledge", UnitActor("yanta"), Json::object()},
          {"p", "task.submit_plan", UnitActor("yanta"), Json{{"plan", "更换老旧管线"}}},
          {"s", "task.start", UnitActor("yanta"), Json::object()}}) {
      auto r = Do(Cmd(id + n, type, s, actor, data));
      ASSERT_TRUE(r.status.ok()) << type << ": " << r.body.dump();
    }
  }
  // The EvidenceSubmitted an older safecity wrote: version 1, items of name,
  // sha256 and uri only, chained and hashed as the log requires.
  EventEnvelope OlderEvidenceEvent(const std::string& id, int64_t occurred_at) {
    Store* store = engine_->store();
    auto loaded = LoadAggregate(store, DefaultWorkflows(), "task-" + id);
    const Aggregate& agg = loaded.value();
    EventEnvelope e;
    e.id = id + "-legacy-submit/1";
    e.stream = "task-" + id;
    e.version = agg.version + 1;
    e.type = "EvidenceSubmitted";
    e.schema_version = 1;
    e.occurred_at = occurred_at;
    e.actor = UnitActor("yanta");
    e.correlation_id = id + "-legacy-submit";
    e.causation_id = id + "-legacy-submit";
    e.prev_hash = agg.last_hash;
    e.data = Json{{"evidence", EvidenceData()["evidence"]}, {"note", "整改完成"}, {"submission", 1}};
    SealEvent(&e);
    return e;
  }
  EventEnvelope LastEventOf(const std::string& stream) { return engine_->store()->ReadStream(stream).value().back(); }
};

TEST_F(EventVersionsOnDisk, ALogHoldingBothVersionsOfEvidenceSubmittedFoldsToTheSameState) {
  RegisterUnits();
  TaskInProgress("T1");
  TaskInProgress("T2");
  // T1's evidence goes through today's engine: version 2.
  ASSERT_TRUE(Do(Cmd("T1e", "task.submit", "task-T1", UnitActor("yanta"), EvidenceData())).status.ok());
  const EventEnvelope newer = LastEventOf("task-T1");
  ASSERT_EQ(newer.schema_version, 2);
  EXPECT_EQ(newer.data["evidence"][0]["media_type"], "application/pdf");
  EXPECT_TRUE(newer.data["evidence"][0]["size_bytes"].is_null());
  // T2's was written by an older safecity (a node decided it and this one applies it).
  rocksdb::WriteBatch extra;
  auto appended = AppendDecidedEvents(engine_->store(), DefaultWorkflows(), {OlderEvidenceEvent("T2", newer.occurred_at)}, &extra);
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  ASSERT_EQ(appended.value().applied, 1);
  Open(/*sync=*/true);  // no cached aggregate: everything below is read from the store
  Store* store = engine_->store();

  // The same state, field for field, but for the task's id.
  Json t1 = LoadAggregate(store, DefaultWorkflows(), "task-T1").value().StateJson();
  Json t2 = LoadAggregate(store, DefaultWorkflows(), "task-T2").value().StateJson();
  t2["task_id"] = "T1";
  EXPECT_EQ(CanonicalJson(t2), CanonicalJson(t1));
  EXPECT_EQ(t1["evidence"][0]["media_type"], "application/pdf");
  EXPECT_EQ(t1["state"], "submitted");
  // Its read models too.
  ReadModelReader reader(store);
  Json summary = rectification::ReadTaskSummary(reader, "T2");
  EXPECT_EQ(summary["state"], "submitted");
  EXPECT_EQ(summary["submissions"], 1);

  // The reactors read the raised event: both submissions ask for a verification.
  auto settled = engine_->Settle();
  ASSERT_TRUE(settled.ok()) << settled.status().ToString();
  EXPECT_FALSE(store->ReadStream("verification-T1-1").value().empty());
  EXPECT_FALSE(store->ReadStream("verification-T2-1").value().empty());

  // The stored event stays as the older safecity wrote it, and the chain holds.
  const EventEnvelope older = LastEventOf("task-T2");
  EXPECT_EQ(older.type, "EvidenceSubmitted");
  EXPECT_EQ(older.schema_version, 1);
  EXPECT_FALSE(older.data["evidence"][0].contains("media_type"));
  auto verify = VerifyLog(store);
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify.value().intact) << verify.value().first_broken;

  // A rebuild from the log gives the same bytes as live processing.
  auto live = StateChecksum(store);
  ASSERT_TRUE(live.ok());
  auto rebuilt = RebuildReadModels(store, DefaultWorkflows());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(rebuilt.value().checksum, live.value());
  EXPECT_EQ(rebuilt.value().differences.total, 0);

  // And the task goes on from there: the office accepts T2's older evidence.
  auto accept = Do(Cmd("T2ok", "task.accept", "task-T2", Office(), Json{{"comment", "核查通过"}}));
  EXPECT_TRUE(accept.status.ok()) << accept.body.dump();
}

TEST_F(EventVersionsOnDisk, AnEventFromANewerSafecityIsRefusedAndNothingOfItIsWritten) {
  RegisterUnits();
  TaskInProgress("T3");
  EventEnvelope e = OlderEvidenceEvent("T3", 1680000000000);
  e.schema_version = 3;
  e.data["evidence"][0]["media_type"] = "application/pdf";
  e.data["evidence"][0]["size_bytes"] = 1024;
  e.data["evidence"][0]["pages"] = 12;
  SealEvent(&e);
  const int64_t before = Events();
  rocksdb::WriteBatch extra;
  auto appended = AppendDecidedEvents(engine_->store(), DefaultWorkflows(), {e}, &extra);
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.status().code(), Status::Code::kStorage);
  EXPECT_NE(appended.status().message().find("task-T3@5 (EvidenceSubmitted) was written at schema version 3"), std::string::npos)
      << appended.status().message();
  EXPECT_NE(appended.status().message().find("upgrade safecity"), std::string::npos);
  EXPECT_EQ(Events(), before);
  EXPECT_EQ(LastEventOf("task-T3").type, "RectificationStarted");
}

TEST_F(EventVersionsOnDisk, ASubmissionKeepsTheSendersMediaTypeAndSize) {
  RegisterUnits();
  TaskInProgress("T4");
  Json data{{"evidence", Json::array({Json{{"name", "现场照片.bin"}, {"sha256", Sha256Hex("photo")}, {"uri", "s3://evidence/p1"},
                                          {"media_type", "Image/JPEG"}, {"size_bytes", 2048576}}})}};
  auto r = Do(Cmd("T4e", "task.submit", "task-T4", UnitActor("yanta"), data));
  ASSERT_TRUE(r.status.ok()) << r.body.dump();
  const Json item = LastEventOf("task-T4").data["evidence"][0];
  EXPECT_EQ(item["media_type"], "image/jpeg");
  EXPECT_EQ(item["size_bytes"], 2048576);
  // A media type that is not type/subtype is refused at intake, naming the field.
  data["evidence"][0]["media_type"] = "jpeg";
  auto bad = Do(Cmd("T4f", "task.submit", "task-T4", UnitActor("yanta"), data));
  ASSERT_FALSE(bad.status.ok());
  EXPECT_EQ(bad.status.field(), "data.evidence[0].media_type") << bad.status.ToString();
}

}  // namespace
}  // namespace safecity::testing
