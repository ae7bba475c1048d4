// Replay: 10,000 random valid commands over 500 tasks, then rebuilding the
// read models and aggregates from the log gives byte-identical state; and a
// replay of any prefix of the log gives the state live processing had then.
#include <atomic>
#include <map>
#include <random>
#include <thread>

#include "engine/aggregate.h"
#include "engine/log_audit.h"
#include "engine/replay.h"
#include "engine/workflow.h"
#include "tests/integration/engine_fixture.h"
#include "workflows/rectification/task_machine.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

using rectification::TaskCommand;
using rectification::TaskState;

struct Model {
  TaskState state = TaskState::kNone;
  bool extension_pending = false;
  int deadline_day = 15;  // April
  bool deadline_pending = false;
};

// Picks a command that the task accepts in its modelled state. When every
// task is closed, a new task joins, so the generator always finds one.
CommandEnvelope RandomValid(std::mt19937& rng, const std::string& id, std::vector<Model>& tasks, int& day) {
  for (size_t tries = 0;; ++tries) {
    if (tries > 4 * tasks.size()) {
      bool all_closed = true;
      for (const auto& m : tasks) all_closed = all_closed && m.state == TaskState::kClosed;
      if (all_closed) tasks.push_back(Model{});
      tries = 0;
    }
    size_t t = rng() % tasks.size();
    Model& m = tasks[t];
    std::string task = "R" + std::to_string(t), stream = "task-" + task;
    std::vector<TaskCommand> options;
    for (const auto& row : rectification::TransitionTable()) {
      if (row.from != m.state) continue;
      if (row.command == TaskCommand::kEscalate) continue;  // the scheduler's, not a person's
      // Every fifth task is assigned with its deadline pending (待定) until the office sets it.
      if (row.command == TaskCommand::kSetDeadline && !m.deadline_pending) continue;
      if (row.command == TaskCommand::kRequestExtension && (m.deadline_pending || m.extension_pending || m.deadline_day >= 28))
        continue;
      if ((row.command == TaskCommand::kGrantExtension || row.command == TaskCommand::kRefuseExtension) &&
          !m.extension_pending)
        continue;
      options.push_back(row.command);
    }
    if (options.empty()) continue;  // closed
    TaskCommand c = options[rng() % options.size()];
    // Return work more often than a coin would, so tasks live longer paths.
    if (c == TaskCommand::kAccept && rng() % 3 == 0) c = TaskCommand::kReturn;
    std::string at = "2023-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T09:00:00+08:00";
    if (rng() % 500 == 0 && day < 28) ++day;
    std::string lead = (t % 2) ? "yanta" : "beilin";
    Json d = Json::object();
    Actor actor = UnitActor(lead);
    TaskState next = rectification::Fire(m.state, c).target;
    switch (c) {
      case TaskCommand::kAssign:
        d = AssignData(task, lead, {"cgj"});
        actor = Office();
        if (t % 5 == 0) {
          d.erase("deadline");
          d["deadline_pending"] = "按照国家确定时间实施";
          m.deadline_pending = true;
        }
        break;
      case TaskCommand::kSetDeadline:
        d = Json{{"deadline", "2023-04-" + std::to_string(m.deadline_day)}, {"note", "set " + id}};
        actor = Office();
        m.deadline_pending = false;
        break;
      case TaskCommand::kSubmitPlan: d = Json{{"plan", "plan " + id}}; break;
      case TaskCommand::kSubmit: d = EvidenceData(); break;
      case TaskCommand::kAccept: actor = InspectorActor(); break;
      case TaskCommand::kReturn: d = Json{{"reasons", {"incomplete " + id}}}; actor = InspectorActor(); break;
      case TaskCommand::kClose: actor = Office(); break;
      case TaskCommand::kRequestExtension:
        m.deadline_day += 1 + static_cast<int>(rng() % 3);
        d = Json{{"new_deadline", "2023-04-" + std::to_string(m.deadline_day)}, {"reason", "more time"}};
        m.extension_pending = true;
        break;
      case TaskCommand::kGrantExtension: actor = Office(); m.extension_pending = false; break;
      case TaskCommand::kRefuseExtension: actor = Office(); d = Json{{"reason", "no"}}; m.extension_pending = false;
        break;
      default: break;
    }
    m.state = next;
    return Cmd(id, std::string("task.") + rectification::Name(c), stream, actor, d, at);
  }
}

class Replay : public EngineTest {};

