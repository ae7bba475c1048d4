// EventFollower: keeps a local store up to date with the events topic — every
// partition, whichever node decided the events. It is how an engine node sees
// the streams it does not own, how it restores the streams it takes over, and
// how a CLI keeps its local replica of the read models.
//
// Each poll applies what arrived with AppendDecidedEvents, together with the
// next offset to read of each partition (meta "kafka/events/<p>"), in one
// synced batch: after a restart it goes on where it stopped. Events the store
// already holds (its own node wrote them) are skipped; transactions that were
// aborted are never seen (read_committed).
//
// A store follows one cluster only (meta "kafka/cluster" holds its topic
// prefix); an embedded log or another cluster's replica is refused.
//
// Not thread-safe: one follower per store, used from one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include "connectors/kafka/client.h"
#include "connectors/kafka/kafka_options.h"
#include "engine/status.h"

namespace safecity {
class Store;
class WorkflowRegistry;
}  // namespace safecity

namespace safecity::kafka {

class EventFollower {
 public:
  // `partitions`: of the events topic, as the cluster has it.
  static Result<std::unique_ptr<EventFollower>> Open(const KafkaOptions& o, Store* store, const WorkflowRegistry* workflows,
                                                     int partitions);

  // Applies what arrives within `timeout_ms`; returns how many events were new here.
  Result<int64_t> Poll(int timeout_ms);
  // Applies every event committed to the topic before this call. kStorage
  // when that takes longer than `timeout_ms` (the cluster is unreachable).
  Result<int64_t> CatchUp(int timeout_ms);
  // CatchUp gives up (kStorage "stopping…") soon after `*stop` turns true.
  void StopWaitingWhen(const std::atomic<bool>* stop) { stop_ = stop; }
  // Partitions in which events new to this store were applied since the last call.
  std::set<int> TakeTouched();
  // Writes a byte to `fd` whenever records arrive for an empty queue, so an
  // owner waiting on several consumers at once wakes up (poll(2) on fd).
  void WakeOn(int fd);
  // Next offset to read, per partition.
  const std::vector<int64_t>& positions() const { return pos_; }

 private:
  EventFollower() = default;

  KafkaOptions options_;
  Store* store_ = nullptr;
  const WorkflowRegistry* workflows_ = nullptr;
  KafkaHandle consumer_;
  std::vector<int64_t> pos_;
  std::set<int> touched_;
  const std::atomic<bool>* stop_ = nullptr;
};

// The meta key holding the next offset of events partition `p`.
std::string FollowedOffsetKey(int p);

}  // namespace safecity::kafka
