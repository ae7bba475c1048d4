// The Kafka connector against a real Apache Kafka broker, which ctest starts
// with deploy/kafka/kafka.sh (fixture "kafka"; SAFECITY_TEST_BROKERS names it).
#include <thread>

#include <gtest/gtest.h>

#include "connectors/kafka/client.h"
#include "connectors/kafka/cloudevents.h"
#include "connectors/kafka/cluster_gateway.h"
#include "connectors/kafka/node_gateway.h"
#include "connectors/kafka/records.h"
#include "connectors/kafka/topics.h"
#include "engine/decided_events.h"
#include "engine/log_audit.h"
#include "engine/replay.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"
#include "tests/kafka/kafka_test_util.h"
#include "tests/test_util.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

using kafka::KafkaOptions;

std::string Brokers() {
  const char* b = std::getenv("SAFECITY_TEST_BROKERS");
  return b && *b ? b : "127.0.0.1:29092";
}

// A topic prefix of its own for each test, so tests never see each other's records.
KafkaOptions Options(const std::string& test) {
  KafkaOptions o;
  o.brokers = Brokers();
  o.topic_prefix = "t-" + test + "-" + std::to_string(NowMs());
  o.partitions = 3;
  return o;
}

TEST(KafkaTopics, CreatedWithThePartitionsAskedForAndCheckedOnEveryStart) {
  KafkaOptions o = Options("topics");
  auto made = kafka::EnsureTopics(o);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  auto n = kafka::TopicPartitions(o, o.events_topic());
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n.value(), 3);
  EXPECT_TRUE(kafka::EnsureTopics(o).ok()) << "a second node starting finds them as they are";
  o.partitions = 5;
  Status s = kafka::EnsureTopics(o).status();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "partitions");
  EXPECT_NE(s.message().find("has 3 partitions, not 5"), std::string::npos) << s.ToString();
}

