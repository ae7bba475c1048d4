#include "engine/store.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include <rocksdb/listener.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>

#include "engine/data_directory.h"
#include "engine/store_file_system.h"
#include "engine/store_refusals.h"

namespace safecity {

namespace {

const char* const kCfNames[] = {"events", "stream_index", "aggregates", "commands", "readmodels",
                                "meta"};
constexpr size_t kCfCount = 6;

// Adds 8-byte little-endian signed counters; used for the per-unit counts.
class CounterAddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    int64_t base = existing ? Store::DecodeCounter(existing->ToString()) : 0;
    *new_value = Store::EncodeCounter(base + Store::DecodeCounter(value.ToString()));
    return true;
  }
  const char* Name() const override { return "safecity.CounterAdd"; }
};

rocksdb::ColumnFamilyOptions CfOptions(size_t i) {
  rocksdb::ColumnFamilyOptions o;
  if (i == static_cast<size_t>(Cf::kReadModels)) {
    o.merge_operator = std::make_shared<CounterAddOperator>();
  }
  return o;
}

std::string StreamIndexKey(const std::string& stream, int64_t version) {
  std::string k = stream;
  k.push_back('\0');
  k += Store::BigEndian64(static_cast<uint64_t>(version));
  return k;
}

}  // namespace

std::string Store::EncodeCounter(int64_t v) {
  std::string s(8, '\0');
  uint64_t u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((u >> (8 * i)) & 0xff);
  return s;
}

int64_t Store::DecodeCounter(const std::string& v) {
  if (v.size() != 8) return 0;
  uint64_t u = 0;
  for (int i = 0; i < 8; ++i) u |= static_cast<uint64_t>(static_cast<unsigned char>(v[i])) << (8 * i);
  return static_cast<int64_t>(u);
}

std::string Store::BigEndian64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i) {
    s[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return s;
}

uint64_t Store::FromBigEndian64(const std::string& s) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < s.size(); ++i) v = (v << 8) | static_cast<unsigned char>(s[i]);
  return v;
}

// Records failures of RocksDB's own background work (flushes, compactions)
// so that Health() reports them before a write does, and leaves recovery to
// the store: the next write or health check resumes when the back-off allows.
class Store::ErrorListener final : public rocksdb::EventListener {
 public:
  explicit ErrorListener(Store* store) : store_(store) {}
  void OnBackgroundError(rocksdb::BackgroundErrorReason, rocksdb::Status* bg_error) override {
    if (bg_error && !bg_error->ok()) store_->WriteFailed(*bg_error);
  }
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status, bool* auto_recovery) override {
    if (auto_recovery) *auto_recovery = false;  // the store resumes itself, without waiting on RocksDB's timer
  }

 private:
  Store* store_;
};

