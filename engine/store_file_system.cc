#include "engine/store_file_system.h"

#include "engine/data_directory.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace safecity {

namespace {

using rocksdb::FileOptions;
using rocksdb::FSWritableFile;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

IOStatus MakePrivate(const std::string& path, mode_t mode) {
  if (::chmod(path.c_str(), mode) != 0)
    return IOStatus::IOError("cannot make " + path + " private (chmod)", std::strerror(errno));
  return IOStatus::OK();
}

// A log file that cuts itself back to its last whole record when a write or
// a sync fails.
class LogFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  LogFile(std::unique_ptr<FSWritableFile> file, uint64_t size)
      : FSWritableFileOwnerWrapper(std::move(file)), size_(size), record_start_(size), last_record_start_(size), synced_(size) {}

  IOStatus Append(const Slice& data, const IOOptions& o, IODebugContext* dbg) override {
    return Appended(target()->Append(data, o, dbg), data.size());
  }
  IOStatus Append(const Slice& data, const IOOptions& o, const rocksdb::DataVerificationInfo& v, IODebugContext* dbg) override {
    return Appended(target()->Append(data, o, v, dbg), data.size());
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& o, IODebugContext* dbg) override {
    return Appended(target()->PositionedAppend(data, offset, o, dbg), data.size());
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& o, const rocksdb::DataVerificationInfo& v,
                            IODebugContext* dbg) override {
    return Appended(target()->PositionedAppend(data, offset, o, v, dbg), data.size());
  }
  // RocksDB flushes a log file after each record it adds.
  IOStatus Flush(const IOOptions& o, IODebugContext* dbg) override {
    IOStatus s = target()->Flush(o, dbg);
    if (!s.ok()) return CutBack(s, record_start_);
    if (size_ != record_start_) {
      last_record_start_ = record_start_;
      record_start_ = size_;
    }
    return s;
  }
  IOStatus Sync(const IOOptions& o, IODebugContext* dbg) override { return Synced(target()->Sync(o, dbg)); }
  IOStatus Fsync(const IOOptions& o, IODebugContext* dbg) override { return Synced(target()->Fsync(o, dbg)); }
  IOStatus Truncate(uint64_t size, const IOOptions& o, IODebugContext* dbg) override {
    IOStatus s = target()->Truncate(size, o, dbg);
    if (s.ok()) Forget(size);
    return s;
  }

 private:
  IOStatus Appended(IOStatus s, size_t n) {
    if (s.ok()) {
      size_ += n;
      return s;
    }
    return CutBack(s, record_start_);
  }
  // The record the failed sync was to make durable is the last one flushed;
  // what an earlier sync made durable stays.
  IOStatus Synced(IOStatus s) {
    if (s.ok()) {
      synced_ = size_;
      return s;
    }
    return CutBack(s, std::max(synced_, last_record_start_));
  }
  IOStatus CutBack(IOStatus failure, uint64_t to) {
    // Best effort: if even the cut fails, the log's own checksums still
    // refuse the torn record when the store is next opened.
    if (target()->Truncate(to, IOOptions(), nullptr).ok()) Forget(to);
    return failure;
  }
  void Forget(uint64_t to) {
    size_ = to;
    record_start_ = std::min(record_start_, to);
    last_record_start_ = std::min(last_record_start_, to);
    synced_ = std::min(synced_, to);
  }

  uint64_t size_;               // bytes in the file as far as this writer knows
  uint64_t record_start_;       // where the record being added starts (the size at the last flush)
  uint64_t last_record_start_;  // where the last flushed record starts
  uint64_t synced_;             // bytes made durable by the last successful sync
};

class StoreFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  explicit StoreFileSystem(std::shared_ptr<rocksdb::FileSystem> base) : FileSystemWrapper(std::move(base)) {}
  const char* Name() const override { return "safecity.StoreFileSystem"; }

  IOStatus NewWritableFile(const std::string& f, const FileOptions& o, std::unique_ptr<FSWritableFile>* r,
                           IODebugContext* dbg) override {
    IOStatus s = target()->NewWritableFile(f, o, r, dbg);
    return Wrapped(s, f, r, 0);
  }
  IOStatus ReopenWritableFile(const std::string& f, const FileOptions& o, std::unique_ptr<FSWritableFile>* r,
                              IODebugContext* dbg) override {
    IOStatus s = target()->ReopenWritableFile(f, o, r, dbg);
    uint64_t size = 0;
    if (s.ok() && !target()->GetFileSize(f, IOOptions(), &size, dbg).ok()) size = 0;
    return Wrapped(s, f, r, size);
  }
  IOStatus ReuseWritableFile(const std::string& f, const std::string& old, const FileOptions& o,
                             std::unique_ptr<FSWritableFile>* r, IODebugContext* dbg) override {
    IOStatus s = target()->ReuseWritableFile(f, old, o, r, dbg);
    return Wrapped(s, f, r, 0);
  }
  IOStatus NewRandomRWFile(const std::string& f, const FileOptions& o, std::unique_ptr<rocksdb::FSRandomRWFile>* r,
                           IODebugContext* dbg) override {
    IOStatus s = target()->NewRandomRWFile(f, o, r, dbg);
    return s.ok() ? MakePrivate(f, 0600) : s;
  }
  IOStatus NewLogger(const std::string& f, const IOOptions& o, std::shared_ptr<rocksdb::Logger>* r,
                     IODebugContext* dbg) override {
    IOStatus s = target()->NewLogger(f, o, r, dbg);
    return s.ok() ? MakePrivate(f, 0600) : s;
  }
  IOStatus LockFile(const std::string& f, const IOOptions& o, rocksdb::FileLock** l, IODebugContext* dbg) override {
    IOStatus s = target()->LockFile(f, o, l, dbg);
    return s.ok() ? MakePrivate(f, 0600) : s;
  }
  IOStatus CreateDir(const std::string& d, const IOOptions& o, IODebugContext* dbg) override {
    IOStatus s = target()->CreateDir(d, o, dbg);
    return s.ok() ? MakePrivate(d, 0700) : s;
  }
  IOStatus CreateDirIfMissing(const std::string& d, const IOOptions& o, IODebugContext* dbg) override {
    const bool existed = target()->FileExists(d, o, dbg).ok();
    IOStatus s = target()->CreateDirIfMissing(d, o, dbg);
    return s.ok() && !existed ? MakePrivate(d, 0700) : s;
  }

 private:
  static IOStatus Wrapped(IOStatus s, const std::string& f, std::unique_ptr<FSWritableFile>* r, uint64_t size) {
    if (!s.ok()) return s;
    IOStatus p = MakePrivate(f, 0600);
    if (!p.ok()) return p;
    if (KindOfStoreFile(f) == StoreFile::kWriteAheadLog) *r = std::make_unique<LogFile>(std::move(*r), size);
    return s;
  }
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> NewStoreFileSystem(std::shared_ptr<rocksdb::FileSystem> base) {
  return std::make_shared<StoreFileSystem>(std::move(base));
}

}  // namespace safecity
