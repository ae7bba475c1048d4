// Engine nodes (`safecity serve --log kafka`) on a real Apache Kafka broker:
// the same answers as the embedded engine, a node killed with SIGKILL under
// load, the broker restarted under load, and three brokers with one killed.
// ctest starts the broker (fixture "kafka"); these tests hold the resource
// lock "kafka_broker", so no other Kafka test runs while one restarts it.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "connectors/kafka/client.h"
#include "connectors/kafka/cloudevents.h"
#include "connectors/kafka/cluster_gateway.h"
#include "connectors/kafka/records.h"
#include "connectors/kafka/topics.h"
#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "tests/kafka/kafka_test_util.h"
#include "tests/test_util.h"
#include "workflows/rectification/task_views.h"

namespace safecity::testing {
namespace {

using kafka::KafkaOptions;

std::string Brokers() { return Env("SAFECITY_TEST_BROKERS", "127.0.0.1:29092"); }
std::string KafkaScript() { return std::string(SAFECITY_SOURCE_DIR) + "/deploy/kafka/kafka.sh"; }

KafkaOptions Options(const std::string& test, const std::string& brokers = Brokers()) {
  KafkaOptions o;
  o.brokers = brokers;
  o.topic_prefix = "n-" + test + "-" + std::to_string(NowMs());
  return o;
}

int Shell(const std::string& cmd) { return std::system(cmd.c_str()); }

// The state checksum of a node's or replica's store once it has followed the whole log.
std::string CaughtUpChecksum(const KafkaOptions& o, const std::string& dir) {
  auto g = kafka::ClusterGateway::Open(o, dir, 120000);
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  if (!g.ok()) return "";
  auto caught = g.value()->CatchUp();
  EXPECT_TRUE(caught.ok()) << caught.status().ToString();
  auto sum = StateChecksum(g.value()->store());
  EXPECT_TRUE(sum.ok());
  return sum.ok() ? sum.value() : "";
}

TEST(KafkaNodes, TheDemoCampaignThroughTwoNodesGivesTheEmbeddedChecksum) {
  TempDir dir;
  auto embedded = RunCli({"demo", "--dir", dir.sub("embedded")});
  ASSERT_EQ(embedded.exit_code, 0) << embedded.err;
  std::string want;
  {
    auto st = Store::Open(dir.sub("embedded"), {false, true});
    ASSERT_TRUE(st.ok());
    want = StateChecksum(st.value().get()).value();
  }
  KafkaOptions o = Options("demo");
  Node a(o, dir.path(), "a"), b(o, dir.path(), "b");
  ASSERT_TRUE(WaitUntil([&] { return BothOwnPartitions(a, b); }, 90, DirectoryWrites(dir.path()))) << a.log() << b.log();

  auto run = RunCli({"--brokers", o.brokers, "--topic-prefix", o.topic_prefix, "--timeout", "120", "demo", "--dir", dir.sub("replica")});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err << a.log() << b.log();
  EXPECT_NE(run.out.find("(identical to before); hash chains intact"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("replica of the cluster at " + o.brokers), std::string::npos);

  EXPECT_EQ(CaughtUpChecksum(o, dir.sub("replica")), want) << "the CLI's replica equals the embedded engine's state";
  EXPECT_EQ(a.Signal(SIGTERM), 0) << a.log();
  EXPECT_EQ(b.Signal(SIGTERM), 0) << b.log();
  EXPECT_EQ(CaughtUpChecksum(o, dir.sub("a")), want) << "node a holds every read model";
  EXPECT_EQ(CaughtUpChecksum(o, dir.sub("b")), want) << "node b holds every read model";
  ExpectEventsExactlyOnce(o, {});

  // Any query of the CLI works on the replica; --brokers brings it up to date first.
  auto dash = RunCli({"--brokers", o.brokers, "--topic-prefix", o.topic_prefix, "--data", dir.sub("replica"), "report", "dashboard",
                      "xian-2023-self-inspection"});
  EXPECT_EQ(dash.exit_code, 0) << dash.err;
  EXPECT_NE(dash.out.find("雁塔区"), std::string::npos) << dash.out;
}

// Two clusters on the same brokers (two --topic-prefix), each with a node
// "a": their consumer groups and transactional ids derive from the prefix, so
// the second node's start neither takes the first's partitions nor fences
// its transactions (before, both were "safecity-engine-a": the first node was
// fenced at its next command and stopped).
TEST(KafkaNodes, TwoClustersOnTheSameBrokersEachWithANodeALeaveEachOtherAlone) {
  TempDir dir;
  KafkaOptions eco = Options("eco"), eco2 = Options("eco2");
  std::filesystem::create_directories(dir.sub("eco"));
  std::filesystem::create_directories(dir.sub("eco2"));
  Node first(eco, dir.sub("eco"), "a");
  ASSERT_TRUE(WaitUntil([&] { return first.owns() == "0,1,2,3"; }, 90, DirectoryWrites(dir.sub("eco")))) << first.log();
  Node second(eco2, dir.sub("eco2"), "a");
  ASSERT_TRUE(WaitUntil([&] { return second.owns() == "0,1,2,3"; }, 90, DirectoryWrites(dir.sub("eco2")))) << second.log();
  for (const KafkaOptions* o : {&eco, &eco2}) {
    auto g = kafka::ClusterGateway::Open(*o, dir.sub(o->topic_prefix + "-replica"), 60000);
    ASSERT_TRUE(g.ok()) << g.status().ToString();
    CommandResult r = g.value()->Submit(
        Cmd("reg-yanta", "unit.register", "unit-yanta", Office(), UnitData("yanta", "雁塔区", "district")));
    EXPECT_TRUE(r.status.ok()) << o->topic_prefix << ": " << r.body.dump() << "\nfirst:\n" << first.log() << "second:\n"
                               << second.log();
  }
  EXPECT_EQ(first.owns(), "0,1,2,3") << first.log();
  // Kafka's own tool, as deploy/kafka/kafka.sh runs it, names each cluster's
  // group after its prefix and the node by its id (client.id).
  for (const KafkaOptions* o : {&eco, &eco2}) {
    const std::string described = ShellOutput("bash " + KafkaScript() + " consumer-groups --bootstrap-server " + o->brokers +
                                         " --describe --members --group " + o->topic_prefix + "-engine 2>&1");
    // GROUP  CONSUMER-ID  HOST  CLIENT-ID  #PARTITIONS
    EXPECT_TRUE(std::regex_search(described, std::regex(o->topic_prefix + R"(-engine\s+\S+\s+\S+\s+a\s+4\b)")))
        << "a member of " << o->topic_prefix << "-engine, its CLIENT-ID the node id, owning 4 partitions\n" << described;
  }
  EXPECT_EQ(first.Signal(SIGTERM), 0) << "the first cluster's node was still running\n" << first.log();
  EXPECT_EQ(second.Signal(SIGTERM), 0) << second.log();
}

// A command from outside safecity's code: kcat produces it keyed by its
// stream with librdkafka's murmur2_random partitioner, as a Java producer or
// Kafka Connect does by default, and the node that owns the stream decides
// it. (With the FNV-1a partition of before, most of these streams landed in a
// partition the node refused them in.)
TEST(KafkaNodes, CommandsKcatProducesKeyedByTheirStreamAreDecidedByTheNodeThatOwnsThem) {
  TempDir dir;
  KafkaOptions o = Options("kcat");
  Node a(o, dir.path(), "a");
  ASSERT_TRUE(WaitUntil([&] { return a.owns() == "0,1,2,3"; }, 90, DirectoryWrites(dir.path()))) << a.log();
  EXPECT_NE(a.log().find("of 4 (murmur2_random)"), std::string::npos) << a.log();
  // The cluster says how it partitions, for any tool to read.
  const std::string record = ShellOutput("kcat -C -b " + o.brokers + " -t " + o.cluster_topic() + " -o beginning -c 1 -e -q -f '%k=%s\\n' 2>&1");
  EXPECT_NE(record.find("partitioner={\"partitioner\":\"murmur2_random\""), std::string::npos) << record;

  std::set<std::string> ids;
  std::set<int> partitions;
  for (int u = 0; u < 12; ++u) {
    const std::string id = "k" + std::to_string(u);
    CommandEnvelope c = Cmd("kcat-" + id, "unit.register", "unit-" + id, Office(), UnitData(id, "单位" + std::to_string(u), "district"));
    const std::string file = dir.sub("cmd-" + id + ".json");
    std::ofstream(file) << kafka::EncodeCommand(c).value;
    const std::string produce = "kcat -P -b " + o.brokers + " -t " + o.commands_topic() + " -k " + c.stream + " -H command_id=" + c.id +
                                " -X topic.partitioner=murmur2_random " + file + " 2>&1";
    ASSERT_EQ(Shell(produce), 0) << produce;
    ids.insert(c.id);
    partitions.insert(kafka::PartitionFor(c.stream, o.partitions));
  }
  EXPECT_GT(partitions.size(), 1u) << "the streams spread over several partitions";
  std::map<std::string, std::vector<Json>> results;
  ASSERT_TRUE(WaitUntil(
      [&] {
        results = Results(o);
        for (const std::string& id : ids)
          if (!results.count(id)) return false;
        return true;
      },
      60, TopicRecords(o, o.results_topic(), o.partitions)))
      << a.log();
  for (const std::string& id : ids)
    for (const Json& r : results[id]) EXPECT_EQ(r["status"], "accepted") << id << ": " << r.dump();
  ExpectEventsExactlyOnce(o, ids);
  EXPECT_EQ(a.Signal(SIGTERM), 0) << a.log();
}

// A cluster made before murmur2 (its three topics, and no "<prefix>.cluster")
// keeps the FNV-1a its streams were written with: a node and a client of this
// version both see that, so commands still reach the partition of their
// stream's history and none is refused for its partition.
TEST(KafkaNodes, AClusterMadeBeforeMurmur2KeepsItsPartitionsAfterTheUpgrade) {
  TempDir dir;
  KafkaOptions o = Options("fnv");
  for (const std::string& topic : {o.commands_topic(), o.events_topic(), o.results_topic()}) {
    const std::string made = ShellOutput("bash " + KafkaScript() + " topics --bootstrap-server " + o.brokers + " --create --topic " + topic +
                                         " --partitions 4 --replication-factor 1 2>&1");
    ASSERT_NE(made.find("Created topic"), std::string::npos) << made;
  }
  Node a(o, dir.path(), "a");
  ASSERT_TRUE(WaitUntil([&] { return a.owns() == "0,1,2,3"; }, 90, DirectoryWrites(dir.path()))) << a.log();
  EXPECT_NE(a.log().find("of 4 (fnv1a)"), std::string::npos) << a.log();
  auto seen = kafka::ClusterPartitioning(o);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen.value().partitioner, kafka::Partitioner::kFnv1a);
  auto marked = kafka::TopicPartitions(o, o.cluster_topic());
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(marked.value(), 0) << "the node did not mark the old cluster as murmur2";

  auto g = kafka::ClusterGateway::Open(o, dir.sub("replica"), 60000);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  int moved = 0;
  for (int u = 0; u < 8; ++u) {
    const std::string id = "f" + std::to_string(u);
    CommandResult r = g.value()->Submit(Cmd("reg-" + id, "unit.register", "unit-" + id, Office(), UnitData(id, "单位" + std::to_string(u), "district")));
    EXPECT_TRUE(r.status.ok()) << r.body.dump() << a.log();
    if (kafka::Partitioning{4, kafka::Partitioner::kFnv1a}.Of("unit-" + id) != kafka::PartitionFor("unit-" + id, 4)) ++moved;
  }
  EXPECT_GT(moved, 0) << "some of these streams would have moved under murmur2";
  EXPECT_EQ(a.Signal(SIGTERM), 0) << a.log();
}

// Registers `units` units through the gateway and waits until they are in.
void RegisterUnits(kafka::ClusterGateway* g, int units) {
  for (int u = 0; u < units; ++u) {
    std::string id = "u" + std::to_string(u);
    CommandResult r = g->Submit(Cmd("reg-" + id, "unit.register", "unit-" + id, Office(),
                                    UnitData(id, "单位" + std::to_string(u), "district")));
    ASSERT_TRUE(r.status.ok()) << r.body.dump();
  }
  auto settled = g->Settle();
  ASSERT_TRUE(settled.ok()) << settled.status().ToString();
}

// Sends task.assign and task.acknowledge for tasks [from, to) without waiting
// for their results, as many systems at once would.
void SendTaskLoad(const KafkaOptions& o, int partitions, int from, int to, int units) {
  auto producer = kafka::MakeProducer(o);
  ASSERT_TRUE(producer.ok());
  for (int i = from; i < to; ++i) {
    std::string task = "L-" + std::to_string(i), unit = "u" + std::to_string(i % units);
    for (const CommandEnvelope& c :
         {Cmd("assign-" + task, "task.assign", "task-" + task, Office(), AssignData(task, unit)),
          Cmd("ack-" + task, "task.acknowledge", "task-" + task, UnitActor(unit), Json::object())}) {
      Status s = kafka::Produce(producer.value().get(), o.commands_topic(), kafka::PartitionFor(c.stream, partitions),
                                kafka::EncodeCommand(c));
      ASSERT_TRUE(s.ok()) << s.ToString();
      rd_kafka_poll(producer.value().get(), 0);
    }
  }
  ASSERT_EQ(rd_kafka_flush(producer.value().get(), 60000), RD_KAFKA_RESP_ERR_NO_ERROR);
}

int64_t ResultsSoFar(const KafkaOptions& o, int partitions) {
  auto c = kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-watch"}});
  if (!c.ok()) return 0;
  auto ends = kafka::EndOffsets(c.value().get(), o.results_topic(), partitions, 10000);
  int64_t n = 0;
  if (ends.ok())
    for (int64_t e : ends.value()) n += e;
  return n;
}

// After a load of `tasks` tasks: every command was answered and accepted
// (exactly once in the events topic), and every task is acknowledged in the
// replica's read models.
void ExpectLoadDone(const KafkaOptions& o, kafka::ClusterGateway* g, int tasks) {
  auto settled = g->Settle();
  ASSERT_TRUE(settled.ok()) << settled.status().ToString();
  auto results = Results(o);
  std::set<std::string> accepted;
  for (int i = 0; i < tasks; ++i) {
    for (const std::string& id : {"assign-L-" + std::to_string(i), "ack-L-" + std::to_string(i)}) {
      auto it = results.find(id);
      ASSERT_NE(it, results.end()) << "command " << id << " got no result";
      for (const Json& r : it->second) EXPECT_EQ(r["status"], "accepted") << r.dump();
      accepted.insert(id);
    }
  }
  ExpectEventsExactlyOnce(o, accepted);
  ReadModelReader reader(g->store());
  int acknowledged = 0;
  for (int i = 0; i < tasks; ++i) {
    Json t = rectification::ReadTaskSummary(reader, "L-" + std::to_string(i));
    if (t.is_object() && t["state"] == "acknowledged") ++acknowledged;
  }
  EXPECT_EQ(acknowledged, tasks) << "every task assigned and acknowledged, none lost";
}

// Registers `units` units, sends the first half of `tasks` tasks' load, runs
// `fault` once `answered` more results are out (while the node is working),
// sends the second half, and checks that the whole load was done once.
void LoadThroughAFault(const KafkaOptions& o, kafka::ClusterGateway* g, int units, int tasks, int answered,
                       const std::function<void()>& fault) {
  RegisterUnits(g, units);
  const int64_t before = ResultsSoFar(o, o.partitions);
  SendTaskLoad(o, o.partitions, 0, tasks / 2, units);
  ASSERT_TRUE(WaitUntil([&] { return ResultsSoFar(o, o.partitions) > before + answered; }, 60,
                        TopicRecords(o, o.results_topic(), o.partitions)));
  fault();
  SendTaskLoad(o, o.partitions, tasks / 2, tasks, units);
  ExpectLoadDone(o, g, tasks);
}

TEST(KafkaNodes, ANodeKilledUnderLoadLeavesItsPartitionsToTheOtherAndNothingIsLostOrDoubled) {
  TempDir dir;
  KafkaOptions o = Options("kill");
  Node a(o, dir.path(), "a"), b(o, dir.path(), "b");
  ASSERT_TRUE(WaitUntil([&] { return BothOwnPartitions(a, b); }, 90, DirectoryWrites(dir.path()))) << a.log() << b.log();
  auto g = kafka::ClusterGateway::Open(o, dir.sub("replica"), 120000);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  LoadThroughAFault(o, g.value().get(), 8, 300, 40, [&] { EXPECT_EQ(a.Signal(SIGKILL), 128 + SIGKILL); });
  EXPECT_EQ(b.owns(), "0,1,2,3") << "the survivor took over every partition\n" << b.log();
  std::string replica = StateChecksum(g.value()->store()).value();
  g.value().reset();
  EXPECT_EQ(b.Signal(SIGTERM), 0) << b.log();
  EXPECT_EQ(CaughtUpChecksum(o, dir.sub("b")), replica) << "the survivor's read models converge with the replica's";
  // The killed node, restarted, catches up with what happened while it was gone.
  EXPECT_EQ(CaughtUpChecksum(o, dir.sub("a")), replica);
  if (::testing::Test::HasFailure()) std::cerr << "node a:\n" << a.log() << "node b:\n" << b.log();
}

TEST(KafkaNodes, TheBrokerRestartedUnderLoadLosesAndDoublesNothing) {
  // The directory of the broker ctest's fixture started (tests/CMakeLists.txt).
  const std::string kafka_dir = Env("SAFECITY_TEST_KAFKA_DIR", SAFECITY_TEST_KAFKA_DIR);
  TempDir dir;
  KafkaOptions o = Options("restart");
  Node a(o, dir.path(), "a");
  ASSERT_TRUE(WaitUntil([&] { return a.owns() == "0,1,2,3"; }, 90, DirectoryWrites(dir.path()))) << a.log();
  auto g = kafka::ClusterGateway::Open(o, dir.sub("replica"), 120000);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  LoadThroughAFault(o, g.value().get(), 4, 200, 20, [&] {
    EXPECT_EQ(Shell("bash " + KafkaScript() + " kill 1 --dir " + kafka_dir + " >/dev/null"), 0);
    EXPECT_EQ(Shell("bash " + KafkaScript() + " restart-node 1 --dir " + kafka_dir + " >/dev/null"), 0);
  });
  EXPECT_EQ(a.Signal(SIGTERM), 0) << "the node rode out the restart\n" << a.log();
}

TEST(KafkaNodes, WithThreeBrokersOneKilledTheWorkGoesOn) {
  TempDir dir;
  const std::string kafka_dir = dir.sub("kafka3");
  // Ports 29500..29502 (controllers 29600..29602): apart from the fixture's
  // broker (29092, controller 29192), and below Linux's ephemeral range
  // (32768..60999), where a client's outgoing connection could hold a port.
  struct Stop {
    std::string dir;
    ~Stop() { Shell("bash " + KafkaScript() + " stop --dir " + dir + " >/dev/null"); }
  } stop{kafka_dir};
  ASSERT_EQ(Shell("bash " + KafkaScript() + " start --nodes 3 --dir " + kafka_dir + " --port 29500 >/dev/null"), 0);
  KafkaOptions o = Options("three", "127.0.0.1:29500,127.0.0.1:29501,127.0.0.1:29502");
  o.replication = 3;
  o.min_insync_replicas = 2;
  Node a(o, dir.path(), "a", {"--replication", "3", "--min-insync", "2"});
  Node b(o, dir.path(), "b", {"--replication", "3", "--min-insync", "2"});
  ASSERT_TRUE(WaitUntil([&] { return BothOwnPartitions(a, b); }, 90, DirectoryWrites(dir.path()))) << a.log() << b.log();
  auto g = kafka::ClusterGateway::Open(o, dir.sub("replica"), 120000);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  LoadThroughAFault(o, g.value().get(), 4, 200, 20,
                    [&] { EXPECT_EQ(Shell("bash " + KafkaScript() + " kill 2 --dir " + kafka_dir + " >/dev/null"), 0); });
  EXPECT_EQ(a.Signal(SIGTERM), 0) << a.log();
  EXPECT_EQ(b.Signal(SIGTERM), 0) << b.log();
}

}  // namespace
}  // namespace safecity::testing
