// Faults the real broker cannot easily show, on librdkafka's mock cluster
// (rdkafka_mock.h): request errors on Produce, AddPartitionsToTxn,
// TxnOffsetCommit and EndTxn, partition leaders moving between brokers, slow
// brokers, and a fenced producer. One engine node (kafka_node.h) runs in this
// process against a three-broker mock cluster.
//
// The mock of librdkafka 2.0.2 (Debian 12) accepts the whole transactional
// protocol but writes no commit or abort markers and keeps no consumer
// offsets sent in a transaction; so these tests inject only errors after which
// a correct client commits (retried inside librdkafka or by the node) or
// stops. Aborted transactions are exercised on the real broker
// (kafka_node_test.cc: a node killed mid-transaction, the broker restarted).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "connectors/kafka/client.h"
#include "connectors/kafka/kafka_node.h"
#include "connectors/kafka/records.h"
#include "engine/read_models.h"
#include "engine/store.h"
#include "tests/kafka/kafka_test_util.h"
#include "tests/test_util.h"
#include "workflows/rectification/task_views.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

using kafka::KafkaOptions;

// Request types (Kafka protocol ApiKeys) the faults are injected into.
constexpr int16_t kProduce = 0, kAddPartitionsToTxn = 24, kTxnOffsetCommit = 28, kEndTxn = 26;

// A three-broker mock cluster with the three topics, 4 partitions, replicated 3
// ways, and the mark of a cluster that partitions with murmur2.
class MockCluster {
 public:
  MockCluster() {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
    owner_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    mock_ = rd_kafka_mock_cluster_new(owner_, 3);
    options.brokers = rd_kafka_mock_cluster_bootstraps(mock_);
    options.topic_prefix = "mock";
    for (const std::string& t : {options.commands_topic(), options.events_topic(), options.results_topic()})
      rd_kafka_mock_topic_create(mock_, t.c_str(), options.partitions, 3);
    rd_kafka_mock_topic_create(mock_, options.cluster_topic().c_str(), 1, 3);  // made with murmur2 (topics.h)
  }
  ~MockCluster() {
    rd_kafka_mock_cluster_destroy(mock_);
    rd_kafka_destroy(owner_);
  }
  rd_kafka_mock_cluster_t* get() { return mock_; }
  KafkaOptions options;

 private:
  rd_kafka_t* owner_ = nullptr;
  rd_kafka_mock_cluster_t* mock_ = nullptr;
};

// The node's loop on its own thread, stopped and joined on destruction.
class RunningNode {
 public:
  RunningNode(const KafkaOptions& o, const std::string& dir) {
    kafka::NodeOptions no;
    no.domain = &DefaultDomain();
    no.data_dir = dir;
    no.node_id = "mock-node";
    no.verbose = false;
    auto n = kafka::KafkaNode::Open(o, no);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    if (!n.ok()) return;
    node_ = std::move(n.value());
    thread_ = std::thread([this] {
      Status s = node_->Run(stop_, [this] { Turned(); });
      status_ = s;
      ended_ = true;
      Turned();
    });
  }
  ~RunningNode() { Stop(); }
  // Stops the loop; the status it ended with.
  Status Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (node_) node_->Close();
    return status_;
  }
  bool ended() const { return ended_; }
  kafka::KafkaNode* get() { return node_.get(); }
  // A `changed` for WaitUntil: returns once the node has taken another turn
  // of its loop (or ended), or `ms` pass.
  void WaitForTurn(int ms) {
    std::unique_lock<std::mutex> lock(mu_);
    const uint64_t seen = turns_;
    turned_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return turns_ != seen; });
  }

 private:
  void Turned() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++turns_;
    }
    turned_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable turned_;
  uint64_t turns_ = 0;
  std::unique_ptr<kafka::KafkaNode> node_;
  std::atomic<bool> stop_{false}, ended_{false};
  std::thread thread_;
  Status status_;
};

