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
//
// Nothing acknowledged is lost silently:
//  - The write-ahead log is opened only whole (RocksDB kAbsoluteConsistency):
//    a log cut short or with damaged bytes is refused with the way out
//    (`safecity repair --accept-loss`, or a backup), never opened shorter. A
//    log cut between two records after a clean close is caught by the
//    position recorded at that close (data_directory.h). Column families are
//    flushed together (atomic_flush), so they never disagree about a prefix.
//  - A failed write (a full disk) is refused whole: nothing of it stays in
//    the log (store_file_system.h), the store keeps answering reads, and the
//    next write, at most once per `resume_backoff_ms`, first resumes RocksDB
//    (DB::Resume). Health() says why writes fail meanwhile.
//  - A directory whose CURRENT is missing but whose table files are there is
//    named damaged, never taken for an empty one (RocksDB would create a new
//    database there and delete the old table files).
//  - Files are private: directories 0700, files 0600, whatever the umask.
//  - The write-ahead log stays bounded (StoreOptions::max_wal_bytes), and a
//    writer flushes a large one at close, so opening replays little.
//
// Readers (StoreMode::kReader) never write the directory: beside a running
// writer they follow it as a RocksDB secondary instance (its own files in a
// private temporary directory, removed at close), otherwise they open it
// read-only. Their writes are refused.
#pragma once

#include <atomic>
#include <chrono>
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
#include <rocksdb/env.h>
#include <rocksdb/write_batch.h>

#include "engine/event_log.h"

namespace safecity {

enum class Cf { kEvents, kStreamIndex, kAggregates, kCommands, kReadModels, kMeta };

enum class StoreMode {
  kWriter,  // the directory's single writer: holds its lock
  kReader,  // reads only, beside a writer or alone; never writes the directory
};

// What to do with a damaged write-ahead log.
enum class WalRecovery {
  kWhole,       // refuse to open it (everything but a repair)
  kUpToDamage,  // repair, writer: keep the log up to its first damage (point-in-time recovery)
  kPastDamage,  // repair, reader: every whole record, after the damage too (what was there)
};

struct StoreOptions {
  bool create_if_missing = true;
  bool sync = true;  // fsync each group commit (turn off only in benchmarks of raw limits)
  StoreMode mode = StoreMode::kWriter;
  WalRecovery wal_recovery = WalRecovery::kWhole;
  // A writer waits this long for another process to release the directory.
  int lock_wait_ms = 0;
  // After a failed write, the next write tries to resume at most this often.
  int resume_backoff_ms = 1000;
  // The write-ahead log is kept below about this size: past it RocksDB flushes
  // the column families the oldest log file still holds, so a restart after
  // kill -9 replays at most this much.
  uint64_t max_wal_bytes = 256ull << 20;
  // A writer whose log holds more than this at close flushes it into table
  // files first, so the next open replays nothing. (A small log is left: a
  // CLI command's few records would otherwise each make a table file.)
  uint64_t flush_at_close_wal_bytes = 16ull << 20;
  // The RocksDB environment to write through (tests inject faults); null: the real one.
  rocksdb::Env* env = nullptr;
};

class Store final : public EventLog {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, StoreOptions opts = {});
  // The same; when the store is refused as damaged, `*damage` says what the
  // damage is (RocksDB's words, CURRENT missing, a log cut short).
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, StoreOptions opts, std::string* damage);
  // What keeps the store in `dir` from opening whole (RocksDB's words, or
  // CURRENT missing, or a log shorter than at its last clean close), looked
  // at read-only; "" when it opens whole; an error when it cannot be looked at.
  static Result<std::string> FindDamage(const std::string& dir);
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
  // `sync` false: written but not synced (a later synced write covers it);
  // for commands that are re-derived from the log after a crash (reactions).
  Status Commit(std::vector<StreamAppend>* appends, rocksdb::WriteBatch* extra,
                const std::function<void(int64_t last_position, rocksdb::WriteBatch*)>& on_positions = nullptr,
                bool sync = true);

  // Plain reads of the other column families.
  Result<std::optional<std::string>> Get(Cf cf, const std::string& key);
  // Visits keys starting with `prefix` in order until fn returns false;
  // with `start_after`, only the keys after it (a page's cursor).
  Status Scan(Cf cf, const std::string& prefix,
              const std::function<bool(const std::string& key, const std::string& value)>& fn,
              const std::string& start_after = "");
  Status Write(rocksdb::WriteBatch* batch, bool sync);

  // Ok while writes go through; else why they fail (kNoSpace: the disk is
  // full), after trying to resume when the back-off allows. Readers: Ok.
  Status Health();
  bool reader() const { return opts_.mode == StoreMode::kReader; }

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
  // Bytes in the write-ahead log files RocksDB still keeps (what an open would replay).
  uint64_t WriteAheadLogBytes();
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
  class ErrorListener;
  Store() = default;
  Result<int64_t> StreamVersionLocked(const std::string& stream);
  rocksdb::Status OpenWriter(const rocksdb::DBOptions& dbo, std::vector<rocksdb::ColumnFamilyHandle*>* handles,
                             rocksdb::DB** raw, Status* in_use);
  rocksdb::Status OpenReader(rocksdb::DBOptions dbo, std::vector<rocksdb::ColumnFamilyHandle*>* handles, rocksdb::DB** raw);
  // Ok when a write may go ahead now (resuming after a failure if due).
  Status Writable();
  Status WriteFailed(const rocksdb::Status& s);

  std::string dir_;
  StoreOptions opts_;
  std::unique_ptr<rocksdb::Env> env_;  // over StoreFileSystem; outlives db_
  std::string secondary_dir_;           // a reader following a writer: its own files
  bool record_close_ = false;           // a writer that opened: records its length at close
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors_;

  std::mutex log_mu_;  // serialises position assignment and the log write
  int64_t last_position_ = 0;
  std::unordered_map<std::string, int64_t> stream_versions_;  // cache of stream heads
  CommitStats stats_;  // guarded by log_mu_

  std::atomic<bool> failed_{false};  // a write failed and the store has not resumed since
  std::mutex resume_mu_;  // one DB::Resume() at a time
  std::mutex health_mu_;  // never held while calling into RocksDB
  Status write_error_;    // guarded by health_mu_
  std::chrono::steady_clock::time_point failed_at_;

  std::mutex tail_mu_;
  std::condition_variable tail_cv_;
  int64_t durable_position_ = 0;
};

}  // namespace safecity