// A node killed mid-turn leaves its transaction open until the broker aborts
// it; read_committed readers see nothing past it, so what other nodes commit
// meanwhile is hidden from the replica and the results. The cluster is not
// settled until that transaction ends.
TEST(KafkaGateway, ATransactionLeftOpenKeepsTheClusterUnsettledUntilItEnds) {
  KafkaOptions o = Options("open-txn");
  ASSERT_TRUE(kafka::EnsureTopics(o).ok());
  TempDir dir;
  auto g = kafka::ClusterGateway::Open(o, dir.sub("replica"), 30000);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  auto quiet = g.value()->Progress();
  ASSERT_TRUE(quiet.ok()) << quiet.status().ToString();
  EXPECT_TRUE(quiet.value().settled());

  auto zombie = kafka::MakeProducer(o, {{"transactional.id", o.topic_prefix + "-zombie"}});
  ASSERT_TRUE(zombie.ok());
  rd_kafka_t* z = zombie.value().get();
  ASSERT_EQ(rd_kafka_init_transactions(z, 30000), nullptr);
  ASSERT_EQ(rd_kafka_begin_transaction(z), nullptr);
  ASSERT_TRUE(kafka::Produce(z, o.events_topic(), 0, kafka::KafkaRecord{"k", "{}", {}}).ok());
  ASSERT_EQ(rd_kafka_flush(z, 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
  // Another producer commits after it: hidden from read_committed readers.
  auto other = kafka::MakeProducer(o, {{"transactional.id", o.topic_prefix + "-other"}});
  ASSERT_TRUE(other.ok());
  rd_kafka_t* t = other.value().get();
  ASSERT_EQ(rd_kafka_init_transactions(t, 30000), nullptr);
  ASSERT_EQ(rd_kafka_begin_transaction(t), nullptr);
  ASSERT_TRUE(kafka::Produce(t, o.results_topic(), 0, kafka::KafkaRecord{"k", "{}", {}}).ok());
  ASSERT_EQ(rd_kafka_commit_transaction(t, 30000), nullptr);

  auto open = g.value()->Progress();
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  EXPECT_GT(open.value().behind_open_transactions, 0) << "the open transaction is seen";
  EXPECT_FALSE(open.value().settled()) << "not settled while a transaction hides what follows it";

  ASSERT_EQ(rd_kafka_abort_transaction(z, 30000), nullptr);
  EXPECT_TRUE(WaitUntil(
      [&] {
        auto p = g.value()->Progress();
        return p.ok() && p.value().behind_open_transactions == 0;
      },
      30, TopicRecords(o, o.events_topic(), o.partitions)))
      << "nothing hidden once the transaction is aborted (its record and marker are then for the reactors)";
}

// A command sent again (a webhook delivery resent through another node) must
// be answered by the result of this sending, never by the result an earlier
// sending left on the results topic: that one says "accepted" where this one
// is a duplicate, and a replayed delivery would pass as new. Made certain
// here: the earlier result is written in a transaction that commits only
// once the gateway waits, so its reader meets it while the resend waits.
TEST(KafkaGateway, AResendIsAnsweredByItsOwnResultNotByItsOriginals) {
  KafkaOptions o = Options("resend");
  ASSERT_TRUE(kafka::EnsureTopics(o).ok());
  TempDir dir;
  auto store = Store::Open(dir.sub("node"));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto g = kafka::NodeGateway::Open(o, store.value().get(), 3000);
  ASSERT_TRUE(g.ok()) << g.status().ToString();

  CommandEnvelope cmd;
  cmd.id = "resend-1";
  cmd.type = "task.acknowledge";
  cmd.stream = "task-R1";
  cmd.actor = Actor{"yanta", "unit"};
  auto earlier = kafka::MakeProducer(o, {{"transactional.id", o.topic_prefix + "-earlier"}});
  ASSERT_TRUE(earlier.ok());
  rd_kafka_t* t = earlier.value().get();
  ASSERT_EQ(rd_kafka_init_transactions(t, 30000), nullptr);
  ASSERT_EQ(rd_kafka_begin_transaction(t), nullptr);
  const Json original{{"command_id", cmd.id}, {"status", "accepted"}, {"stream", cmd.stream}, {"version", 0}, {"events", Json::array()}};
  ASSERT_TRUE(kafka::Produce(t, o.results_topic(), kafka::PartitionFor(cmd.stream, o.partitions),
                             kafka::KafkaRecord{cmd.id, CanonicalJson(original), {}})
                  .ok());
  ASSERT_EQ(rd_kafka_flush(t, 30000), RD_KAFKA_RESP_ERR_NO_ERROR);

  CommandResult answer;
  std::thread resend([&] { answer = g.value()->Submit(cmd); });
  // The resend is on the commands topic: its waiter is in place.
  const bool sent = WaitUntil(
      [&] {
        for (const auto& [key, headers] : ReadAll(o, o.commands_topic(), o.partitions, nullptr))
          if (key == cmd.stream) return true;
        return false;
      },
      30, TopicRecords(o, o.commands_topic(), o.partitions));
  rd_kafka_error_t* committed = rd_kafka_commit_transaction(t, 30000);
  resend.join();
  ASSERT_TRUE(sent);
  ASSERT_EQ(committed, nullptr) << rd_kafka_error_string(committed);
  // No node runs, so nothing answers this sending: it times out, saying that
  // resending is safe, and is not taken for the earlier "accepted".
  EXPECT_FALSE(answer.status.ok()) << answer.body.dump();
  EXPECT_NE(answer.status.message().find("no result for command resend-1"), std::string::npos) << answer.status.ToString();
}

TEST(KafkaTopics, UnreachableBrokersAndTooFewBrokersAreClearErrorsNotHangs) {
  KafkaOptions o = Options("unreachable");
  o.brokers = "127.0.0.1:1";  // nothing listens there
  o.connect_timeout_ms = 2000;
  int64_t start = NowMs();
  Status s = kafka::EnsureTopics(o).status();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no Kafka broker answered at 127.0.0.1:1"), std::string::npos) << s.ToString();
  EXPECT_LT(NowMs() - start, 30000) << "bounded by the connect timeout, not a hang";
  KafkaOptions three = Options("too-few");
  three.replication = 3;
  Status r = kafka::EnsureTopics(three).status();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.field(), "replication") << r.ToString();
}

struct Delivered {
  int failed = 0;
};
void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err) ++static_cast<Delivered*>(m->_private)->failed;
}
void DeliveryHook(rd_kafka_conf_t* conf) { rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery); }


