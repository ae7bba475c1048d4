// FaultInjection: a RocksDB Env whose file system fails writes on demand, as
// a full disk does, for tests of what the store does when it cannot write.
//
//   FaultInjection faults;
//   StoreOptions so;  so.env = faults.env();
//   faults.Fail(FaultInjection::kWal, FaultInjection::kAppend);  // the disk is full
//   ...  // every append to a write-ahead log now fails with NoSpace
//   faults.Clear();                                              // space is freed
//
// The first failure comes at the step named (an append to or a sync of a file
// of that kind); from then on, as on a full disk, every append and sync of
// every file fails, until Clear(). A failing append writes the first half of
// its bytes and then fails, as a write(2) cut short by ENOSPC does; a failing
// sync writes nothing more. While a fault is set the file system also
// reports no free space.
#pragma once

#include <atomic>
#include <memory>

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include "engine/engine.h"

namespace safecity::testing {

class FaultInjection {
 public:
  enum Kind { kWal, kTable, kManifest, kAnyFile };
  enum Op { kAppend, kSync };

  FaultInjection();
  ~FaultInjection();
  FaultInjection(const FaultInjection&) = delete;
  FaultInjection& operator=(const FaultInjection&) = delete;

  rocksdb::Env* env() { return env_.get(); }
  // An engine on `dir` through env(), trying to resume at every write after a
  // fault (no back-off), so that a test sees writes resume at once.
  EngineOptions EngineOn(const std::string& dir, size_t partitions);
  void Fail(Kind kind, Op op);
  void Clear();
  // Writes or syncs failed on purpose since construction.
  int injected() const;

  struct State {
    std::atomic<bool> on{false};
    std::atomic<bool> full{false};  // the named step has failed: everything fails now
    std::atomic<int> kind{kAnyFile};
    std::atomic<int> op{kAppend};
    std::atomic<int> injected{0};
  };

 private:
  std::shared_ptr<State> state_;
  std::shared_ptr<rocksdb::FileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
};

}  // namespace safecity::testing
