#include "connectors/kafka/event_follower.h"

#include <algorithm>
#include <iostream>

#include "connectors/kafka/cloudevents.h"
#include "connectors/kafka/records.h"
#include "engine/decided_events.h"
#include "engine/store.h"
#include "engine/time_util.h"

namespace safecity::kafka {

namespace {
constexpr size_t kMaxBatch = 2000;
constexpr const char* kClusterKey = "kafka/cluster";  // the topic prefix this store follows
}  // namespace

std::string FollowedOffsetKey(int p) { return "kafka/events/" + std::to_string(p); }

Result<std::unique_ptr<EventFollower>> EventFollower::Open(const KafkaOptions& o, Store* store,
                                                           const WorkflowRegistry* workflows, int partitions) {
  // A store follows one cluster and nothing else: an embedded log, or the
  // replica of another cluster, would not chain with these events.
  auto marker = store->Get(Cf::kMeta, kClusterKey);
  if (!marker.ok()) return marker.status();
  if (!marker.value()) {
    if (store->LastPosition() > 0)
      return Status::Invalid("data", store->dir() + " holds an embedded log; a node or replica of a Kafka cluster needs a data "
                                                    "directory of its own: give a new --data");
    rocksdb::WriteBatch b;
    b.Put(store->handle(Cf::kMeta), kClusterKey, o.topic_prefix);
    Status s = store->Write(&b, true);
    if (!s.ok()) return s;
  } else if (*marker.value() != o.topic_prefix) {
    return Status::Invalid("data", store->dir() + " follows the cluster with topic prefix '" + *marker.value() + "', not '" +
                                       o.topic_prefix + "'; give a new --data or the matching --topic-prefix");
  }
  std::unique_ptr<EventFollower> f(new EventFollower());
  f->options_ = o;
  f->store_ = store;
  f->workflows_ = workflows;
  // Assigned by hand and never committed: the offsets live in the store. A
  // short fetch wait makes the end of a partition (past the transaction
  // markers, which only an empty fetch reveals) known within milliseconds.
  auto consumer = MakeConsumer(o, {{"group.id", o.group() + ".follower"}, {"fetch.wait.max.ms", "10"}});
  if (!consumer.ok()) return consumer.status();
  f->consumer_ = std::move(consumer.value());
  f->pos_.assign(static_cast<size_t>(partitions), 0);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) {
    auto stored = store->Get(Cf::kMeta, FollowedOffsetKey(p));
    if (!stored.ok()) {
      rd_kafka_topic_partition_list_destroy(parts);
      return stored.status();
    }
    int64_t next = stored.value() ? static_cast<int64_t>(Store::FromBigEndian64(*stored.value())) : 0;
    f->pos_[static_cast<size_t>(p)] = next;
    rd_kafka_topic_partition_list_add(parts, o.events_topic().c_str(), p)->offset = next;
  }
  rd_kafka_resp_err_t err = rd_kafka_assign(f->consumer_.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  if (err) return KafkaError("following " + o.events_topic(), err);
  return f;
}

Result<int64_t> EventFollower::Poll(int timeout_ms) {
  std::vector<EventEnvelope> events;
  std::set<int> moved;  // partitions whose stored offset must move
  std::set<int> read;   // partitions events were read from
  int wait = timeout_ms;
  while (events.size() < kMaxBatch) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_.get(), wait);
    if (!m) break;
    wait = 0;
    const int p = m->partition;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      // The end of what is committed, past any transaction markers.
      if (p >= 0 && static_cast<size_t>(p) < pos_.size() && m->offset > pos_[static_cast<size_t>(p)]) {
        pos_[static_cast<size_t>(p)] = m->offset;
        moved.insert(p);
      }
    } else if (m->err) {
      // Transient (a broker restarting); librdkafka reconnects by itself.
      std::cerr << "kafka follower: " << rd_kafka_message_errstr(m) << "\n";
    } else if (p >= 0 && static_cast<size_t>(p) < pos_.size()) {
      auto e = DecodeEvent(KeyOf(m), ValueOf(m), HeadersOf(m));
      if (e.ok()) {
        events.push_back(std::move(e.value()));
        read.insert(p);
      } else {
        // Not an event safecity wrote: it cannot be applied, and stopping
        // here would stop the node for good. Say so, and go on.
        std::cerr << "kafka follower: skipping record " << options_.events_topic() << " [" << p << "] @" << m->offset
                  << ": " << e.status().ToString() << "\n";
      }
      pos_[static_cast<size_t>(p)] = std::max(pos_[static_cast<size_t>(p)], m->offset + 1);
      moved.insert(p);
    }
    rd_kafka_message_destroy(m);
  }
  if (moved.empty()) return int64_t{0};
  rocksdb::WriteBatch extra;
  for (int p : moved)
    extra.Put(store_->handle(Cf::kMeta), FollowedOffsetKey(p), Store::BigEndian64(static_cast<uint64_t>(pos_[static_cast<size_t>(p)])));
  auto applied = AppendDecidedEvents(store_, *workflows_, events, &extra);
  if (!applied.ok()) return applied.status();
  if (applied.value().applied > 0) touched_.insert(read.begin(), read.end());
  return applied.value().applied;
}

Result<int64_t> EventFollower::CatchUp(int timeout_ms) {
  const int64_t deadline = NowMs() + timeout_ms;
  auto stopping = [&] { return stop_ && stop_->load(); };
  const Status stopped = Status::Storage("stopping: the events topic was not read to its end");
  // In slices, so that a stop is seen within seconds while a broker is away.
  Result<std::vector<int64_t>> ends = Status::Storage("");
  for (;;) {
    if (stopping()) return stopped;
    ends = EndOffsets(consumer_.get(), options_.events_topic(), static_cast<int>(pos_.size()),
                      static_cast<int>(std::clamp<int64_t>(deadline - NowMs(), 1, 5000)));
    if (ends.ok()) break;
    if (NowMs() >= deadline) return ends.status();
  }
  int64_t applied = 0;
  for (;;) {
    bool behind = false;
    for (size_t p = 0; p < pos_.size(); ++p) behind = behind || pos_[p] < ends.value()[p];
    if (!behind) return applied;
    if (stopping()) return stopped;
    int64_t left = deadline - NowMs();
    if (left <= 0)
      return Status::Storage("the events topic " + options_.events_topic() + " could not be read to its end within " +
                             std::to_string(timeout_ms / 1000) + " s; check that its brokers are up");
    auto n = Poll(static_cast<int>(std::min<int64_t>(left, 100)));
    if (!n.ok()) return n.status();
    applied += n.value();
  }
}

void EventFollower::WakeOn(int fd) {
  rd_kafka_queue_t* q = rd_kafka_queue_get_consumer(consumer_.get());
  rd_kafka_queue_io_event_enable(q, fd, "f", 1);
  rd_kafka_queue_destroy(q);
}

std::set<int> EventFollower::TakeTouched() {
  std::set<int> t;
  t.swap(touched_);
  return t;
}

}  // namespace safecity::kafka