namespace {

Status DamagedStatus(const std::string& dir, const std::string& what) {
  return Status::Refusal(Status::Code::kStorage, "", kStoreDamaged, {{"dir", dir}, {"what", what}});
}

bool IsLockConflict(const rocksdb::Status& s) {
  return s.IsIOError() && s.ToString().find("lock") != std::string::npos;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, StoreOptions opts) { return Open(dir, opts, nullptr); }

Result<std::string> Store::FindDamage(const std::string& dir) {
  StoreOptions o;
  o.mode = StoreMode::kReader;
  o.create_if_missing = false;
  std::string damage;
  auto st = Open(dir, o, &damage);
  if (!damage.empty()) return damage;
  if (!st.ok()) return st.status();
  return std::string();
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, StoreOptions opts, std::string* damage) {
  auto Damaged = [&](const std::string& what) {
    if (damage) *damage = what;
    return DamagedStatus(dir, what);
  };
  std::unique_ptr<Store> st(new Store());
  st->dir_ = dir;
  st->opts_ = opts;
  const bool writer = opts.mode == StoreMode::kWriter;
  const DataDirectory found = InspectDataDirectory(dir);
  if (found.damaged())
    return Damaged("CURRENT is missing, but " + found.Describe() + " are there");
  if (!found.has_current && (!writer || !opts.create_if_missing))
    return Status::Refusal(Status::Code::kInvalid, "--data", kNoData, {{"dir", dir}});
  if (!found.has_current) {
    // A new store may be asked for below directories that are not there yet
    // (--data /srv/safecity/2023/data): make them, as mkdir -p would.
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(dir).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return Status::Storage("cannot create " + parent.string() + " for the data directory: " + ec.message());
  }

  rocksdb::DBOptions dbo;
  st->env_ = rocksdb::NewCompositeEnv(
      NewStoreFileSystem(opts.env ? opts.env->GetFileSystem() : rocksdb::FileSystem::Default()));
  dbo.env = st->env_.get();
  dbo.create_if_missing = writer && opts.create_if_missing;
  dbo.create_missing_column_families = writer && opts.create_if_missing;
  dbo.max_background_jobs = 2;
  dbo.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  dbo.keep_log_file_num = 2;
  dbo.paranoid_checks = true;
  dbo.atomic_flush = true;
  dbo.max_total_wal_size = opts.max_wal_bytes;
  dbo.wal_recovery_mode = opts.wal_recovery == WalRecovery::kUpToDamage   ? rocksdb::WALRecoveryMode::kPointInTimeRecovery
                          : opts.wal_recovery == WalRecovery::kPastDamage ? rocksdb::WALRecoveryMode::kSkipAnyCorruptedRecords
                                                                          : rocksdb::WALRecoveryMode::kAbsoluteConsistency;
  dbo.listeners.push_back(std::make_shared<ErrorListener>(st.get()));
  for (size_t i = 0; i < kCfCount; ++i) st->descriptors_.emplace_back(kCfNames[i], CfOptions(i));
  st->descriptors_.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  Status in_use;
  rocksdb::Status s = writer ? st->OpenWriter(dbo, &handles, &raw, &in_use) : st->OpenReader(dbo, &handles, &raw);
  if (!in_use.ok()) return in_use;
  if (!s.ok()) {
    if (s.IsCorruption()) return Damaged(s.ToString());
    if (s.IsNoSpace())
      return Status::Refusal(Status::Code::kNoSpace, "", kDiskFullAtOpen, {{"dir", dir}});
    if (!opts.create_if_missing && s.IsInvalidArgument()) {
      return Status::Refusal(Status::Code::kInvalid, "--data", kNoData, {{"dir", dir}});
    }
    return Status::Storage("cannot open data directory " + dir + ": " + s.ToString());
  }
  st->db_.reset(raw);
  st->handles_ = handles;
  // Recover the log head.
  std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions(), st->handle(Cf::kEvents)));
  it->SeekToLast();
  if (it->Valid()) st->last_position_ = static_cast<int64_t>(FromBigEndian64(it->key().ToString()));
  if (!it->status().ok()) return Damaged(it->status().ToString());
  it.reset();
  st->durable_position_ = st->last_position_;
  // A log cut between two records opens whole, only shorter than it was.
  const int64_t closed_at = CleanShutdownPosition(dir);
  if (opts.wal_recovery == WalRecovery::kWhole && st->secondary_dir_.empty() && st->last_position_ < closed_at) {
    return Damaged("the log ends at position " + std::to_string(st->last_position_) + " but held " +
                            std::to_string(closed_at) + " events when it was last closed: its write-ahead log was cut");
  }
  st->record_close_ = writer;
  return st;
}

