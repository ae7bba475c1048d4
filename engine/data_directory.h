// DataDirectory: what a data directory holds, seen from outside without
// opening it (and so without RocksDB creating, locking or deleting anything).
//
// The store refuses to create a new database where RocksDB's files already
// are (a store whose CURRENT is missing looks empty to RocksDB, which then
// deletes its table files), names the damage instead, and tells a reader
// whether another process writes the directory now.
#pragma once

#include <cstdint>
#include <string>

#include "engine/status.h"

namespace safecity {

// What a file of RocksDB's is, by its name (a path or a bare name).
enum class StoreFile { kWriteAheadLog, kTable, kManifest, kCurrent, kOther };
StoreFile KindOfStoreFile(const std::string& path);

struct DataDirectory {
  bool exists = false;
  int entries = 0;          // anything in it, RocksDB's or not
  bool has_current = false; // RocksDB's CURRENT: which MANIFEST describes the store
  int table_files = 0;      // *.sst
  int log_files = 0;        // write-ahead logs, NNNNNN.log
  std::string newest_manifest;  // MANIFEST-NNNNNN with the highest number, or ""

  bool empty() const { return entries == 0; }
  // RocksDB's data files are there, but not the CURRENT that names them.
  bool damaged() const { return !has_current && (table_files > 0 || log_files > 0 || !newest_manifest.empty()); }
  // "27 table files, 1 write-ahead log and MANIFEST-000012" for messages.
  std::string Describe() const;
};

DataDirectory InspectDataDirectory(const std::string& dir);

// The process holding RocksDB's lock on `dir` (its LOCK file), from
// /proc/locks, or 0 when none does. Looking opens nothing: a POSIX lock dies
// when its process closes any descriptor of the file.
int LockHolder(const std::string& dir);

// The log's length when its writer last closed it cleanly: the file
// CLEAN_SHUTDOWN ("position N"), written (whole, synced) at each clean close.
// The log only grows, so a store that opens shorter than this lost the end
// of its write-ahead log while it was closed, even when the cut fell between
// two records. 0 when there is no such file.
int64_t CleanShutdownPosition(const std::string& dir);
Status RecordCleanShutdown(const std::string& dir, int64_t position);
// After a repair that accepted a loss, the log is shorter than it once was.
Status ForgetCleanShutdown(const std::string& dir);

// Writes `text` to `path` whole or not at all (a temporary file, synced,
// renamed over it, the directory synced), mode 0600.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace safecity
