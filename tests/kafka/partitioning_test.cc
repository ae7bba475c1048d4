// A stream's partition is the one Kafka's own clients choose for its key, so
// that kcat, a Java producer or Kafka Connect sending a command keyed by its
// stream reaches the node that owns it (partitioning.h). Checked against
// librdkafka's own murmur2 partitioner and the Java client's test vectors;
// the end-to-end check with kcat is in kafka_node_test.cc.
#include <librdkafka/rdkafka.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "connectors/kafka/partitioning.h"

namespace safecity::testing {
namespace {

using kafka::Partitioner;
using kafka::Partitioning;

TEST(Partitioning, Murmur2IsKafkasOwnHashAsTheJavaClientComputesIt) {
  // org.apache.kafka.common.utils.UtilsTest#testMurmur2
  EXPECT_EQ(static_cast<int32_t>(kafka::Murmur2("21", 2)), -973932308);
  EXPECT_EQ(static_cast<int32_t>(kafka::Murmur2("foobar", 6)), -790332482);
  EXPECT_EQ(static_cast<int32_t>(kafka::Murmur2("a-little-bit-long-string", 24)), -985981536);
  EXPECT_EQ(static_cast<int32_t>(kafka::Murmur2("a-little-bit-longer-string", 26)), -1486304829);
  EXPECT_EQ(static_cast<int32_t>(kafka::Murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", 48)), -58897971);
  EXPECT_EQ(static_cast<int32_t>(kafka::Murmur2("abc", 3)), 479470107);
}

TEST(Partitioning, EveryStreamGoesWhereLibrdkafkasMurmur2PartitionerSendsItsKey) {
  std::vector<std::string> streams{"a", "ab", "abc", "task-1", "task-T-0001", "round-2024-1", "finding-莲湖区-03",
                                   "unit-西安市应急管理局", "sheet-xian-2024@1", std::string(1000, 'x')};
  for (int i = 0; i < 2000; ++i) streams.push_back("task-" + std::to_string(i * 7919));
  for (int partitions : {1, 3, 4, 12, 50}) {
    Partitioning p{partitions, Partitioner::kMurmur2};
    for (const std::string& s : streams) {
      // The partitioner librdkafka runs for "partitioner=murmur2_random" with a key.
      int32_t theirs = rd_kafka_msg_partitioner_murmur2(nullptr, s.data(), s.size(), partitions, nullptr, nullptr);
      ASSERT_EQ(p.Of(s), theirs) << s << " over " << partitions << " partitions";
    }
  }
}

TEST(Partitioning, AClusterMadeBeforeKeepsTheFnv1aItsStreamsWereWrittenWith) {
  Partitioning old{4, Partitioner::kFnv1a};
  // The partitions these streams had on every cluster before murmur2.
  auto fnv = [](const std::string& s) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    return static_cast<int>(h % 4);
  };
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string s = "task-" + std::to_string(i);
    EXPECT_EQ(old.Of(s), fnv(s)) << s;
    if (old.Of(s) != (Partitioning{4, Partitioner::kMurmur2}.Of(s))) ++differ;
  }
  EXPECT_GT(differ, 50) << "the two partitioners place most streams differently: a cluster must keep the one it was made with";
  EXPECT_STREQ(kafka::PartitionerName(Partitioner::kMurmur2), "murmur2_random");
  EXPECT_STREQ(kafka::PartitionerName(Partitioner::kFnv1a), "fnv1a");
}

}  // namespace
}  // namespace safecity::testing