rocksdb::Status Store::OpenWriter(const rocksdb::DBOptions& dbo, std::vector<rocksdb::ColumnFamilyHandle*>* handles,
                                  rocksdb::DB** raw, Status* in_use) {
  // Not track_and_verify_wals_in_manifest: it records a log's size when the
  // log is closed, counting a record whose sync had failed, which the store
  // has cut back (store_file_system.h); the log would then be refused.
  rocksdb::DBOptions o = dbo;
  // Another process's lock: wait for it (bounded), looking without touching
  // the directory; a failed open would rotate RocksDB's info log each time.
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::milliseconds(opts_.lock_wait_ms);
  int pause_ms = 5;
  for (;;) {
    const int holder = LockHolder(dir_);
    const bool other = holder != 0 && holder != static_cast<int>(::getpid());
    rocksdb::Status s;
    if (!other) {
      s = rocksdb::DB::Open(o, dir_, descriptors_, handles, raw);
      if (s.ok() || !IsLockConflict(s)) return s;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
      const int pid = holder ? holder : LockHolder(dir_);
      MessageParams params{{"dir", dir_}, {"seconds", std::to_string(waited)}};
      if (pid) params.emplace_back("pid", std::to_string(pid));
      *in_use = Status::Refusal(Status::Code::kStorage, "", pid ? kStoreInUse : kStoreInUseBy, std::move(params));
      return s.ok() ? rocksdb::Status::Busy() : s;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    pause_ms = std::min(pause_ms * 2, 200);
  }
}

rocksdb::Status Store::OpenReader(rocksdb::DBOptions dbo, std::vector<rocksdb::ColumnFamilyHandle*>* handles,
                                  rocksdb::DB** raw) {
  dbo.max_open_files = -1;  // table files stay readable when the writer compacts them away
  auto secondary = [&]() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "safecity-reader-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
      // No room for a follower's files (a full disk): a read-only look at
      // the writer's log as it stands; the writer checked it whole when it opened.
      rocksdb::DBOptions ro = dbo;
      ro.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
      return rocksdb::DB::OpenForReadOnly(ro, dir_, descriptors_, handles, raw);
    }
    secondary_dir_ = tmpl;
    rocksdb::DBOptions so = dbo;
    so.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;  // the writer's log is being written
    rocksdb::Status s = rocksdb::DB::OpenAsSecondary(so, dir_, secondary_dir_, descriptors_, handles, raw);
    if (s.ok()) s = (*raw)->TryCatchUpWithPrimary();
    return s;
  };
  // A writer holds the directory (the check and the open may race: a
  // read-only open that finds a log being written retries as a follower).
  if (opts_.wal_recovery != WalRecovery::kPastDamage && LockHolder(dir_) != 0) return secondary();
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(dbo, dir_, descriptors_, handles, raw);
  if (s.IsCorruption() && opts_.wal_recovery != WalRecovery::kPastDamage && LockHolder(dir_) != 0) return secondary();
  return s;
}

Store::~Store() {
  if (db_) {
    // The next open checks that the log is at least this long. Written while
    // the lock is still held: no other process writes the directory meanwhile.
    if (record_close_) RecordCleanShutdown(dir_, last_position_);
    // A large log goes into table files now, so the next open has little to
    // replay (failing is harmless: the log is still there).
    if (record_close_ && !failed_.load() && WriteAheadLogBytes() > opts_.flush_at_close_wal_bytes) {
      rocksdb::FlushOptions fo;
      fo.wait = true;
      db_->Flush(fo, handles_).PermitUncheckedError();
    }
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
    db_.reset();
  }
  if (!secondary_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(secondary_dir_, ec);
  }
}

Status Store::Writable() {
  if (opts_.mode == StoreMode::kReader)
    return Status::Refusal(Status::Code::kStorage, "", kStoreReadOnly, {{"dir", dir_}});
  if (!failed_.load(std::memory_order_acquire)) return Status::Ok();
  // One resume at a time. health_mu_ is not held across Resume(): RocksDB
  // reports a failure of the flush it runs through the listener, which takes it.
  std::lock_guard<std::mutex> one(resume_mu_);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lk(health_mu_);
    if (!failed_.load()) return Status::Ok();
    if (now - failed_at_ < std::chrono::milliseconds(opts_.resume_backoff_ms)) return write_error_;
  }
  const bool resumed = db_->Resume().ok();
  std::lock_guard<std::mutex> lk(health_mu_);
  if (resumed) {
    failed_.store(false, std::memory_order_release);
    write_error_ = Status::Ok();
    return Status::Ok();
  }
  failed_at_ = now;
  return write_error_;
}

Status Store::WriteFailed(const rocksdb::Status& s) {
  Status e = s.IsNoSpace() ? Status::Refusal(Status::Code::kNoSpace, "", kDiskFull, {{"dir", dir_}})
                           : Status::Refusal(Status::Code::kStorage, "", kWriteFailed, {{"dir", dir_}, {"detail", s.ToString()}});
  std::lock_guard<std::mutex> lk(health_mu_);
  write_error_ = e;
  failed_at_ = std::chrono::steady_clock::now();
  failed_.store(true, std::memory_order_release);
  return e;
}

