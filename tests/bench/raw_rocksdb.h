// The physical limit the benchmarks compare the engine with: raw RocksDB
// writes, `groups` synced WriteBatches carrying `bytes` in all, one thread —
// what the engine's group commits would cost with no engine around them.
#pragma once

#include <cstdint>
#include <string>

namespace safecity::bench {

// Bytes per second, in a fresh RocksDB at `dir`; 0 when it cannot be opened.
double RawRocksDbBytesPerSecond(const std::string& dir, int64_t groups, int64_t bytes);

}  // namespace safecity::bench