TEST_F(Replay, TenThousandRandomCommandsRebuildByteIdentical) {
  Open(/*sync=*/false, /*partitions=*/4);  // durability is not under test here
  RegisterUnits();
  std::mt19937 rng(20230415);
  std::vector<Model> tasks(500);
  int day = 1;
  std::vector<CommandEnvelope> cmds;
  for (int i = 0; i < 10000; ++i) cmds.push_back(RandomValid(rng, "r" + std::to_string(i), tasks, day));
  // Submit from 8 threads, each owning a slice of the tasks so per-task order holds.
  std::vector<std::vector<CommandEnvelope>> lanes(8);
  for (auto& c : cmds) lanes[std::hash<std::string>{}(c.stream) % lanes.size()].push_back(c);
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (auto& lane : lanes)
    threads.emplace_back([&, lane] {
      for (const auto& c : lane)
        if (!Do(c).status.ok()) ++refused;
    });
  for (auto& th : threads) th.join();
  ASSERT_EQ(refused.load(), 0) << "the generator only makes valid commands";

  Store* store = engine_->store();
  auto live = StateChecksum(store);
  ASSERT_TRUE(live.ok());
  // Keep the live aggregates to compare stream by stream.
  std::map<std::string, std::string> live_aggs;
  store->Scan(Cf::kAggregates, "", [&](const std::string& k, const std::string& v) { return live_aggs.emplace(k, v), true; });
  int64_t events = store->LastPosition();

  auto rebuilt = RebuildReadModels(store, DefaultWorkflows());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(rebuilt.value().events, events);
  EXPECT_EQ(rebuilt.value().checksum, live.value());
  std::map<std::string, std::string> rebuilt_aggs;
  store->Scan(Cf::kAggregates, "", [&](const std::string& k, const std::string& v) { return rebuilt_aggs.emplace(k, v), true; });
  EXPECT_EQ(rebuilt_aggs, live_aggs);
  // And again: a rebuild of a rebuild is the same.
  EXPECT_EQ(RebuildReadModels(store, DefaultWorkflows()).value().checksum, live.value());
  // And with memory for three aggregates, chunks of seven events: every
  // aggregate is written out and read back many times, to the same bytes.
  RebuildOptions tight;
  tight.events_per_chunk = 7;
  tight.max_cached_aggregates = 3;
  auto small = RebuildReadModels(store, DefaultWorkflows(), nullptr, tight);
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_EQ(small.value().checksum, live.value());
  EXPECT_EQ(small.value().streams, rebuilt.value().streams);
  EXPECT_EQ(small.value().differences.total, 0);
  auto verify = VerifyLog(store);
  EXPECT_TRUE(verify.value().intact) << verify.value().first_broken;
}

TEST_F(Replay, FoldingAnyPrefixGivesTheStateLiveProcessingHadThen) {
  RegisterUnits();
  std::mt19937 rng(7);
  std::vector<Model> tasks(5);
  int day = 1;
  std::map<std::string, std::vector<std::string>> snapshots;  // stream -> aggregate after each event
  for (int i = 0; i < 200; ++i) {
    auto c = RandomValid(rng, "q" + std::to_string(i), tasks, day);
    ASSERT_TRUE(Do(c).status.ok());
    snapshots[c.stream].push_back(EncodeAggregate(LoadAggregate(engine_->store(), DefaultWorkflows(), c.stream).value()));
  }
  for (const auto& [stream, snaps] : snapshots) {
    auto events = engine_->store()->ReadStream(stream).value();
    Aggregate agg;
    for (size_t i = 0; i < events.size(); ++i) {
      ASSERT_TRUE(ApplyEvent(DefaultWorkflows(), &agg, events[i], nullptr).ok());
      EXPECT_EQ(EncodeAggregate(agg), snaps[i]) << stream << " after event " << i + 1;
    }
  }
}

