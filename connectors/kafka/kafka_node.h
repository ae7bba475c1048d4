// KafkaNode: one engine node of a cluster that logs to Kafka. Nodes in the
// same consumer group share the partitions of the commands topic; the owner of
// a partition is the single writer of its streams. One thread runs the loop:
//
//   commands   read from the owned partitions; every event committed to the
//              events topic before this moment is applied first (so a command
//              sees what its sender saw); intake (intake.h); then the owned
//              partitions' commands of the turn are one group, and one Kafka
//              transaction holds its events (events topic, each in its
//              stream's partition), every command's result (results topic,
//              its command's partition, keyed by command id) and the consumer
//              offsets of every partition in the turn — committed
//              before the node writes the group to its own store. A command is
//              therefore decided once: if the node dies before the commit, the
//              transaction is aborted and the next owner decides it again; if
//              it dies after, the next owner (or this node restarted) reads the
//              events back and treats the command as a duplicate.
//   follow     the events of every partition, whoever decided them, applied to
//              the node's store (event_follower.h): every node holds all read
//              models, and a node taking over a partition already has its streams.
//   react      the owner of a partition runs the reactors over its events,
//              read from the group "<group>.reactions", and sends their commands
//              (deterministic ids, reactor.h) to the commands topic; the
//              reactions offset is committed after they are delivered. A node
//              that dies in between leaves them to the next owner, who sends
//              them again; the target's owner answers the repeats as duplicates.
//
// On assignment a node drops its aggregate cache (the streams may have moved
// on under another owner) and reads the new partitions' reactions from their
// committed offsets. On revocation it has no transaction open: the loop only
// polls between transactions. A node fenced by a newer owner (KIP-447) or
// whose local write fails after the cluster committed stops with an error;
// restarted, it catches up from Kafka.
#pragma once

#include <atomic>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/kafka/kafka_options.h"
#include "engine/domain.h"
#include "engine/status.h"

namespace safecity {
class Store;
}

namespace safecity::kafka {

struct NodeOptions {
  const Domain* domain = nullptr;  // required: the workflows and reactors it runs (engine/domain.h)
  std::string data_dir;
  // Unique in the cluster and stable across restarts: its Kafka transactional
  // id is "<group>-<node_id>", so a restarted node fences its former self.
  std::string node_id;
  int catch_up_timeout_ms = 60000;  // to read the events topic to its end
  bool verbose = true;              // say on stderr which partitions it owns
};

struct NodeStats {
  int64_t commands = 0;    // commands decided (including rejected and duplicates)
  int64_t events = 0;      // events this node decided
  int64_t followed = 0;    // events other nodes decided, applied here
  int64_t reactions = 0;   // commands sent by the reactors
  int64_t aborted = 0;     // transactions aborted and retried
  int64_t transactions = 0;  // transactions committed (one per turn with commands)
};

class KafkaNode {
 public:
  // Opens (creating if missing) the store, creates or checks the topics, and
  // joins the group; the first Step() catches up with the events topic.
  static Result<std::unique_ptr<KafkaNode>> Open(const KafkaOptions& options, const NodeOptions& node);
  ~KafkaNode();
  KafkaNode(const KafkaNode&) = delete;
  KafkaNode& operator=(const KafkaNode&) = delete;

  // Runs the loop until `stop` is set (ok) or a fatal error (returned);
  // `after_step` (may be empty) is called after every turn, for whoever
  // watches the node from another thread.
  Status Run(const std::atomic<bool>& stop, const std::function<void()>& after_step = nullptr);
  // One turn of the loop, waiting up to `wait_ms` for commands.
  Status Step(int wait_ms);
  // Leaves the group cleanly (partitions go to the others at once).
  void Close();

  std::vector<int> owned() const;
  // Whether the partition of `stream` (by the cluster's partitioner) is one this node owns now.
  bool Owns(const std::string& stream) const;
  NodeStats stats() const;
  // Per owned partition of the commands topic, the records not yet decided
  // (as this node's consumer last saw the partition's end); thread-safe.
  std::map<int, int64_t> ConsumerLag() const;
  // The durations of the transactions committed since the last call, in seconds.
  std::vector<double> TakeTransactionSeconds();
  Store* store();

 private:
  struct Impl;
  explicit KafkaNode(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace safecity::kafka
