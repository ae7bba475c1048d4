// What the Kafka tests share: engine nodes run as `safecity serve` processes,
// reading a topic back as a read_committed consumer would, and the checks
// every fault test ends with (each event in the events topic exactly once,
// every command answered).
#pragma once

#include <sys/types.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "connectors/kafka/client.h"
#include "connectors/kafka/cloudevents.h"
#include "connectors/kafka/kafka_options.h"
#include "connectors/kafka/partitioning.h"
#include "engine/envelope.h"
#include "engine/time_util.h"
#include "tests/test_util.h"

namespace safecity::testing {

// The environment variable `name`, or `fallback` when unset or empty.
std::string Env(const char* name, const std::string& fallback);

// What a shell command (kcat, deploy/kafka/kafka.sh) prints on its standard output.
std::string ShellOutput(const std::string& cmd);

// One `safecity serve --log kafka` process (data in <dir>/<id>, its output in
// <dir>/<id>.log), killed with SIGKILL when still running at destruction.
class Node {
 public:
  Node(const kafka::KafkaOptions& o, const std::string& dir, const std::string& id, std::vector<std::string> extra = {});
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  // Sends `sig` and waits for the process to end; its exit code (or 128+signal).
  int Signal(int sig);
  std::string log() const;
  // The partitions it said it owns last ("owns partitions [0,1] of 4"): "0,1"; "?" before it said.
  std::string owns() const;
  // The URL of its HTTP API ("serving http://…", with --http); "" before it said.
  std::string url() const;

 private:
  std::string log_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

// Both nodes own partitions, and between them all four.
bool BothOwnPartitions(const Node& a, const Node& b);

// Every record of `topic` (key and headers; values into `values` when given),
// partition by partition, as a read_committed consumer sees it.
std::vector<std::pair<std::string, kafka::Headers>> ReadAll(const kafka::KafkaOptions& o, const std::string& topic,
                                                            int partitions, std::vector<std::string>* values);

// The events topic holds each event exactly once, every stream's versions run
// 1..n without a gap, and the command ids given all have their events there.
void ExpectEventsExactlyOnce(const kafka::KafkaOptions& o, const std::set<std::string>& commands);

// A `changed` for WaitUntil (tests/test_util.h): returns once a record is
// committed to `topic` after construction, or `ms` pass.
class TopicRecords {
 public:
  TopicRecords(const kafka::KafkaOptions& o, const std::string& topic, int partitions);
  void operator()(int ms);

 private:
  kafka::KafkaHandle consumer_;
};

// Results on the results topic: command id -> its results' bodies.
std::map<std::string, std::vector<Json>> Results(const kafka::KafkaOptions& o);

}  // namespace safecity::testing
