#include "connectors/kafka/cluster_gateway.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "connectors/kafka/event_follower.h"
#include "connectors/kafka/records.h"
#include "connectors/kafka/topics.h"
#include "engine/intake.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"
#include "workflows/registry.h"

namespace safecity::kafka {

namespace {

// The group's committed offsets of every partition of `topic` (0 where none),
// asked in short tries until `timeout_ms`: the group's coordinator may move.
Result<std::vector<int64_t>> Committed(rd_kafka_t* rk, const std::string& topic, int partitions, int timeout_ms) {
  std::vector<int64_t> out(static_cast<size_t>(partitions), 0);
  rd_kafka_resp_err_t err = RetryUntil(timeout_ms, [&](int wait_ms) {
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p);
    rd_kafka_resp_err_t e = rd_kafka_committed(rk, parts, wait_ms);
    for (int i = 0; i < parts->cnt && !e; ++i) {
      if (parts->elems[i].err) e = parts->elems[i].err;
      out[static_cast<size_t>(parts->elems[i].partition)] = std::max<int64_t>(0, parts->elems[i].offset);
    }
    rd_kafka_topic_partition_list_destroy(parts);
    return e;
  });
  if (err) return KafkaError("asking for the committed offsets of " + topic, err);
  return out;
}

int64_t Waiting(const std::vector<int64_t>& ends, const std::vector<int64_t>& done) {
  int64_t n = 0;
  for (size_t p = 0; p < ends.size(); ++p) n += std::max<int64_t>(0, ends[p] - done[p]);
  return n;
}

}  // namespace

ClusterGateway::~ClusterGateway() = default;

Result<std::unique_ptr<ClusterGateway>> ClusterGateway::Open(const KafkaOptions& options, const std::string& replica_dir,
                                                             int timeout_ms) {
  std::unique_ptr<ClusterGateway> g(new ClusterGateway());
  g->options_ = options;
  g->timeout_ms_ = timeout_ms;
  auto n = ClusterPartitioning(options);
  if (!n.ok()) return n.status();
  if (n.value().partitions == 0)
    return Status::NotFound("brokers", "there is no safecity cluster at " + options.brokers + " (topic " + options.commands_topic() +
                                           " does not exist); start a node with `safecity serve --log kafka --brokers " +
                                           options.brokers + "`, or check --topic-prefix");
  g->partitioning_ = n.value();
  g->partitions_ = n.value().partitions;
  auto store = Store::Open(replica_dir);
  if (!store.ok()) return store.status();
  g->store_ = std::move(store.value());
  auto follower = EventFollower::Open(options, g->store_.get(), &DefaultWorkflows(), g->partitions_);
  if (!follower.ok()) return follower.status();
  g->follower_ = std::move(follower.value());
  auto producer = MakeProducer(options);
  if (!producer.ok()) return producer.status();
  g->producer_ = std::move(producer.value());
  auto results = MakeConsumer(options, {{"group.id", options.group() + ".client"}, {"enable.partition.eof", "false"}, {"fetch.wait.max.ms", "10"}});
  if (!results.ok()) return results.status();
  g->results_ = std::move(results.value());
  auto engine = MakeConsumer(options);  // the engine group's id; it never joins
  if (!engine.ok()) return engine.status();
  g->engine_group_ = std::move(engine.value());
  auto reactions = MakeConsumer(options, {{"group.id", options.group() + ".reactions"}});
  if (!reactions.ok()) return reactions.status();
  g->reactions_group_ = std::move(reactions.value());
  auto uncommitted = MakeConsumer(options, {{"isolation.level", "read_uncommitted"}});
  if (!uncommitted.ok()) return uncommitted.status();
  g->uncommitted_ = std::move(uncommitted.value());
  return g;
}

Store* ClusterGateway::store() { return store_.get(); }

Result<int64_t> ClusterGateway::CatchUp() { return follower_->CatchUp(timeout_ms_); }

Status ClusterGateway::Check(CommandEnvelope* cmd) {
  auto caught = CatchUp();
  if (!caught.ok()) return caught.status();
  return CheckCommand(store_.get(), DefaultWorkflows(), cmd);
}

