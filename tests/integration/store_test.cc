// The embedded event log: expected versions, atomic groups, reads, tail.
#include "engine/store.h"

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace safecity {
namespace {

using testing::TempDir;

EventEnvelope Ev(const std::string& stream, int64_t version, const std::string& prev) {
  EventEnvelope e;
  e.id = stream + "/" + std::to_string(version);
  e.stream = stream;
  e.version = version;
  e.type = "TaskAcknowledged";
  e.occurred_at = 1000;
  e.actor = {"office", "office"};
  e.prev_hash = prev;
  e.data = Json{{"note", ""}};
  e.hash = ComputeEventHash(e);
  return e;
}

TEST(Store, AppendAssignsGapFreePositionsAndReadsBack) {
  TempDir dir;
  auto st = Store::Open(dir.path());
  ASSERT_TRUE(st.ok());
  Store* s = st.value().get();
  std::vector<StreamAppend> a{{"task-a", 0, {Ev("task-a", 1, ""), Ev("task-a", 2, "x")}}, {"task-b", 0, {Ev("task-b", 1, "")}}};
  ASSERT_TRUE(s->Append(&a).ok());
  EXPECT_EQ(a[0].events[0].position, 1);
  EXPECT_EQ(a[0].events[1].position, 2);
  EXPECT_EQ(a[1].events[0].position, 3);
  EXPECT_EQ(s->LastPosition(), 3);
  auto stream = s->ReadStream("task-a");
  ASSERT_TRUE(stream.ok());
  ASSERT_EQ(stream.value().size(), 2u);
  EXPECT_EQ(stream.value()[1].version, 2);
  auto from2 = s->ReadAll(2, 10);
  ASSERT_EQ(from2.value().size(), 2u);
  EXPECT_EQ(from2.value()[0].stream, "task-a");
  EXPECT_EQ(s->StreamVersion("task-a").value(), 2);
  EXPECT_EQ(s->StreamVersion("task-none").value(), 0);
  // A stream whose name is a prefix of another is kept apart.
  std::vector<StreamAppend> p{{"task-a1", 0, {Ev("task-a1", 1, "")}}};
  ASSERT_TRUE(s->Append(&p).ok());
  EXPECT_EQ(s->ReadStream("task-a").value().size(), 2u);
  EXPECT_EQ(s->StreamVersion("task-a").value(), 2);
}

TEST(Store, WrongExpectedVersionIsAConflictAndWritesNothing) {
  TempDir dir;
  auto st = Store::Open(dir.path());
  Store* s = st.value().get();
  std::vector<StreamAppend> a{{"task-a", 0, {Ev("task-a", 1, "")}}};
  ASSERT_TRUE(s->Append(&a).ok());
  // Group of two appends, the second stale: neither is written.
  std::vector<StreamAppend> b{{"task-b", 0, {Ev("task-b", 1, "")}}, {"task-a", 0, {Ev("task-a", 1, "")}}};
  Status r = s->Append(&b);
  EXPECT_EQ(r.code(), Status::Code::kConflict);
  EXPECT_NE(r.message().find("task-a is at version 1"), std::string::npos) << r.message();
  EXPECT_EQ(s->LastPosition(), 1);
  EXPECT_EQ(s->StreamVersion("task-b").value(), 0);
  EXPECT_EQ(testing::EventCount(s), 1);
}

TEST(Store, SurvivesReopenWithItsHead) {
  TempDir dir;
  {
    auto st = Store::Open(dir.path());
    std::vector<StreamAppend> a{{"task-a", 0, {Ev("task-a", 1, ""), Ev("task-a", 2, "")}}};
    ASSERT_TRUE(st.value()->Append(&a).ok());
  }
  auto st = Store::Open(dir.path());
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st.value()->LastPosition(), 2);
  EXPECT_EQ(st.value()->StreamVersion("task-a").value(), 2);
  std::vector<StreamAppend> a{{"task-a", 2, {Ev("task-a", 3, "")}}};
  ASSERT_TRUE(st.value()->Append(&a).ok());
  EXPECT_EQ(a[0].events[0].position, 3);
}

TEST(Store, WaitForFollowsTheTailWithoutPolling) {
  TempDir dir;
  auto st = Store::Open(dir.path());
  Store* s = st.value().get();
  EXPECT_FALSE(s->WaitFor(1, std::chrono::milliseconds(10)));
  std::thread writer([s] {
    std::vector<StreamAppend> a{{"task-a", 0, {Ev("task-a", 1, "")}}};
    s->Append(&a);
  });
  EXPECT_TRUE(s->WaitFor(1, std::chrono::seconds(30)));
  writer.join();
}

TEST(Store, OpeningAMissingDirectoryWithoutCreateNamesTheFix) {
  TempDir dir;
  StoreOptions o;
  o.create_if_missing = false;
  auto st = Store::Open(dir.sub("nothing-here"), o);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().field(), "--data");
  EXPECT_NE(st.status().message().find("safecity init"), std::string::npos);
}

// Appends `n` events of about 10 kB each to fresh streams, one synced group each.
void AppendLargeEvents(Store* s, int n, const std::string& prefix) {
  for (int i = 0; i < n; ++i) {
    EventEnvelope e = Ev(prefix + std::to_string(i), 1, "");
    e.data = Json{{"note", std::string(10000, 'x')}};
    e.hash = ComputeEventHash(e);
    std::vector<StreamAppend> a{{e.stream, 0, {e}}};
    ASSERT_TRUE(s->Append(&a).ok());
  }
}

TEST(Store, TheWriteAheadLogStaysBoundedWhileServing) {
  // A day of serving left 2.45 GB of write-ahead log beside 0.21 GB of tables:
  // small column families never fill their memtables, so no log file could go.
  TempDir dir;
  StoreOptions o;
  o.max_wal_bytes = 1 << 20;
  o.flush_at_close_wal_bytes = UINT64_MAX;
  auto st = Store::Open(dir.path(), o);
  ASSERT_TRUE(st.ok());
  AppendLargeEvents(st.value().get(), 800, "task-w");  // 8 MB
  testing::DirectoryWrites writes(dir.path());
  EXPECT_TRUE(testing::WaitUntil([&] { return st.value()->WriteAheadLogBytes() <= 2u << 20; }, 30, [&](int ms) { writes(ms); }))
      << st.value()->WriteAheadLogBytes() << " bytes of write-ahead log for a bound of 1 MiB";
  EXPECT_EQ(st.value()->LastPosition(), 800);
}

TEST(Store, AWriterFlushesALargeLogAtCloseSoTheNextOpenReplaysNothing) {
  TempDir dir;
  StoreOptions o;
  o.flush_at_close_wal_bytes = 1 << 20;
  {
    auto st = Store::Open(dir.path(), o);
    ASSERT_TRUE(st.ok());
    AppendLargeEvents(st.value().get(), 300, "task-c");  // 3 MB, all in the log
    EXPECT_GT(st.value()->WriteAheadLogBytes(), 1u << 20);
  }
  uint64_t left = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir.path()))
    if (f.path().extension() == ".log") left += f.file_size();
  EXPECT_LT(left, 64u << 10) << "bytes of write-ahead log left for the next open to replay";
  auto st = Store::Open(dir.path(), o);
  ASSERT_TRUE(st.ok());
  ASSERT_EQ(st.value()->LastPosition(), 300);
  auto back = st.value()->ReadStream("task-c299");
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back.value().size(), 1u);
  EXPECT_EQ(back.value()[0].data["note"].get<std::string>().size(), 10000u);
}

}  // namespace
}  // namespace safecity