void Send(rd_kafka_t* producer, const KafkaOptions& o, const CommandEnvelope& c) {
  Status s = kafka::Produce(producer, o.commands_topic(), kafka::PartitionFor(c.stream, o.partitions), kafka::EncodeCommand(c));
  ASSERT_TRUE(s.ok()) << s.ToString();
  rd_kafka_poll(producer, 0);
}

// How many of `ids` have a result on the results topic (reactions' commands
// have theirs too; they are not counted).
size_t Answered(const KafkaOptions& o, const std::vector<std::string>& ids) {
  auto results = Results(o);
  size_t n = 0;
  for (const std::string& id : ids) n += results.count(id);
  return n;
}

// For a failure message: the ids without a result, and what the node did.
std::string Unanswered(const KafkaOptions& o, const std::vector<std::string>& ids, kafka::KafkaNode* node) {
  auto results = Results(o);
  std::string out = "unanswered:";
  for (const std::string& id : ids)
    if (!results.count(id)) out += " " + id;
  const kafka::NodeStats st = node->stats();
  return out + "; the node decided " + std::to_string(st.commands) + " commands in " + std::to_string(st.transactions) +
         " transactions, aborted " + std::to_string(st.aborted) + ", sent " + std::to_string(st.reactions) + " reactions";
}

// A mock cluster, one node on it that owns every partition, and a producer
// for the commands.
class KafkaMockFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    node = std::make_unique<RunningNode>(o, dir.sub("node"));
    ASSERT_NE(node->get(), nullptr);
    ASSERT_TRUE(WaitUntil([&] { return node->get()->owned().size() == 4; }, 60, [&](int ms) { node->WaitForTurn(ms); })) << "the node joined the group";
    auto made = kafka::MakeProducer(o);
    ASSERT_TRUE(made.ok());
    producer = std::move(made.value());
  }
  TempDir dir;
  MockCluster mock;
  const KafkaOptions& o = mock.options;
  std::unique_ptr<RunningNode> node;
  kafka::KafkaHandle producer;
};

