#include "engine/replay.h"

#include <unordered_map>

#include "engine/aggregate.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"

namespace safecity {

namespace {
constexpr size_t kEventsPerBatch = 20000;

void HashRecord(Sha256Hasher& h, const std::string& k, const std::string& v) {
  std::string len = Store::BigEndian64(k.size()) + Store::BigEndian64(v.size());
  h.Update(len);
  h.Update(k);
  h.Update(v);
}
}  // namespace

Result<RebuildReport> RebuildReadModels(Store* store, const WorkflowRegistry& workflows,
                                        const Progress& progress) {
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
  std::unordered_map<std::string, Aggregate> aggregates;
  int64_t position = 1;
  for (;;) {
    auto events = store->ReadAll(position, kEventsPerBatch);
    if (!events.ok()) return events.status();
    if (events.value().empty()) break;
    rocksdb::WriteBatch batch;
    ReadModelWriter writer(store, &batch);
    for (const auto& e : events.value()) {
      Status a = ApplyEvent(workflows, &aggregates[e.stream], e, &writer);
      if (!a.ok()) return a;
      ++report.events;
      position = e.position + 1;
    }
    s = store->Write(&batch, false);
    if (!s.ok()) return s;
    if (progress) progress(report.events, total);
  }
  rocksdb::WriteBatch batch;
  for (const auto& [stream, agg] : aggregates) batch.Put(store->handle(Cf::kAggregates), stream, EncodeAggregate(agg));
  // An empty log has no projection checkpoint, as a new store has none.
  if (position > 1)
    batch.Put(store->handle(Cf::kMeta), "checkpoint/projections", Store::BigEndian64(static_cast<uint64_t>(position - 1)));
  s = store->Write(&batch, true);
  if (!s.ok()) return s;
  report.streams = static_cast<int64_t>(aggregates.size());
  auto sum = StateChecksum(store);
  if (!sum.ok()) return sum.status();
  report.checksum = sum.value();
  auto diff = before.value().CompareWith(store);
  if (!diff.ok()) return diff.status();
  report.differences = std::move(diff.value());
  return report;
}

Result<StreamAsOf> FoldStreamAsOf(Store* store, const WorkflowRegistry& workflows, const std::string& stream, int64_t as_of_ms) {
  const Workflow* wf = workflows.ForStream(stream);
  if (!wf) return Status::Invalid("stream", "'" + stream + "' is not a stream of any workflow; name it <kind>-<id>, e.g. task-XA-001");
  auto events = store->ReadStream(stream);
  if (!events.ok()) return events.status();
  StreamAsOf out;
  out.state = Json();
  for (const EventEnvelope& e : events.value()) {
    if (e.occurred_at > as_of_ms) break;  // a prefix: what stood then, even if a later event was back-dated
    out.state = wf->Apply(out.state, e);
    out.version = e.version;
    out.occurred_at = e.occurred_at;
    out.events.push_back(e);
  }
  if (out.events.empty()) {
    if (events.value().empty()) return Status::NotFound("stream", "no events in '" + stream + "'");
    return Status::NotFound("as-of", stream + " did not exist yet then; its first event is at " +
                                         FormatIsoMs(events.value().front().occurred_at));
  }
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
