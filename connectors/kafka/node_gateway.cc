#include "connectors/kafka/node_gateway.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

#include "connectors/kafka/client.h"
#include "connectors/kafka/records.h"
#include "connectors/kafka/topics.h"
#include "engine/intake.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"
#include "workflows/registry.h"

namespace safecity::kafka {

namespace {

// Threads waiting for the result of one command id (a client may send the
// same id twice at once: both get the first result). Only a result at or
// after `from_offset` of the results partition answers them: one before it
// answered an earlier sending of the same id (the original of a resend, which
// the reader may not have passed yet), not this one.
struct Waiting {
  int waiters = 0;
  bool answered = false;
  int64_t from_offset = INT64_MAX;
  Json body;
};

}  // namespace

struct NodeGateway::Impl {
  KafkaOptions options;
  Store* store = nullptr;
  int partitions = 0;
  Partitioning partitioning;
  int timeout_ms = 60000;
  KafkaHandle producer;  // commands
  KafkaHandle results;   // the results topic, every partition, from where it ended at Open
  KafkaHandle watermarks;  // read_uncommitted, asked only where partitions end

  std::mutex mu;
  std::condition_variable answered;
  std::map<std::string, Waiting> waiting;  // by command id
  std::atomic<bool> stopping{false};
  std::thread reader;

  // Hands every result that arrives to whoever waits for it; the others
  // (commands sent by other clients and nodes) are passed over.
  void ReadResults() {
    while (!stopping.load()) {
      rd_kafka_poll(producer.get(), 0);  // the producer's own events (errors, statistics)
      rd_kafka_message_t* m = rd_kafka_consumer_poll(results.get(), 100);
      if (!m) continue;
      if (m->err) {
        rd_kafka_message_destroy(m);
        continue;  // a broker going away; librdkafka reconnects and goes on
      }
      const std::string id = KeyOf(m);
      std::string value = ValueOf(m);
      const int64_t offset = m->offset;
      rd_kafka_message_destroy(m);
      std::lock_guard<std::mutex> lock(mu);
      auto it = waiting.find(id);
      if (it == waiting.end() || it->second.answered || offset < it->second.from_offset) continue;
      Json body = Json::parse(value, nullptr, false);
      if (!body.is_object()) continue;
      it->second.body = std::move(body);
      it->second.answered = true;
      answered.notify_all();
    }
  }