Status Store::Health() {
  if (opts_.mode == StoreMode::kReader) return Status::Ok();
  return Writable();
}

Result<int64_t> Store::StreamVersionLocked(const std::string& stream) {
  auto it = stream_versions_.find(stream);
  if (it != stream_versions_.end()) return it->second;
  std::string upper = stream;
  upper.push_back('\x01');
  rocksdb::ReadOptions ro;
  rocksdb::Slice ub(upper);
  ro.iterate_upper_bound = &ub;
  std::unique_ptr<rocksdb::Iterator> iter(db_->NewIterator(ro, handle(Cf::kStreamIndex)));
  iter->SeekForPrev(StreamIndexKey(stream, INT64_MAX));
  int64_t v = 0;
  std::string prefix = stream + std::string(1, '\0');
  if (iter->Valid() && iter->key().starts_with(prefix)) {
    v = static_cast<int64_t>(FromBigEndian64(iter->key().ToString().substr(prefix.size())));
  }
  if (!iter->status().ok()) return Status::Storage("reading stream index: " + iter->status().ToString());
  stream_versions_.emplace(stream, v);
  return v;
}

Result<int64_t> Store::StreamVersion(const std::string& stream) {
  std::lock_guard<std::mutex> lk(log_mu_);
  return StreamVersionLocked(stream);
}

Status Store::Append(std::vector<StreamAppend>* appends) { return Commit(appends, nullptr); }

Status Store::Commit(std::vector<StreamAppend>* appends, rocksdb::WriteBatch* extra,
                     const std::function<void(int64_t, rocksdb::WriteBatch*)>& on_positions, bool sync) {
  rocksdb::WriteBatch own;
  rocksdb::WriteBatch* batch = extra ? extra : &own;
  int64_t last;
  {
    std::lock_guard<std::mutex> lk(log_mu_);
    Status writable = Writable();
    if (!writable.ok()) return writable;
    // Check every expected version first: nothing is written on a conflict.
    std::unordered_map<std::string, int64_t> heads;
    for (auto& a : *appends) {
      int64_t current;
      auto h = heads.find(a.stream);
      if (h != heads.end()) {
        current = h->second;
      } else {
        auto v = StreamVersionLocked(a.stream);
        if (!v.ok()) return v.status();
        current = v.value();
      }
      if (current != a.expected_version) {
        return Status::Conflict("stream " + a.stream + " is at version " + std::to_string(current) +
                                ", not the expected " + std::to_string(a.expected_version) +
                                "; reload it and retry");
      }
      for (size_t i = 0; i < a.events.size(); ++i) {
        if (a.events[i].version != a.expected_version + static_cast<int64_t>(i) + 1 ||
            a.events[i].stream != a.stream) {
          return Status::Invalid("events", "versions of " + a.stream + " must follow " +
                                               std::to_string(a.expected_version) + " without gaps");
        }
      }
      heads[a.stream] = a.expected_version + static_cast<int64_t>(a.events.size());
    }
    int64_t pos = last_position_;
    for (auto& a : *appends) {
      for (auto& e : a.events) {
        e.position = ++pos;
        std::string key = BigEndian64(static_cast<uint64_t>(e.position));
        batch->Put(handle(Cf::kEvents), key, StoredEventJson(e));
        batch->Put(handle(Cf::kStreamIndex), StreamIndexKey(e.stream, e.version), key);
      }
    }
    if (on_positions) on_positions(pos, batch);
    rocksdb::WriteOptions wo;
    wo.sync = opts_.sync && sync;
    rocksdb::Status s = db_->Write(wo, batch);
    if (!s.ok()) {
      for (auto& a : *appends)
        for (auto& e : a.events) e.position = 0;
      return WriteFailed(s);
    }
    stats_.groups++;
    stats_.events += pos - last_position_;
    stats_.bytes += static_cast<int64_t>(batch->GetDataSize());
    last_position_ = pos;
    for (auto& [stream, v] : heads) stream_versions_[stream] = v;
    if (stream_versions_.size() > 1000000) stream_versions_.clear();  // bounded cache
    last = pos;
  }
  {
    std::lock_guard<std::mutex> lk(tail_mu_);
    durable_position_ = std::max(durable_position_, last);  // commits may finish out of order here
  }
  tail_cv_.notify_all();
  return Status::Ok();
}

