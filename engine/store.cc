#include "engine/store.h"

#include <algorithm>
#include <cstring>

#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>

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

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, StoreOptions opts) {
  std::unique_ptr<Store> st(new Store());
  st->dir_ = dir;
  st->opts_ = opts;
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = opts.create_if_missing;
  dbo.create_missing_column_families = opts.create_if_missing;
  dbo.max_background_jobs = 2;
  dbo.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  dbo.keep_log_file_num = 2;
  for (size_t i = 0; i < kCfCount; ++i) st->descriptors_.emplace_back(kCfNames[i], CfOptions(i));
  st->descriptors_.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s = rocksdb::DB::Open(dbo, dir, st->descriptors_, &handles, &raw);
  if (!s.ok()) {
    if (!opts.create_if_missing && s.IsInvalidArgument()) {
      return Status::Invalid("--data", "no safecity data in " + dir + "; run `safecity init` first or pass the right --data");
    }
    return Status::Storage("cannot open data directory " + dir + ": " + s.ToString());
  }
  st->db_.reset(raw);
  st->handles_ = handles;
  // Recover the log head.
  std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions(), st->handle(Cf::kEvents)));
  it->SeekToLast();
  if (it->Valid()) st->last_position_ = static_cast<int64_t>(FromBigEndian64(it->key().ToString()));
  st->durable_position_ = st->last_position_;
  return st;
}

Store::~Store() {
  if (db_) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
  }
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
                     const std::function<void(int64_t, rocksdb::WriteBatch*)>& on_positions) {
  rocksdb::WriteBatch own;
  rocksdb::WriteBatch* batch = extra ? extra : &own;
  int64_t last;
  {
    std::lock_guard<std::mutex> lk(log_mu_);
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
        batch->Put(handle(Cf::kEvents), key, CanonicalJson(ToJson(e)));
        batch->Put(handle(Cf::kStreamIndex), StreamIndexKey(e.stream, e.version), key);
      }
    }
    if (on_positions) on_positions(pos, batch);
    rocksdb::WriteOptions wo;
    wo.sync = opts_.sync;
    rocksdb::Status s = db_->Write(wo, batch);
    if (!s.ok()) {
      for (auto& a : *appends)
        for (auto& e : a.events) e.position = 0;
      return Status::Storage("writing the event log failed: " + s.ToString());
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
    auto e = EventFromJson(Json::parse(it->value().ToString(), nullptr, false));
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
  rocksdb::WriteOptions wo;
  wo.sync = sync && opts_.sync;
  rocksdb::Status s = db_->Write(wo, batch);
  if (!s.ok()) return Status::Storage("write failed: " + s.ToString());
  return Status::Ok();
}

Status Store::Reset(Cf cf) {
  size_t i = static_cast<size_t>(cf);
  rocksdb::Status s = db_->DropColumnFamily(handles_[i]);
  if (!s.ok()) return Status::Storage("dropping " + std::string(kCfNames[i]) + ": " + s.ToString());
  db_->DestroyColumnFamilyHandle(handles_[i]);
  rocksdb::ColumnFamilyHandle* h = nullptr;
  s = db_->CreateColumnFamily(CfOptions(i), kCfNames[i], &h);
  if (!s.ok()) return Status::Storage("recreating " + std::string(kCfNames[i]) + ": " + s.ToString());
  handles_[i] = h;
  return Status::Ok();
}

}  // namespace safecity
