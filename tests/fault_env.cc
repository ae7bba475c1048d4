#include "tests/fault_env.h"

#include <string>

#include "engine/data_directory.h"
#include "workflows/registry.h"

namespace safecity::testing {

namespace {

using rocksdb::FileOptions;
using rocksdb::FSWritableFile;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

FaultInjection::Kind KindOf(const std::string& path) {
  switch (KindOfStoreFile(path)) {
    case StoreFile::kWriteAheadLog: return FaultInjection::kWal;
    case StoreFile::kTable: return FaultInjection::kTable;
    case StoreFile::kManifest: return FaultInjection::kManifest;
    default: return FaultInjection::kAnyFile;
  }
}

class FaultyFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FaultyFile(std::unique_ptr<FSWritableFile> f, FaultInjection::Kind kind, std::shared_ptr<FaultInjection::State> state)
      : FSWritableFileOwnerWrapper(std::move(f)), kind_(kind), state_(std::move(state)) {}

  IOStatus Append(const Slice& data, const IOOptions& o, IODebugContext* dbg) override {
    if (!Fails(FaultInjection::kAppend)) return target()->Append(data, o, dbg);
    target()->Append(Slice(data.data(), data.size() / 2), o, dbg);
    target()->Flush(o, dbg);
    return NoSpace();
  }
  IOStatus Append(const Slice& data, const IOOptions& o, const rocksdb::DataVerificationInfo&, IODebugContext* dbg) override {
    return Append(data, o, dbg);
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& o, IODebugContext* dbg) override {
    if (!Fails(FaultInjection::kAppend)) return target()->PositionedAppend(data, offset, o, dbg);
    target()->PositionedAppend(Slice(data.data(), data.size() / 2), offset, o, dbg);
    return NoSpace();
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset, const IOOptions& o, const rocksdb::DataVerificationInfo&,
                            IODebugContext* dbg) override {
    return PositionedAppend(data, offset, o, dbg);
  }
  IOStatus Sync(const IOOptions& o, IODebugContext* dbg) override {
    return Fails(FaultInjection::kSync) ? NoSpace() : target()->Sync(o, dbg);
  }
  IOStatus Fsync(const IOOptions& o, IODebugContext* dbg) override {
    return Fails(FaultInjection::kSync) ? NoSpace() : target()->Fsync(o, dbg);
  }

 private:
  bool Fails(FaultInjection::Op op) {
    if (!state_->on.load()) return false;
    if (!state_->full.load()) {
      const int k = state_->kind.load();
      if (state_->op.load() != op || (k != FaultInjection::kAnyFile && k != kind_)) return false;
      state_->full.store(true);
    }
    state_->injected.fetch_add(1);
    return true;
  }
  static IOStatus NoSpace() { return IOStatus::NoSpace("No space left on device (injected)"); }

  FaultInjection::Kind kind_;
  std::shared_ptr<FaultInjection::State> state_;
};

class FaultyFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultyFileSystem(std::shared_ptr<FaultInjection::State> state)
      : FileSystemWrapper(rocksdb::FileSystem::Default()), state_(std::move(state)) {}
  const char* Name() const override { return "safecity.testing.FaultyFileSystem"; }

  IOStatus NewWritableFile(const std::string& f, const FileOptions& o, std::unique_ptr<FSWritableFile>* r,
                           IODebugContext* dbg) override {
    return Wrap(target()->NewWritableFile(f, o, r, dbg), f, r);
  }
  IOStatus ReopenWritableFile(const std::string& f, const FileOptions& o, std::unique_ptr<FSWritableFile>* r,
                              IODebugContext* dbg) override {
    return Wrap(target()->ReopenWritableFile(f, o, r, dbg), f, r);
  }
  IOStatus ReuseWritableFile(const std::string& f, const std::string& old, const FileOptions& o,
                             std::unique_ptr<FSWritableFile>* r, IODebugContext* dbg) override {
    return Wrap(target()->ReuseWritableFile(f, old, o, r, dbg), f, r);
  }
  IOStatus GetFreeSpace(const std::string& path, const IOOptions& o, uint64_t* free, IODebugContext* dbg) override {
    if (state_->on.load()) {
      *free = 0;
      return IOStatus::OK();
    }
    return target()->GetFreeSpace(path, o, free, dbg);
  }

 private:
  IOStatus Wrap(IOStatus s, const std::string& f, std::unique_ptr<FSWritableFile>* r) {
    if (s.ok()) *r = std::make_unique<FaultyFile>(std::move(*r), KindOf(f), state_);
    return s;
  }
  std::shared_ptr<FaultInjection::State> state_;
};

}  // namespace

FaultInjection::FaultInjection()
    : state_(std::make_shared<State>()),
      fs_(std::make_shared<FaultyFileSystem>(state_)),
      env_(rocksdb::NewCompositeEnv(fs_)) {}

FaultInjection::~FaultInjection() = default;

EngineOptions FaultInjection::EngineOn(const std::string& dir, size_t partitions) {
  EngineOptions eo;
  eo.domain = &DefaultDomain();
  eo.data_dir = dir;
  eo.partitions = partitions;
  eo.env = env();
  eo.resume_backoff_ms = 0;
  return eo;
}

void FaultInjection::Fail(Kind kind, Op op) {
  state_->kind.store(kind);
  state_->op.store(op);
  state_->full.store(false);
  state_->on.store(true);
}

void FaultInjection::Clear() {
  state_->on.store(false);
  state_->full.store(false);
}

int FaultInjection::injected() const { return state_->injected.load(); }

}  // namespace safecity::testing
