// Store: the embedded backend. One RocksDB database in the data directory
// holds the event log, aggregate snapshots, processed command ids, read models
// and checkpoints, each in its own column family (Zeebe style):
//
//   events        BE64(position)                 -> canonical JSON event
//   stream_index  stream \0 BE64(version)        -> BE64(position)
//   aggregates    stream                         -> canonical JSON snapshot
//   commands      command id                     -> canonical JSON result
//   readmodels    "<model>/<key...>"             -> value ("cnt/" keys: int64 counters, merged)
//   meta          "checkpoint/projections" etc.  -> value
//
// Commit() writes a group: the events of several streams plus whatever the
// caller put in `extra` (aggregate snapshots, command results, read-model
// changes, checkpoint) in ONE synced WriteBatch. Projections therefore move
// exactly with the events they come from; after a crash either all of a group
// is there or none of it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "engine/event_log.h"

namespace safecity {

enum class Cf { kEvents, kStreamIndex, kAggregates, kCommands, kReadModels, kMeta };

struct StoreOptions {
  bool create_if_missing = true;
  bool sync = true;  // fsync each group commit (turn off only in benchmarks of raw limits)
};

class Store final : public EventLog {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, StoreOptions opts = {});
  ~Store() override;

  // --- EventLog ---
  Status Append(std::vector<StreamAppend>* appends) override;
  Result<std::vector<EventEnvelope>> ReadStream(const std::string& stream,
                                                int64_t from_version = 1) override;
  Result<std::vector<EventEnvelope>> ReadAll(int64_t from_position, size_t max_events) override;
  int64_t LastPosition() override;
  Result<int64_t> StreamVersion(const std::string& stream) override;
  bool WaitFor(int64_t position, std::chrono::milliseconds timeout) override;

  // Appends plus `extra` in one synced batch (see above). `extra` may be null.
  // `on_positions` (may be null) runs after positions are assigned and before
  // the write, under the log lock, so the caller can add position-dependent
  // records (checkpoints) to `extra`.
  Status Commit(std::vector<StreamAppend>* appends, rocksdb::WriteBatch* extra,
                const std::function<void(int64_t last_position, rocksdb::WriteBatch*)>& on_positions = nullptr);

  // Plain reads of the other column families.
  Result<std::optional<std::string>> Get(Cf cf, const std::string& key);
  // Visits keys starting with `prefix` in order until fn returns false;
  // with `start_after`, only the keys after it (a page's cursor).
  Status Scan(Cf cf, const std::string& prefix,
              const std::function<bool(const std::string& key, const std::string& value)>& fn,
              const std::string& start_after = "");
  Status Write(rocksdb::WriteBatch* batch, bool sync);

  // Drops and recreates a column family (read models, aggregates) for a rebuild.
  Status Reset(Cf cf);

  rocksdb::ColumnFamilyHandle* handle(Cf cf) { return handles_[static_cast<size_t>(cf)]; }

  // Group-commit statistics since open: synced batches written, events and bytes in them.
  struct CommitStats {
    int64_t groups = 0;
    int64_t events = 0;
    int64_t bytes = 0;
  };
  CommitStats commit_stats();
  rocksdb::DB* db() { return db_.get(); }
  const std::string& dir() const { return dir_; }

  // Meta key under which a replica records the id of the log it mirrors
  // (connectors/http/server_gateway.h): its positions are that log's.
  static constexpr const char* kMirroredLogIdKey = "http/log_id";

  // Counters in readmodels are 8-byte little-endian signed integers merged by addition.
  static std::string EncodeCounter(int64_t v);
  static int64_t DecodeCounter(const std::string& v);
  static std::string BigEndian64(uint64_t v);
  static uint64_t FromBigEndian64(const std::string& s);

 private:
  Store() = default;
  Result<int64_t> StreamVersionLocked(const std::string& stream);

  std::string dir_;
  StoreOptions opts_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors_;

  std::mutex log_mu_;  // serialises position assignment and the log write
  int64_t last_position_ = 0;
  std::unordered_map<std::string, int64_t> stream_versions_;  // cache of stream heads
  CommitStats stats_;  // guarded by log_mu_

  std::mutex tail_mu_;
  std::condition_variable tail_cv_;
  int64_t durable_position_ = 0;
};

}  // namespace safecity