  // Waits until the node's store holds `stream` at `version`, or `deadline`.
  bool WaitForLocal(const std::string& stream, int64_t version, int64_t deadline) {
    for (;;) {
      const int64_t seen = store->LastPosition();
      auto v = store->StreamVersion(stream);
      if (v.ok() && v.value() >= version) return true;
      const int64_t left = deadline - NowMs();
      if (left <= 0) return false;
      store->WaitFor(seen + 1, std::chrono::milliseconds(left));
    }
  }
};

NodeGateway::NodeGateway(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

NodeGateway::~NodeGateway() {
  impl_->stopping.store(true);
  if (impl_->reader.joinable()) impl_->reader.join();
}

Result<std::unique_ptr<NodeGateway>> NodeGateway::Open(const KafkaOptions& options, Store* node_store, int timeout_ms) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->store = node_store;
  impl->timeout_ms = timeout_ms;
  auto n = ClusterPartitioning(options);
  if (!n.ok()) return n.status();
  if (n.value().partitions == 0)
    return Status::NotFound("brokers", "topic " + options.commands_topic() + " does not exist; the node creates it when it starts");
  impl->partitioning = n.value();
  impl->partitions = n.value().partitions;
  // A command that cannot reach the brokers within the timeout is given up;
  // its sender is told that resending it is safe.
  auto producer = MakeProducer(options, {{"message.timeout.ms", std::to_string(timeout_ms)}, {"linger.ms", "1"}});
  if (!producer.ok()) return producer.status();
  impl->producer = std::move(producer.value());
  auto results = MakeConsumer(options, {{"group.id", options.group() + ".api"}, {"enable.partition.eof", "false"}, {"fetch.wait.max.ms", "10"}});
  if (!results.ok()) return results.status();
  impl->results = std::move(results.value());
  auto watermarks = MakeConsumer(options, {{"group.id", options.group() + ".api"}, {"isolation.level", "read_uncommitted"}});
  if (!watermarks.ok()) return watermarks.status();
  impl->watermarks = std::move(watermarks.value());
  // Results come after the command that asks for them: read from where every
  // partition ends now, before the first command is sent.
  auto ends = EndOffsets(impl->results.get(), options.results_topic(), impl->partitions, timeout_ms);
  if (!ends.ok()) return ends.status();
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(impl->partitions);
  for (int p = 0; p < impl->partitions; ++p)
    rd_kafka_topic_partition_list_add(parts, options.results_topic().c_str(), p)->offset = ends.value()[static_cast<size_t>(p)];
  rd_kafka_resp_err_t err = rd_kafka_assign(impl->results.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  if (err) return KafkaError("reading " + options.results_topic(), err);
  Impl* self = impl.get();
  impl->reader = std::thread([self] { self->ReadResults(); });
  return std::unique_ptr<NodeGateway>(new NodeGateway(std::move(impl)));
}

Store* NodeGateway::store() { return impl_->store; }
int NodeGateway::partitions() const { return impl_->partitions; }

Status NodeGateway::Check(CommandEnvelope* cmd) { return CheckCommand(impl_->store, DefaultWorkflows(), cmd); }

Result<SettleReport> NodeGateway::Settle() { return SettleReport{}; }

CommandResult NodeGateway::Submit(CommandEnvelope cmd) {
  Impl& d = *impl_;
  const int64_t deadline = NowMs() + d.timeout_ms;
  const int partition = d.partitioning.Of(cmd.stream);
  // Where the results partition ends before the command is sent: its result
  // comes after that, and a result before it answered an earlier sending.
  // Asked as a read_uncommitted reader: the high watermark, past results
  // still in an open transaction too (the read_committed reader of results
  // would answer with the last stable offset, before them).
  auto high = EndOffset(d.watermarks.get(), d.options.results_topic(), partition, static_cast<int>(std::min<int64_t>(d.timeout_ms, 10000)));
  if (!high.ok()) return Rejection(cmd.id, cmd.stream, high.status());
  {
    std::lock_guard<std::mutex> lock(d.mu);
    Waiting& w = d.waiting[cmd.id];
    ++w.waiters;
    w.from_offset = std::min(w.from_offset, high.value());
  }
  Status sent = Produce(d.producer.get(), d.options.commands_topic(), partition, EncodeCommand(cmd));
  Json body;
  {
    std::unique_lock<std::mutex> lock(d.mu);
    Waiting& w = d.waiting[cmd.id];
    if (sent.ok())
      d.answered.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(0, deadline - NowMs())), [&] { return w.answered; });
    if (w.answered) body = w.body;
    if (--w.waiters == 0) d.waiting.erase(cmd.id);
  }
  if (!sent.ok()) return Rejection(cmd.id, cmd.stream, sent);
  if (!body.is_object())
    return Rejection(cmd.id, cmd.stream,
                     Status::Storage("no result for command " + cmd.id + " within " + std::to_string(d.timeout_ms / 1000) +
                                     " s; the cluster may be without a node for its partition. Resending it with the same "
                                     "Idempotency-Key is safe"));
  CommandResult r = ResultFromJson(body, DefaultWorkflows());
  // The node's store catches up on its own; a client reading this node next
  // must find the change it was just told about.
  if (r.status.ok() && body.contains("version") && body["version"].is_number_integer())
    d.WaitForLocal(body.value("stream", cmd.stream), body["version"].get<int64_t>(), deadline);
  return r;
}

}  // namespace safecity::kafka
