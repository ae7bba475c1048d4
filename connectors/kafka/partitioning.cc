#include "connectors/kafka/partitioning.h"

namespace safecity::kafka {

const char* PartitionerName(Partitioner p) { return p == Partitioner::kMurmur2 ? "murmur2_random" : "fnv1a"; }

uint32_t Murmur2(const void* key, size_t size) {
  constexpr uint32_t kSeed = 0x9747b28c;
  constexpr uint32_t kM = 0x5bd1e995;
  constexpr int kR = 24;
  const auto* p = static_cast<const unsigned char*>(key);
  uint32_t h = kSeed ^ static_cast<uint32_t>(size);
  for (size_t i = 0; i + 4 <= size; i += 4) {
    uint32_t k = static_cast<uint32_t>(p[i]) | static_cast<uint32_t>(p[i + 1]) << 8 | static_cast<uint32_t>(p[i + 2]) << 16 |
                 static_cast<uint32_t>(p[i + 3]) << 24;
    k *= kM;
    k ^= k >> kR;
    k *= kM;
    h *= kM;
    h ^= k;
  }
  const unsigned char* tail = p + (size & ~static_cast<size_t>(3));
  switch (size & 3) {
    case 3:
      h ^= static_cast<uint32_t>(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      h ^= static_cast<uint32_t>(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      h ^= tail[0];
      h *= kM;
      break;
    default:
      break;
  }
  h ^= h >> 13;
  h *= kM;
  h ^= h >> 15;
  return h;
}

int Partitioning::Of(const std::string& stream) const {
  if (partitions < 1) return 0;
  if (partitioner == Partitioner::kMurmur2)
    return static_cast<int>((Murmur2(stream.data(), stream.size()) & 0x7fffffff) % static_cast<uint32_t>(partitions));
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : stream) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return static_cast<int>(h % static_cast<uint64_t>(partitions));
}

}  // namespace safecity::kafka