// The whole demo campaign's events go to the events topic as CloudEvents and
// come back into an empty store: the state rebuilt from Kafka has the same
// checksum as the state the embedded engine built, and kcat shows the headers.
TEST(KafkaEvents, ADemoCampaignThroughTheEventsTopicRebuildsTheSameState) {
  TempDir dir;
  auto demo = RunCli({"demo", "--dir", dir.sub("demo")});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  auto source = Store::Open(dir.sub("demo"), {false, true});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  auto events = source.value()->ReadAll(1, 1000000);
  ASSERT_TRUE(events.ok());
  ASSERT_GT(events.value().size(), 300u);
  auto want = StateChecksum(source.value().get());
  ASSERT_TRUE(want.ok());

  KafkaOptions o = Options("demo");
  auto made = kafka::EnsureTopics(o);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  Delivered delivered;
  auto producer = kafka::MakeProducer(o, {}, DeliveryHook);
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  for (const EventEnvelope& e : events.value()) {
    kafka::KafkaRecord r = kafka::EncodeEvent(e);
    rd_kafka_headers_t* hdrs = rd_kafka_headers_new(r.headers.size());
    for (const auto& [k, v] : r.headers) rd_kafka_header_add(hdrs, k.data(), static_cast<ssize_t>(k.size()), v.data(), static_cast<ssize_t>(v.size()));
    rd_kafka_resp_err_t err = rd_kafka_producev(
        producer.value().get(), RD_KAFKA_V_TOPIC(o.events_topic().c_str()),
        RD_KAFKA_V_PARTITION(kafka::PartitionFor(e.stream, o.partitions)), RD_KAFKA_V_KEY(r.key.data(), r.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(r.value.data()), r.value.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_OPAQUE(&delivered), RD_KAFKA_V_END);
    ASSERT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
    rd_kafka_poll(producer.value().get(), 0);
  }
  ASSERT_EQ(rd_kafka_flush(producer.value().get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(delivered.failed, 0);

  // Read every partition back, as a node taking over would, and apply it.
  auto consumer = kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-reader"}});
  ASSERT_TRUE(consumer.ok());
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(o.partitions);
  for (int p = 0; p < o.partitions; ++p)
    rd_kafka_topic_partition_list_add(parts, o.events_topic().c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  ASSERT_EQ(rd_kafka_assign(consumer.value().get(), parts), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(parts);
  auto target = Store::Open(dir.sub("rebuilt"), {true, true});
  ASSERT_TRUE(target.ok());
  int at_end = 0;
  size_t applied = 0;
  const int64_t deadline = NowMs() + 60000;
  std::vector<EventEnvelope> batch;
  while (at_end < o.partitions && NowMs() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer.value().get(), 500);
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++at_end;
    } else {
      ASSERT_EQ(m->err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_message_errstr(m);
      auto e = kafka::DecodeEvent(std::string(static_cast<const char*>(m->key), m->key_len),
                                  std::string(static_cast<const char*>(m->payload), m->len), kafka::HeadersOf(m));
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      batch.push_back(e.value());
    }
    rd_kafka_message_destroy(m);
    if (batch.size() >= 64 || (at_end == o.partitions && !batch.empty())) {
      rocksdb::WriteBatch extra;
      auto r = AppendDecidedEvents(target.value().get(), DefaultWorkflows(), batch, &extra);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      applied += static_cast<size_t>(r.value().applied);
      batch.clear();
    }
  }
  rd_kafka_consumer_close(consumer.value().get());
  EXPECT_EQ(applied, events.value().size()) << "every event once";
  auto got = StateChecksum(target.value().get());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.value(), want.value()) << "read models and aggregates rebuilt from Kafka equal the embedded engine's";
  auto verify = VerifyLog(target.value().get());
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify.value().intact) << verify.value().first_broken;

  // Any Kafka tool reads them: kcat prints the CloudEvents headers and the JSON data.
  std::string shown = ShellOutput("kcat -C -b " + Brokers() + " -t " + o.events_topic() + " -p 0 -o beginning -c 1 -e -q -f '%h|%s\\n' 2>&1");
  EXPECT_NE(shown.find("ce_specversion=1.0"), std::string::npos) << shown;
  EXPECT_NE(shown.find("ce_type=safecity."), std::string::npos) << shown;
  EXPECT_NE(shown.find("|{\""), std::string::npos) << "the value is JSON: " << shown;
}

}  // namespace
}  // namespace safecity::testing