TEST_F(KafkaMockFaults, RequestErrorsLeaderMovesAndSlowBrokersAreRetriedWithoutLossOrDuplicates) {
  rd_kafka_t* p = producer.get();

  constexpr int kUnits = 3, kTasks = 60;
  std::vector<std::string> sent;
  for (int u = 0; u < kUnits; ++u) {
    sent.push_back("reg-u" + std::to_string(u));
    Send(p, o, Cmd(sent.back(), "unit.register", "unit-u" + std::to_string(u), Office(),
                   UnitData("u" + std::to_string(u), "单位" + std::to_string(u), "district")));
  }
  ASSERT_EQ(rd_kafka_flush(p, 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(WaitUntil([&] { return Answered(o, sent) == sent.size(); }, 60, [&](int ms) { node->WaitForTurn(ms); }));

  // Every kind of retriable fault at once, while the load goes in:
  // Produce fails (not enough replicas, timed out, leader moved) for whichever
  // client sends next; the transaction coordinator is busy or elsewhere;
  // a broker answers slowly; two partitions' leaders move.
  rd_kafka_mock_push_request_errors(mock.get(), kProduce, 4, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                                    RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                    RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND);
  rd_kafka_mock_push_request_errors(mock.get(), kAddPartitionsToTxn, 2, RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS,
                                    RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS);
  rd_kafka_mock_push_request_errors(mock.get(), kTxnOffsetCommit, 2, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
                                    RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS);
  rd_kafka_mock_push_request_errors(mock.get(), kEndTxn, 3, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
                                    RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_CONCURRENT_TRANSACTIONS);
  rd_kafka_mock_broker_push_request_error_rtts(mock.get(), 2, kProduce, 2, RD_KAFKA_RESP_ERR_NO_ERROR, 800,
                                               RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, 300);
  for (int i = 0; i < kTasks; ++i) {
    std::string task = "M-" + std::to_string(i), unit = "u" + std::to_string(i % kUnits);
    if (i == kTasks / 3) {
      rd_kafka_mock_partition_set_leader(mock.get(), o.events_topic().c_str(), 0, 3);
      rd_kafka_mock_partition_set_leader(mock.get(), o.commands_topic().c_str(), 1, 2);
    }
    if (i == 2 * kTasks / 3) rd_kafka_mock_partition_set_leader(mock.get(), o.results_topic().c_str(), 2, 1);
    sent.push_back("assign-" + task);
    Send(p, o, Cmd(sent.back(), "task.assign", "task-" + task, Office(), AssignData(task, unit)));
    sent.push_back("ack-" + task);
    Send(p, o, Cmd(sent.back(), "task.acknowledge", "task-" + task, UnitActor(unit), Json::object()));
  }
  ASSERT_EQ(rd_kafka_flush(p, 60000), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(WaitUntil([&] { return Answered(o, sent) == sent.size() || node->ended(); }, 120, [&](int ms) { node->WaitForTurn(ms); }))
      << Answered(o, sent) << " of " << sent.size() << " answered; " << Unanswered(o, sent, node->get());

  // Every command answered once and accepted; every event logged once.
  auto results = Results(o);
  std::set<std::string> accepted;
  for (const std::string& id : sent) {
    const std::vector<Json>& bodies = results[id];
    ASSERT_EQ(bodies.size(), 1u) << "command " << id << " answered " << bodies.size() << " times";
    EXPECT_EQ(bodies.front()["status"], "accepted") << bodies.front().dump();
    accepted.insert(id);
  }
  ExpectEventsExactlyOnce(o, accepted);
  size_t slow_left = 1;
  rd_kafka_mock_broker_error_stack_cnt(mock.get(), 2, kProduce, &slow_left);
  EXPECT_EQ(slow_left, 0u) << "the slow broker's answers were all used";
  const kafka::NodeStats stats = node->get()->stats();
  EXPECT_EQ(stats.aborted, 0) << "retriable faults are retried inside the transaction, none aborted";
  Status ended = node->Stop();
  EXPECT_TRUE(ended.ok()) << ended.ToString();

  // The node's own read models hold every task, acknowledged.
  ReadModelReader reader(node->get()->store());
  for (int i = 0; i < kTasks; ++i) {
    Json t = rectification::ReadTaskSummary(reader, "M-" + std::to_string(i));
    ASSERT_TRUE(t.is_object()) << "task M-" << i << " is missing";
    EXPECT_EQ(t["state"], "acknowledged") << "task M-" << i;
  }
}

TEST_F(KafkaMockFaults, AFencedProducerStopsTheNodeBeforeItWritesItsStore) {
  Send(producer.get(), o, Cmd("reg-u0", "unit.register", "unit-u0", Office(), UnitData("u0", "单位0", "district")));
  ASSERT_EQ(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(WaitUntil([&] { return Answered(o, {"reg-u0"}) == 1; }, 60, [&](int ms) { node->WaitForTurn(ms); }));
  const int64_t position = node->get()->store()->LastPosition();

  // Another node took this one's transactional id: the commit is refused.
  rd_kafka_mock_push_request_errors(mock.get(), kEndTxn, 1, RD_KAFKA_RESP_ERR_PRODUCER_FENCED);
  Send(producer.get(), o, Cmd("assign-F", "task.assign", "task-F", Office(), AssignData("F", "u0")));
  ASSERT_EQ(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(WaitUntil([&] { return node->ended(); }, 60, [&](int ms) { node->WaitForTurn(ms); })) << "a fenced node stops by itself";
  Status ended = node->Stop();
  ASSERT_FALSE(ended.ok());
  EXPECT_NE(ended.ToString().find("this node stops"), std::string::npos) << ended.ToString();
  EXPECT_EQ(node->get()->store()->LastPosition(), position) << "nothing the cluster refused is in the node's store";
  EXPECT_TRUE(ReadModelReader(node->get()->store()).GetJson("task/F").is_null());
}

}  // namespace
}  // namespace safecity::testing
