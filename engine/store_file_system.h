// StoreFileSystem: the file system the store's RocksDB writes through, a
// rocksdb::FileSystemWrapper over the real one (or over a test's faulty one).
// It adds two guarantees that RocksDB's own Env does not give:
//
//  - Private files. Every directory it creates is mode 0700 and every file it
//    creates 0600, whatever the process's umask: the data directory holds
//    token hashes, the security log and units' evidence.
//  - No torn write-ahead log after a failed write. When appending to or
//    syncing a write-ahead log file (NNNNNN.log) fails (a full disk, an I/O
//    error), the file is cut back to where it ended before the failed record.
//    A write that was refused leaves nothing half-written behind, so the
//    store, which opens only a whole log (see store.h), still opens after a
//    restart, and what it finds is exactly what was acknowledged.
//
// Records are what RocksDB writes between two Flush() calls of a log file
// (one WriteBatch each); an acknowledged unsynced record before the failed
// one is kept.
#pragma once

#include <memory>

#include <rocksdb/file_system.h>

namespace safecity {

std::shared_ptr<rocksdb::FileSystem> NewStoreFileSystem(std::shared_ptr<rocksdb::FileSystem> base);

}  // namespace safecity
