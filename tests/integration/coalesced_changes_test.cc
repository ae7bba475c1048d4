// CoalescedChanges (engine/read_models.h), which the rebuild writes its
// chunks through: any sequence of puts, deletes, counter additions and
// snapshots, written coalesced, leaves a real store record for record as the
// same sequence written change by change does, whatever stood there before.
#include <random>

#include <gtest/gtest.h>
#include <rocksdb/write_batch.h>

#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/store.h"
#include "tests/test_util.h"

namespace safecity {
namespace {

using testing::TempDir;

// Every record of the read models and aggregates, in order.
std::vector<std::pair<std::string, std::string>> Records(Store* s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (Cf cf : {Cf::kReadModels, Cf::kAggregates})
    EXPECT_TRUE(s->Scan(cf, "", [&](const std::string& k, const std::string& v) {
                   out.emplace_back(std::to_string(static_cast<int>(cf)) + k, v);
                   return true;
                 }).ok());
  return out;
}

TEST(CoalescedChanges, LeaveTheStoreAsTheChangesOneByOneDo) {
  TempDir dir;
  auto one = Store::Open(dir.sub("one"));
  auto coalesced = Store::Open(dir.sub("coalesced"));
  ASSERT_TRUE(one.ok() && coalesced.ok());
  std::mt19937 random(20261203);  // fixed: the same sequences every run
  const std::vector<std::string> keys = {"cnt/yanta/open", "cnt/_all/open", "tst/T1", "tbs/assigned/T1", "due/x/T1", "task/T1"};
  for (int round = 0; round < 200; ++round) {
    rocksdb::WriteBatch each;
    ReadModelWriter direct(one.value().get(), &each);
    CoalescedChanges changes;
    ReadModelWriter through(coalesced.value().get(), &changes);
    const int n = 1 + static_cast<int>(random() % 12);
    for (int i = 0; i < n; ++i) {
      const std::string& key = keys[random() % keys.size()];
      switch (random() % 5) {
        case 0: {
          const std::string v = "v" + std::to_string(random() % 100);
          direct.Put(key, v);
          through.Put(key, v);
          break;
        }
        case 1:
          direct.Delete(key);
          through.Delete(key);
          break;
        case 2:
          direct.PutSnapshot("task-" + key, "s" + std::to_string(round));
          through.PutSnapshot("task-" + key, "s" + std::to_string(round));
          break;
        default: {
          const int64_t delta = static_cast<int64_t>(random() % 7) - 3;
          direct.Add(key, delta);
          through.Add(key, delta);
        }
      }
    }
    rocksdb::WriteBatch flushed;
    changes.FlushInto(coalesced.value().get(), &flushed);
    EXPECT_LE(flushed.Count(), each.Count()) << "never more entries than the changes one by one";
    EXPECT_EQ(changes.size(), 0u) << "flushing forgets them";
    ASSERT_TRUE(one.value()->Write(&each, false).ok());
    ASSERT_TRUE(coalesced.value()->Write(&flushed, false).ok());
    ASSERT_EQ(Records(one.value().get()), Records(coalesced.value().get())) << "after round " << round;
  }
}

}  // namespace
}  // namespace safecity