TEST_F(Replay, AStreamKeepsASnapshotEverySixteenEventsAndLoadsTheRestFromTheLog) {
  RegisterUnits();
  std::mt19937 rng(11);
  std::vector<Model> tasks(3);
  int day = 1;
  for (int i = 0; i < 150; ++i) ASSERT_TRUE(Do(RandomValid(rng, "s" + std::to_string(i), tasks, day)).status.ok());
  Store* store = engine_->store();
  int long_streams = 0;
  for (size_t t = 0; t < tasks.size(); ++t) {
    const std::string stream = "task-R" + std::to_string(t);
    auto events = store->ReadStream(stream).value();
    size_t snapshot_at = events.size();
    while (snapshot_at > 0 && !IsSnapshotVersion(static_cast<int64_t>(snapshot_at))) --snapshot_at;
    Aggregate folded;
    std::string expected_snapshot;
    for (size_t i = 0; i < events.size(); ++i) {
      ASSERT_TRUE(ApplyEvent(DefaultWorkflows(), &folded, events[i], nullptr).ok());
      if (i + 1 == snapshot_at) expected_snapshot = EncodeAggregate(folded);
    }
    auto stored = store->Get(Cf::kAggregates, stream).value();
    if (snapshot_at == 0) {
      EXPECT_FALSE(stored) << stream << " has " << events.size() << " events: too few for a snapshot";
    } else {
      ++long_streams;
      ASSERT_TRUE(stored) << stream;
      EXPECT_EQ(*stored, expected_snapshot) << stream << ": the snapshot is the state after event " << snapshot_at;
    }
    // A load is the snapshot plus the events after it: the whole fold.
    EXPECT_EQ(EncodeAggregate(LoadAggregate(store, DefaultWorkflows(), stream).value()), EncodeAggregate(folded));
  }
  EXPECT_GT(long_streams, 0) << "the run must make a stream longer than one snapshot interval";
  // A restarted engine (no cache) decides on the loaded state: more commands go through.
  Open(/*sync=*/true);
  for (int i = 150; i < 200; ++i) ASSERT_TRUE(Do(RandomValid(rng, "s" + std::to_string(i), tasks, day)).status.ok());
}

// A stream whose state grows with it (a round keeps every finding) would
// write, at a fixed interval, ever larger snapshots as often: past 256 events
// the interval grows with the stream, eight snapshots to each doubling.
TEST(SnapshotVersions, EverySixteenthUpTo256ThenEightToEachDoubling) {
  std::vector<int64_t> at;
  for (int64_t v = 0; v <= 1100; ++v)
    if (IsSnapshotVersion(v)) at.push_back(v);
  std::vector<int64_t> expected;
  for (int64_t v = 16; v < 256; v += 16) expected.push_back(v);
  for (int64_t v = 256; v < 512; v += 32) expected.push_back(v);
  for (int64_t v = 512; v < 1024; v += 64) expected.push_back(v);
  expected.push_back(1024);
  EXPECT_EQ(at, expected);
  EXPECT_TRUE(IsSnapshotVersion(1 << 20));
  EXPECT_FALSE(IsSnapshotVersion((1 << 20) + (1 << 16))) << "an eighth of 2^20 is 2^17";
  EXPECT_TRUE(IsSnapshotVersion((1 << 20) + (1 << 17)));
}

TEST_F(Replay, ALongStreamsSnapshotIsAtItsLastSnapshotVersionAndTheRebuildWritesTheSame) {
  Open(/*sync=*/false, /*partitions=*/1);
  // The city clock ticks every minute on a server: its stream is the longest there is.
  const int64_t start = *ParseIsoMs("2023-03-01T09:00:00+08:00");
  for (int i = 0; i < 600; ++i) {
    CommandEnvelope tick = Cmd("t" + std::to_string(i), "clock.tick", "clock-city", Actor{"system", "system"}, Json::object(),
                               FormatIsoMs(start + i * 60000));
    ASSERT_TRUE(Do(tick).status.ok()) << i;
  }
  Store* store = engine_->store();
  auto events = store->ReadStream("clock-city").value();
  ASSERT_EQ(events.size(), 600u);
  Aggregate folded;
  std::string at_576;
  for (const auto& e : events) {
    ASSERT_TRUE(ApplyEvent(DefaultWorkflows(), &folded, e, nullptr).ok());
    if (e.version == 576) at_576 = EncodeAggregate(folded);
  }
  auto stored = store->Get(Cf::kAggregates, "clock-city").value();
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, at_576) << "512 + 64: not 592, the last multiple of 16";
  EXPECT_EQ(EncodeAggregate(LoadAggregate(store, DefaultWorkflows(), "clock-city").value()), EncodeAggregate(folded))
      << "the snapshot plus the 24 events after it";
  const std::string before = StateChecksum(store).value();
  ASSERT_TRUE(RebuildReadModels(store, DefaultWorkflows()).ok());
  EXPECT_EQ(StateChecksum(store).value(), before) << "the rebuild writes the snapshots live processing wrote";
}

}  // namespace
}  // namespace safecity::testing
