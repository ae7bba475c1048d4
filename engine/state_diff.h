// StateDiff: which records of the derived state (aggregates, read models and
// the projection checkpoint) differ between two moments, e.g. before and
// after `replay --rebuild`, so that a rebuild that finds drifted read models
// can say which keys drifted, not only that the checksum changed.
//
// Take() writes a digest of every record, in key order, to an anonymous
// temporary file (memory stays small whatever the size of the store);
// CompareWith() walks the store again in key order beside it. Records are
// named "<family> <key>" with bytes outside printable ASCII and UTF-8
// written as \xNN.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/status.h"

namespace safecity {

class Store;

struct StateDifference {
  std::string family;  // "aggregates", "readmodels" or "meta"
  std::string key;     // printable
  // Seen from the second moment: "changed" (another value), "removed" (was
  // there, is no more: after a rebuild, a record the log does not justify)
  // or "restored" (was missing, is there now).
  std::string change;
};

struct StateDiffReport {
  int64_t total = 0;                     // records that differ
  std::vector<StateDifference> first;    // the first `limit` of them, in key order
};

class StateSnapshot {
 public:
  static Result<StateSnapshot> Take(Store* store);
  StateSnapshot(StateSnapshot&& other) noexcept;
  StateSnapshot& operator=(StateSnapshot&&) = delete;
  StateSnapshot(const StateSnapshot&) = delete;
  ~StateSnapshot();
  Result<StateDiffReport> CompareWith(Store* store, size_t limit = 20);

 private:
  explicit StateSnapshot(std::FILE* f) : file_(f) {}
  std::FILE* file_ = nullptr;
};

}  // namespace safecity
