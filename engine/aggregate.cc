#include "engine/aggregate.h"

#include <algorithm>

#include "engine/store.h"
#include "engine/workflow.h"

namespace safecity {

std::string EncodeAggregate(const Aggregate& a) {
  // The canonical JSON of {"last_hash", "state", "version"} (keys in order),
  // written around the state's own serialisation instead of copying the
  // state into a new object first.
  std::string out = "{\"last_hash\":";
  out += CanonicalJson(Json(a.last_hash));
  out += ",\"state\":";
  out += CanonicalJson(a.StateJson());
  out += ",\"version\":";
  out += std::to_string(a.version);
  out += '}';
  return out;
}

Result<Aggregate> DecodeAggregate(const Workflow& workflow, const std::string& bytes) {
  Json j = Json::parse(bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("version"))
    return Status::Storage("aggregate snapshot is unreadable");
  Aggregate a;
  try {
    a.version = j["version"].get<int64_t>();
    a.last_hash = j["last_hash"].get<std::string>();
    if (!j["state"].is_null()) a.state = workflow.StateFromJson(j["state"]);
  } catch (const std::exception& e) {
    return Status::Storage(std::string("aggregate snapshot is unreadable: ") + e.what());
  }
  return a;
}

Result<Aggregate> LoadAggregate(Store* store, const WorkflowRegistry& workflows,
                                const std::string& stream) {
  const Workflow* wf = workflows.ForStream(stream);
  if (!wf) return Status::Storage("no workflow for stream " + stream);
  auto snap = store->Get(Cf::kAggregates, stream);
  if (!snap.ok()) return snap.status();
  Aggregate agg;
  if (snap.value()) {
    auto decoded = DecodeAggregate(*wf, *snap.value());
    if (!decoded.ok()) return decoded.status();
    agg = std::move(decoded.value());
  }
  auto events = store->ReadStream(stream, agg.version + 1);
  if (!events.ok()) return events.status();
  for (const auto& e : events.value()) {
    Status s = ApplyEvent(workflows, &agg, e, nullptr);
    if (!s.ok()) return s;
  }
  return agg;
}

bool IsSnapshotVersion(int64_t version) {
  if (version <= 0) return false;
  int64_t floor = 1;  // the largest power of two not above `version`
  while (floor <= version / 2) floor *= 2;
  return version % std::max(kSnapshotEveryVersions, floor / 8) == 0;
}

Status ApplyEvent(const WorkflowRegistry& workflows, Aggregate* agg, const EventEnvelope& e,
                  ReadModelWriter* writer) {
  const Workflow* wf = workflows.ForStream(e.stream);
  if (!wf) return Status::Storage("no workflow for stream " + e.stream);
  std::optional<EventEnvelope> raised;
  auto current = wf->event_versions().AtCurrentVersion(e, &raised);
  if (!current.ok()) return current.status();
  wf->Fold(&agg->state, *current.value(), writer);
  agg->version = e.version;
  agg->last_hash = e.hash;
  if (writer && IsSnapshotVersion(e.version)) writer->PutSnapshot(e.stream, EncodeAggregate(*agg));
  return Status::Ok();
}

}  // namespace safecity