CommandResult ClusterGateway::Submit(CommandEnvelope cmd) {
  const int p = partitioning_.Of(cmd.stream);
  auto fail = [&](const Status& s) { return Rejection(cmd.id, cmd.stream, s); };
  // Read the results from where the partition ends now: ours comes later.
  int64_t low = 0, high = 0;
  rd_kafka_resp_err_t err =
      rd_kafka_query_watermark_offsets(results_.get(), options_.results_topic().c_str(), p, &low, &high, timeout_ms_);
  if (err) return fail(KafkaError("reading " + options_.results_topic(), err));
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, options_.results_topic().c_str(), p)->offset = high;
  err = rd_kafka_assign(results_.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  if (err) return fail(KafkaError("reading " + options_.results_topic(), err));
  Status s = Produce(producer_.get(), options_.commands_topic(), p, EncodeCommand(cmd));
  if (s.ok()) s = KafkaError("sending the command", rd_kafka_flush(producer_.get(), timeout_ms_));
  if (!s.ok()) return fail(s);
  const int64_t deadline = NowMs() + timeout_ms_;
  while (NowMs() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(results_.get(), 100);
    if (!m) continue;
    bool ours = !m->err && KeyOf(m) == cmd.id;
    Json body = ours ? Json::parse(ValueOf(m), nullptr, false) : Json();
    rd_kafka_message_destroy(m);
    if (ours && body.is_object()) return ResultFromJson(body, DefaultWorkflows());
  }
  return fail(Status::Storage("no result for command " + cmd.id + " within " + std::to_string(timeout_ms_ / 1000) +
                              " s; is an engine node running (`safecity serve --log kafka`)? Resending it with --command-id " +
                              cmd.id + " is safe"));
}

Result<ClusterProgress> ClusterGateway::Progress() {
  const int look_ms = std::min(timeout_ms_, 10000);
  auto commands_end = EndOffsets(engine_group_.get(), options_.commands_topic(), partitions_, look_ms);
  if (!commands_end.ok()) return commands_end.status();
  auto decided = Committed(engine_group_.get(), options_.commands_topic(), partitions_, look_ms);
  if (!decided.ok()) return decided.status();
  ClusterProgress progress;
  auto events_end = EndOffsets(reactions_group_.get(), options_.events_topic(), partitions_, look_ms);
  if (!events_end.ok()) return events_end.status();
  auto reacted = Committed(reactions_group_.get(), options_.events_topic(), partitions_, look_ms);
  if (!reacted.ok()) return reacted.status();
  // A reaction sent after the commands were counted shows as the end moving.
  auto commands_again = EndOffsets(engine_group_.get(), options_.commands_topic(), partitions_, look_ms);
  if (!commands_again.ok()) return commands_again.status();
  // The end a read_committed reader sees (the last stable offset) against the
  // end with open transactions: apart, a transaction hides what follows it.
  auto events_written = EndOffsets(uncommitted_.get(), options_.events_topic(), partitions_, look_ms);
  if (!events_written.ok()) return events_written.status();
  auto results_stable = EndOffsets(reactions_group_.get(), options_.results_topic(), partitions_, look_ms);
  if (!results_stable.ok()) return results_stable.status();
  auto results_written = EndOffsets(uncommitted_.get(), options_.results_topic(), partitions_, look_ms);
  if (!results_written.ok()) return results_written.status();
  progress.behind_open_transactions =
      Waiting(events_written.value(), events_end.value()) + Waiting(results_written.value(), results_stable.value());
  progress.commands_waiting = Waiting(commands_again.value(), decided.value());
  if (commands_again.value() != commands_end.value()) progress.commands_waiting = std::max<int64_t>(1, progress.commands_waiting);
  progress.events_waiting = Waiting(events_end.value(), reacted.value());
  return progress;
}

Result<SettleReport> ClusterGateway::Settle() {
  const int64_t deadline = NowMs() + timeout_ms_;
  for (;;) {
    // A broker going away makes a look fail now and then; only the deadline ends the wait.
    auto progress = Progress();
    if (progress.ok() && progress.value().settled()) break;
    if (NowMs() > deadline) {
      if (!progress.ok()) return progress.status();
      return Status::Storage("the cluster did not settle within " + std::to_string(timeout_ms_ / 1000) + " s (" +
                             std::to_string(progress.value().commands_waiting) + " commands not decided, " +
                             std::to_string(progress.value().events_waiting) + " events not reacted to, " +
                             std::to_string(progress.value().behind_open_transactions) +
                             " records behind an open transaction); is an engine node running (`safecity serve --log kafka`)?");
    }
    // Between two looks at the offsets, follow what the cluster writes.
    auto followed = follower_->Poll(50);
    if (!followed.ok()) return followed.status();
  }
  auto caught = CatchUp();
  if (!caught.ok()) return caught.status();
  SettleReport report;
  report.events = caught.value();
  return report;
}

}  // namespace safecity::kafka
