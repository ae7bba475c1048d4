// A task's summary on a real store: the card written once, the small status
// record written by every event, read together as the one summary the CLI,
// the API and the reactors use; and a store written before the split reads
// the same.
#include <gtest/gtest.h>

#include <rocksdb/write_batch.h>

#include "engine/aggregate.h"
#include "engine/time_util.h"
#include "engine/workflow.h"
#include "tests/integration/engine_fixture.h"
#include "workflows/rectification/task_views.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

class TaskViewsOnDisk : public EngineTest {};

// The summary as the single record held it before the split, from the state.
Json WholeSummary(const Json& s) {
  return Json{{"task_id", s["task_id"]},         {"title", s["title"]},
              {"category", s["category"]},       {"lead_unit", s["lead_unit"]},
              {"cooperating_units", s["cooperating_units"]}, {"state", s["state"]},
              {"deadline", s["deadline"]},       {"assigned_at", s["assigned_at"]},
              {"updated_at", s["updated_at"]},   {"returns", s["returns"]},
              {"submissions", s["submissions"]}, {"extension_pending", !s["extension_request"].is_null()},
              {"escalation", s.value("escalation", "")}, {"source", s["source"]},
              {"campaign", s.value("campaign", "")}};
}

// Which task read-model keys one event's projection writes.
std::vector<std::string> KeysPutBy(Store* store, const std::string& stream, int64_t version) {
  auto events = store->ReadStream(stream).value();
  Aggregate agg;
  for (int64_t v = 1; v < version; ++v) EXPECT_TRUE(ApplyEvent(DefaultWorkflows(), &agg, events[static_cast<size_t>(v - 1)], nullptr).ok());
  rocksdb::WriteBatch batch;
  ReadModelWriter w(store, &batch);
  EXPECT_TRUE(ApplyEvent(DefaultWorkflows(), &agg, events[static_cast<size_t>(version - 1)], &w).ok());
  struct Keys : rocksdb::WriteBatch::Handler {
    std::vector<std::string> put;
    rocksdb::Status PutCF(uint32_t, const rocksdb::Slice& k, const rocksdb::Slice&) override {
      put.push_back(k.ToString());
      return rocksdb::Status::OK();
    }
    rocksdb::Status DeleteCF(uint32_t, const rocksdb::Slice&) override { return rocksdb::Status::OK(); }
    rocksdb::Status MergeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override { return rocksdb::Status::OK(); }
  } keys;
  EXPECT_TRUE(batch.Iterate(&keys).ok());
  return keys.put;
}

TEST_F(TaskViewsOnDisk, TheSummaryIsTheCardWithItsStatusAndEveryEventRewritesOnlyTheStatus) {
  RegisterUnits();
  for (auto [id, type, actor, data] :
       {std::tuple{"a", "task.assign", Office(), AssignData("T1", "雁塔区", {"城管局"})},
        {"k", "task.acknowledge", UnitActor("yanta"), Json::object()},
        {"x", "task.request_extension", UnitActor("cgj"), Json{{"new_deadline", "2023-05-15"}, {"reason", "汛期"}}},
        {"p", "task.submit_plan", UnitActor("yanta"), Json{{"plan", "更换老旧管线"}}},
        {"s", "task.start", UnitActor("yanta"), Json::object()},
        {"e", "task.submit", UnitActor("yanta"), EvidenceData()},
        {"r", "task.return", Office(), Json{{"reasons", {"照片不清晰"}}}}}) {
    auto r = Do(Cmd(id, type, "task-T1", actor, data));
    ASSERT_TRUE(r.status.ok()) << type << ": " << r.body.dump();
    Store* store = engine_->store();
    ReadModelReader reader(store);
    Json state = LoadAggregate(store, DefaultWorkflows(), "task-T1").value().StateJson();
    EXPECT_EQ(rectification::ReadTaskSummary(reader, "T1"), WholeSummary(state)) << "after " << type;
  }
  Store* store = engine_->store();
  // The card goes in with the assignment; later events write the status, not the card.
  auto first = KeysPutBy(store, "task-T1", 1);
  EXPECT_NE(std::find(first.begin(), first.end(), rectification::TaskCardKey("T1")), first.end());
  for (int64_t v = 2; v <= 7; ++v) {
    auto keys = KeysPutBy(store, "task-T1", v);
    EXPECT_EQ(std::find(keys.begin(), keys.end(), rectification::TaskCardKey("T1")), keys.end()) << "event " << v;
    EXPECT_NE(std::find(keys.begin(), keys.end(), rectification::TaskStatusKey("T1")), keys.end()) << "event " << v;
  }
  ReadModelReader reader(store);
  EXPECT_TRUE(rectification::ReadTaskSummary(reader, "NOPE").is_null());
}

