#include "engine/replay.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/aggregate.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"

namespace safecity {

namespace {

void HashRecord(Sha256Hasher& h, const std::string& k, const std::string& v) {
  std::string len = Store::BigEndian64(k.size()) + Store::BigEndian64(v.size());
  h.Update(len);
  h.Update(k);
  h.Update(v);
}

// The events of the log in order, read and decoded by a thread of their own
// while the caller applies the previous chunk: the rebuild uses both cores
// and still applies every event in log order.
class ChunkReader {
 public:
  ChunkReader(Store* store, size_t chunk) : store_(store), chunk_(chunk), thread_([this] { Run(); }) {}
  ~ChunkReader() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  // The next chunk; empty at the end of the log.
  Result<std::vector<EventEnvelope>> Next() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return !ready_.empty(); });
    Result<std::vector<EventEnvelope>> r = std::move(ready_.front());
    ready_.pop_front();
    cv_.notify_all();
    return r;
  }

 private:
  void Run() {
    int64_t position = 1;
    for (;;) {
      {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return stop_ || ready_.size() < 2; });
        if (stop_) return;
      }
      auto events = store_->ReadAll(position, chunk_);
      const bool last = !events.ok() || events.value().empty();
      if (!last) position = events.value().back().position + 1;
      {
        std::lock_guard<std::mutex> lk(mu_);
        ready_.push_back(std::move(events));
      }
      cv_.notify_all();
      if (last) return;
    }
  }

  Store* store_;
  const size_t chunk_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Result<std::vector<EventEnvelope>>> ready_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

// Where the rebuild spills the aggregates its bounded cache lets go.
const std::string kSpillPrefix = "rebuild/aggregate/";

Status DropSpill(Store* store) {
  rocksdb::WriteBatch batch;
  batch.DeleteRange(store->handle(Cf::kMeta), kSpillPrefix, "rebuild/aggregate0");  // '0' follows '/'
  return store->Write(&batch, false);
}

}  // namespace

Result<RebuildReport> RebuildReadModels(Store* store, const WorkflowRegistry& workflows,
                                        const Progress& progress, const RebuildOptions& options) {
  auto before = StateSnapshot::Take(store);
  if (!before.ok()) return before.status();
  // Remove the checkpoint first, durably: if the rebuild is interrupted, the
  // half-built read models are then known to be behind the log.
  {
    rocksdb::WriteBatch drop;
    drop.Delete(store->handle(Cf::kMeta), "checkpoint/projections");
    Status d = store->Write(&drop, true);
    if (!d.ok()) return d;
  }
  Status s = store->Reset(Cf::kAggregates);
  if (!s.ok()) return s;
  s = store->Reset(Cf::kReadModels);
  if (!s.ok()) return s;
  RebuildReport report;
  const int64_t total = store->LastPosition();
  // A bounded cache of aggregates: when it is full, every cached aggregate is
  // spilled (unsynced) under kSpillPrefix in `meta` and the cache starts
  // afresh; a stream seen again is loaded from its spill. Memory stays
  // bounded whatever the number of streams. The snapshots themselves are
  // written by ApplyEvent at their versions, as live processing writes them;
  // the spill is removed at the end (and at the start, after an interrupted
  // rebuild), so it is not part of the state.
  s = DropSpill(store);
  if (!s.ok()) return s;
  std::unordered_map<std::string, Aggregate> aggregates;
  // Which streams may have been spilled: a fixed bitmap by hash (1 MiB), so a
  // stream never spilled costs no read; a false positive costs one read that
  // finds nothing.
  std::vector<bool> maybe_spilled(size_t{1} << 23);
  auto bit = [&](const std::string& stream) { return std::hash<std::string>{}(stream) & (maybe_spilled.size() - 1); };
  auto spill_aggregates = [&](rocksdb::WriteBatch* batch) {
    for (const auto& [stream, agg] : aggregates) {
      batch->Put(store->handle(Cf::kMeta), kSpillPrefix + stream, EncodeAggregate(agg));
      maybe_spilled[bit(stream)] = true;
    }
    aggregates.clear();
  };
  int64_t position = 1;
  ChunkReader reader(store, std::max<size_t>(1, options.events_per_chunk));
  for (;;) {
    auto events = reader.Next();
    if (!events.ok()) return events.status();
    if (events.value().empty()) break;
    rocksdb::WriteBatch batch;
    ReadModelWriter writer(store, &batch);
    for (const auto& e : events.value()) {
      auto at = aggregates.find(e.stream);
      if (at == aggregates.end()) {
        Aggregate agg;
        if (maybe_spilled[bit(e.stream)]) {
          auto stored = store->Get(Cf::kMeta, kSpillPrefix + e.stream);
          if (!stored.ok()) return stored.status();
          if (stored.value()) {
            const Workflow* wf = workflows.ForStream(e.stream);
            if (!wf) return Status::Storage("no workflow for stream " + e.stream);
            auto decoded = DecodeAggregate(*wf, *stored.value());
            if (!decoded.ok()) return decoded.status();
            agg = std::move(decoded.value());
          }
        }
        if (agg.version == 0) ++report.streams;
        at = aggregates.emplace(e.stream, std::move(agg)).first;
      }
      Status a = ApplyEvent(workflows, &at->second, e, &writer);
      if (!a.ok()) return a;
      ++report.events;
      position = e.position + 1;
    }
    if (aggregates.size() > options.max_cached_aggregates) spill_aggregates(&batch);
    s = store->Write(&batch, false);
    if (!s.ok()) return s;
    if (progress) progress(report.events, total);
  }
  aggregates.clear();
  s = DropSpill(store);
  if (!s.ok()) return s;
  rocksdb::WriteBatch batch;
  // An empty log has no projection checkpoint, as a new store has none.
  if (position > 1)
    batch.Put(store->handle(Cf::kMeta), "checkpoint/projections", Store::BigEndian64(static_cast<uint64_t>(position - 1)));
  s = store->Write(&batch, true);
  if (!s.ok()) return s;
  auto sum = StateChecksum(store);
  if (!sum.ok()) return sum.status();
  report.checksum = sum.value();
  auto diff = before.value().CompareWith(store);
  if (!diff.ok()) return diff.status();
  report.differences = std::move(diff.value());
  return report;
}

