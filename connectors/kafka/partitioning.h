// Which partition of the commands, events and results topics a stream's
// records go to. Every client and node of a cluster must agree on it: a node
// refuses a command that came in a partition not its stream's.
//
// A cluster created by this version partitions as Kafka's own clients do:
// murmur2 of the key (Kafka's Utils.murmur2), made positive, modulo the
// partition count. That is the Java producer's default partitioner and
// librdkafka's "murmur2_random", so a command that kcat, Kafka Connect or a
// Java service produces with its stream as the key reaches the node that
// owns the stream without knowing safecity's code.
//
// A cluster created before kept the FNV-1a of the stream it was made with:
// moving its streams to other partitions would split each stream's history
// over two partitions. Which one a cluster uses follows from its topics (see
// topics.h): a cluster made with murmur2 has the topic "<prefix>.cluster".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace safecity::kafka {

enum class Partitioner {
  kMurmur2,  // Kafka's default for keyed records; every cluster made since it was adopted
  kFnv1a,    // clusters made before
};

// The name an operator sees: "murmur2_random" (librdkafka's name) or "fnv1a".
const char* PartitionerName(Partitioner p);

// Kafka's murmur2 of `key` (org.apache.kafka.common.utils.Utils.murmur2).
uint32_t Murmur2(const void* key, size_t size);

struct Partitioning {
  int partitions = 0;
  Partitioner partitioner = Partitioner::kMurmur2;

  // The partition of `stream`, 0 … partitions-1.
  int Of(const std::string& stream) const;
};

// The partition of `stream` on a cluster made by this version (murmur2).
inline int PartitionFor(const std::string& stream, int partitions) {
  return Partitioning{partitions, Partitioner::kMurmur2}.Of(stream);
}

}  // namespace safecity::kafka