uint64_t Store::WriteAheadLogBytes() {
  rocksdb::VectorLogPtr files;
  if (!db_->GetSortedWalFiles(files).ok()) return 0;
  uint64_t bytes = 0;
  for (const auto& f : files) bytes += f->SizeFileBytes();
  return bytes;
}

Store::CommitStats Store::commit_stats() {
  std::lock_guard<std::mutex> lk(log_mu_);
  return stats_;
}

Result<std::vector<EventEnvelope>> Store::ReadStream(const std::string& stream, int64_t from_version) {
  std::vector<EventEnvelope> out;
  std::string prefix = stream + std::string(1, '\0');
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle(Cf::kStreamIndex)));
  for (it->Seek(StreamIndexKey(stream, from_version < 1 ? 1 : from_version));
       it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handle(Cf::kEvents), it->value(), &value);
    if (!s.ok()) return Status::Storage("event of " + stream + " missing from the log: " + s.ToString());
    auto e = EventFromJson(Json::parse(value, nullptr, false));
    if (!e.ok()) return Status::Storage("stored event of " + stream + " is unreadable: " + e.status().ToString());
    out.push_back(std::move(e.value()));
  }
  if (!it->status().ok()) return Status::Storage(it->status().ToString());
  return out;
}

Result<std::vector<EventEnvelope>> Store::ReadAll(int64_t from_position, size_t max_events) {
  std::vector<EventEnvelope> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle(Cf::kEvents)));
  for (it->Seek(BigEndian64(static_cast<uint64_t>(from_position < 1 ? 1 : from_position)));
       it->Valid() && out.size() < max_events; it->Next()) {
    const rocksdb::Slice v = it->value();
    auto e = EventFromJson(Json::parse(v.data(), v.data() + v.size(), nullptr, false));
    if (!e.ok()) return Status::Storage("stored event is unreadable: " + e.status().ToString());
    out.push_back(std::move(e.value()));
  }
  if (!it->status().ok()) return Status::Storage(it->status().ToString());
  return out;
}

int64_t Store::LastPosition() {
  std::lock_guard<std::mutex> lk(tail_mu_);
  return durable_position_;
}

bool Store::WaitFor(int64_t position, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lk(tail_mu_);
  return tail_cv_.wait_for(lk, timeout, [&] { return durable_position_ >= position; });
}

Result<std::optional<std::string>> Store::Get(Cf cf, const std::string& key) {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handle(cf), key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return Status::Storage("read failed: " + s.ToString());
  return std::optional<std::string>(std::move(value));
}

Status Store::Scan(Cf cf, const std::string& prefix,
                   const std::function<bool(const std::string&, const std::string&)>& fn, const std::string& start_after) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle(cf)));
  it->Seek(start_after > prefix ? start_after : prefix);
  if (!start_after.empty() && it->Valid() && it->key() == start_after) it->Next();
  for (; it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (!fn(it->key().ToString(), it->value().ToString())) break;
  }
  if (!it->status().ok()) return Status::Storage(it->status().ToString());
  return Status::Ok();
}

Status Store::Write(rocksdb::WriteBatch* batch, bool sync) {
  Status writable = Writable();
  if (!writable.ok()) return writable;
  rocksdb::WriteOptions wo;
  wo.sync = sync && opts_.sync;
  rocksdb::Status s = db_->Write(wo, batch);
  if (!s.ok()) return WriteFailed(s);
  return Status::Ok();
}

Status Store::Reset(Cf cf) {
  Status writable = Writable();
  if (!writable.ok()) return writable;
  size_t i = static_cast<size_t>(cf);
  rocksdb::Status s = db_->DropColumnFamily(handles_[i]);
  if (!s.ok()) return WriteFailed(s);
  // The dropped family's handle stays valid until the new one exists: a
  // failure here leaves no dangling handle behind.
  rocksdb::ColumnFamilyHandle* h = nullptr;
  s = db_->CreateColumnFamily(CfOptions(i), kCfNames[i], &h);
  if (!s.ok()) return WriteFailed(s);
  db_->DestroyColumnFamilyHandle(handles_[i]);
  handles_[i] = h;
  return Status::Ok();
}

}  // namespace safecity