Result<StreamAsOf> FoldStreamAsOf(Store* store, const WorkflowRegistry& workflows, const std::string& stream, int64_t as_of_ms) {
  if (!workflows.ForStream(stream)) return Status::Invalid("stream", "'" + stream + "' is not a stream of any workflow; name it <kind>-<id>, e.g. task-XA-001");
  auto events = store->ReadStream(stream);
  if (!events.ok()) return events.status();
  StreamAsOf out;
  Aggregate folded;
  for (const EventEnvelope& e : events.value()) {
    if (e.occurred_at > as_of_ms) break;  // a prefix: what stood then, even if a later event was back-dated
    Status s = ApplyEvent(workflows, &folded, e, nullptr);  // raises an older event's version, as live processing does
    if (!s.ok()) return s;
    out.version = e.version;
    out.occurred_at = e.occurred_at;
    out.events.push_back(e);
  }
  if (out.events.empty()) {
    if (events.value().empty()) return Status::NotFound("stream", "no events in '" + stream + "'");
    return Status::NotFound("as-of", stream + " did not exist yet then; its first event is at " +
                                         FormatIsoMs(events.value().front().occurred_at));
  }
  out.state = folded.StateJson();
  return out;
}

Result<std::string> StateChecksum(Store* store) {
  Sha256Hasher h;
  for (Cf cf : {Cf::kAggregates, Cf::kReadModels}) {
    h.Update(cf == Cf::kAggregates ? "aggregates" : "readmodels");
    Status s = store->Scan(cf, "", [&](const std::string& k, const std::string& v) {
      HashRecord(h, k, v);
      return true;
    });
    if (!s.ok()) return s;
  }
  auto cp = store->Get(Cf::kMeta, "checkpoint/projections");
  if (!cp.ok()) return cp.status();
  HashRecord(h, "checkpoint/projections", cp.value().value_or(""));
  return h.FinishHex();
}

Status CheckReadModelsCurrent(Store* store) {
  auto cp = store->Get(Cf::kMeta, "checkpoint/projections");
  if (!cp.ok()) return cp.status();
  int64_t checkpoint = cp.value() ? static_cast<int64_t>(Store::FromBigEndian64(*cp.value())) : 0;
  if (checkpoint != store->LastPosition()) {
    return Status::Storage("the read models cover the log up to position " + std::to_string(checkpoint) + " of " +
                           std::to_string(store->LastPosition()) +
                           " (an interrupted rebuild?); run `safecity replay --rebuild`");
  }
  return Status::Ok();
}

}  // namespace safecity