// A task assigned with its deadline pending (完成时限待定) reads as pending, is
// in no due index, and once dated reads as dated: the card says it no more.
TEST_F(TaskViewsOnDisk, APendingDeadlineReadsAsPendingUntilItIsSet) {
  RegisterUnits();
  Json data = AssignData("T1", "雁塔区");
  data.erase("deadline");
  data["deadline_pending"] = "按照国家确定时间实施";
  ASSERT_TRUE(Do(Cmd("a", "task.assign", "task-T1", Office(), data)).status.ok());
  ReadModelReader reader(engine_->store());
  Json t = rectification::ReadTaskSummary(reader, "T1");
  EXPECT_EQ(t["deadline"], "");
  EXPECT_EQ(t["deadline_pending"], "按照国家确定时间实施");
  bool due = false;
  ASSERT_TRUE(rectification::ForEachDueBetween(reader, 0, INT64_MAX, [&](const rectification::DueTask&) { return due = true; }).ok());
  EXPECT_FALSE(due) << "a pending task falls due in no period";
  ASSERT_TRUE(Do(Cmd("d", "task.set_deadline", "task-T1", Office(), Json{{"deadline", "2023-06-30"}})).status.ok());
  ReadModelReader after(engine_->store());
  t = rectification::ReadTaskSummary(after, "T1");
  EXPECT_EQ(t["deadline"], "2023-06-30T15:59:59.999Z");
  EXPECT_FALSE(t.contains("deadline_pending")) << t.dump();
  ASSERT_TRUE(rectification::ForEachDueBetween(after, 0, INT64_MAX, [&](const rectification::DueTask& d) {
                EXPECT_EQ(d.task_id, "T1");
                return due = true;
              }).ok());
  EXPECT_TRUE(due);
}

// Overdue work counted from the deadline index and the submitted tasks: a
// task past its deadline is the unit's overdue work until it is submitted,
// and again once it is returned.
TEST_F(TaskViewsOnDisk, OverdueWorkLeavesOutWhatAwaitsVerification) {
  RegisterUnits();
  const int64_t after_deadline = *ParseIsoMs("2023-05-01T00:00:00+08:00");
  auto overdue = [&](int64_t at) {
    ReadModelReader reader(engine_->store());
    auto n = rectification::CountOverdueByLead(reader, at);
    EXPECT_TRUE(n.ok());
    return n.ok() && n.value().count("yanta") ? n.value()["yanta"] : 0;
  };
  for (auto [id, type, actor, data] :
       {std::tuple{"a", "task.assign", Office(), AssignData("T1", "雁塔区")},
        {"a2", "task.assign", Office(), AssignData("T2", "雁塔区")},
        {"k", "task.acknowledge", UnitActor("yanta"), Json::object()},
        {"p", "task.submit_plan", UnitActor("yanta"), Json{{"plan", "更换老旧管线"}}},
        {"s", "task.start", UnitActor("yanta"), Json::object()}})
    ASSERT_TRUE(Do(Cmd(id, type, std::string(id) == "a2" ? "task-T2" : "task-T1", actor, data)).status.ok()) << type;
  EXPECT_EQ(overdue(after_deadline), 2);
  EXPECT_EQ(overdue(*ParseIsoMs("2023-04-01T00:00:00+08:00")), 0) << "not yet due";
  ASSERT_TRUE(Do(Cmd("e", "task.submit", "task-T1", UnitActor("yanta"), EvidenceData())).status.ok());
  EXPECT_EQ(overdue(after_deadline), 1) << "submitted: it waits on the inspector";
  ASSERT_TRUE(Do(Cmd("r", "task.return", "task-T1", Office(), Json{{"reasons", {"照片不清晰"}}})).status.ok());
  EXPECT_EQ(overdue(after_deadline), 2) << "returned: the unit's work again";
}

TEST_F(TaskViewsOnDisk, AStoreWrittenBeforeTheSplitReadsTheSameAndAnEventMovesItOn) {
  RegisterUnits();
  ASSERT_TRUE(Do(Cmd("a", "task.assign", "task-T2", Office(), AssignData("T2", "雁塔区"))).status.ok());
  Store* store = engine_->store();
  Json state = LoadAggregate(store, DefaultWorkflows(), "task-T2").value().StateJson();
  // What an older safecity left: the whole summary under task/, no status record.
  rocksdb::WriteBatch older;
  older.Put(store->handle(Cf::kReadModels), rectification::TaskCardKey("T2"), CanonicalJson(WholeSummary(state)));
  older.Delete(store->handle(Cf::kReadModels), rectification::TaskStatusKey("T2"));
  ASSERT_TRUE(store->Write(&older, true).ok());
  ReadModelReader reader(store);
  EXPECT_EQ(rectification::ReadTaskSummary(reader, "T2"), WholeSummary(state));
  // The task's next event writes its status, which the summary then shows.
  ASSERT_TRUE(Do(Cmd("k", "task.acknowledge", "task-T2", UnitActor("yanta"), Json::object())).status.ok());
  EXPECT_EQ(rectification::ReadTaskSummary(reader, "T2")["state"], "acknowledged");
  // A damaged status record is no task at all rather than a wrong state.
  rocksdb::WriteBatch damage;
  damage.Put(store->handle(Cf::kReadModels), rectification::TaskStatusKey("T2"), "[\"closed\"]");
  ASSERT_TRUE(store->Write(&damage, true).ok());
  EXPECT_TRUE(rectification::ReadTaskSummary(reader, "T2").is_null());
}

}  // namespace
}  // namespace safecity::testing
