#include "engine/reaction_runner.h"

#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/store_refusals.h"
#include "engine/workflow.h"

namespace safecity {

namespace {
const std::string kRefusedPrefix = "reaction_refused/";
constexpr const char* kCheckpointKey = "checkpoint/reactions";
constexpr size_t kBatch = 256;
}  // namespace

Status ForEachRefusedReaction(Store* store, const WorkflowRegistry& workflows, const std::function<bool(const RefusedReaction&)>& fn) {
  Status bad;
  Status s = store->Scan(Cf::kMeta, kRefusedPrefix, [&](const std::string& key, const std::string& value) {
    Json rec = Json::parse(value, nullptr, false);
    if (!rec.is_object() || !rec.contains("error") || !rec["error"].is_object()) {
      bad = Status::Refusal(Status::Code::kStorage, "", kRefusedReactionUnreadable, {{"id", key.substr(kRefusedPrefix.size())}});
      return false;
    }
    RefusedReaction r;
    r.command_id = key.substr(kRefusedPrefix.size());
    r.type = rec.value("type", "");
    r.cause = rec.value("cause", "");
    r.cause_type = rec.value("cause_type", "");
    r.refusal = ResultFromJson(rec, workflows).status;
    return fn(r);
  });
  if (!s.ok()) return s;
  return bad;
}

CommandEnvelope Reaction(const std::string& reactor, const EventEnvelope& cause, const std::string& type,
                         const std::string& stream, const Actor& actor, Json data) {
  CommandEnvelope c;
  // Event ids grow along a chain of reactions; a digest keeps ids short.
  c.id = reactor + ":" + Sha256Hex(cause.id + "|" + type + "|" + stream).substr(0, 32);
  c.type = type;
  c.stream = stream;
  c.issued_at = cause.occurred_at;
  c.actor = actor;
  c.correlation_id = cause.correlation_id;
  c.causation_id = cause.id;
  c.data = std::move(data);
  return c;
}

ReactionRunner::ReactionRunner(Store* store, const WorkflowRegistry& workflows, std::vector<const Reactor*> reactors,
                               SubmitFn submit, std::vector<std::string> deferred_kinds)
    : store_(store),
      workflows_(workflows),
      reactors_(std::move(reactors)),
      submit_(std::move(submit)),
      deferred_kinds_(std::move(deferred_kinds)) {}

int64_t ReactionRunner::checkpoint() {
  auto v = store_->Get(Cf::kMeta, kCheckpointKey);
  if (!v.ok() || !v.value()) return 0;
  return static_cast<int64_t>(Store::FromBigEndian64(*v.value()));
}

Status ReactionRunner::ResetCheckpoint(int64_t position) {
  std::lock_guard<std::mutex> lock(mu_);
  return WriteCheckpoint(position);
}

Status ReactionRunner::WriteCheckpoint(int64_t position) {
  rocksdb::WriteBatch b;
  b.Put(store_->handle(Cf::kMeta), kCheckpointKey, Store::BigEndian64(static_cast<uint64_t>(position)));
  return store_->Write(&b, true);
}

Status ReactionRunner::Carry(std::vector<Pending>* pending, SettleReport* report) {
  if (pending->empty()) return Status::Ok();
  std::vector<CommandEnvelope> cmds;
  cmds.reserve(pending->size());
  for (const Pending& p : *pending) cmds.push_back(p.command);
  std::vector<CommandResult> results = submit_(cmds);
  for (size_t k = 0; k < cmds.size(); ++k) {
    const CommandEnvelope& c = cmds[k];
    const CommandResult& res = results[k];
    ++report->commands;
    if (res.status.storage_failure()) return res.status;  // retried from the batch's first event next time
    if (!res.status.ok()) {
      ++report->refused;
      Json rec = res.body;
      rec["type"] = c.type;
      rec["cause"] = (*pending)[k].cause_id;
      rec["cause_type"] = (*pending)[k].cause_type;
      rocksdb::WriteBatch b;
      b.Put(store_->handle(Cf::kMeta), kRefusedPrefix + c.id, CanonicalJson(rec));
      Status w = store_->Write(&b, false);
      if (!w.ok()) return w;
    }
  }
  pending->clear();
  return Status::Ok();
}

Result<SettleReport> ReactionRunner::Settle() {
  std::lock_guard<std::mutex> lock(mu_);
  SettleReport report;
  int64_t cp = checkpoint();
  std::vector<Pending> deferred;  // to streams no reactor reads: sent at the end of the batch
  auto is_deferred = [&](const CommandEnvelope& c) {
    const std::string kind = StreamKind(c.stream);
    for (const auto& k : deferred_kinds_)
      if (k == kind) return true;
    return false;
  };
  while (cp < store_->LastPosition()) {
    auto events = store_->ReadAll(cp + 1, kBatch);
    if (!events.ok()) return events.status();
    if (events.value().empty()) break;
    for (const EventEnvelope& stored : events.value()) {
      std::optional<EventEnvelope> raised;
      const Workflow* wf = workflows_.ForStream(stored.stream);
      if (!wf) return Status::Storage("no workflow for stream " + stored.stream + " (event " + stored.id + ")");
      auto current = wf->event_versions().AtCurrentVersion(stored, &raised);
      if (!current.ok()) return current.status();
      const EventEnvelope& e = *current.value();
      if (stopping_.load()) {
        report.stopped = true;
        Status c = Carry(&deferred, &report);  // what the events before this one called for
        if (!c.ok()) return c;
        Status w = WriteCheckpoint(cp);  // synced: what this Settle did is on disk when it returns
        if (!w.ok()) return w;
        return report;
      }
      for (const Reactor* r : reactors_) {
        ReadModelReader reader(store_);
        std::vector<CommandEnvelope> cmds;
        try {
          cmds = r->React(e, reader);
        } catch (const std::exception& ex) {
          return Status::Storage("reactor " + r->name() + " failed on event " + e.id + " (" + e.type + "): " + ex.what());
        }
        std::vector<Pending> now;
        for (CommandEnvelope& c : cmds)
          (is_deferred(c) ? deferred : now).push_back(Pending{std::move(c), e.id, e.type});
        Status c = Carry(&now, &report);
        if (!c.ok()) return c;
      }
      ++report.events;
      cp = e.position;
    }
    Status c = Carry(&deferred, &report);
    if (!c.ok()) return c;
    // Once per batch, synced: a crash before it reacts to the batch again,
    // which the commands' idempotent ids make harmless.
    Status w = WriteCheckpoint(cp);
    if (!w.ok()) return w;
  }
  return report;
}

}  // namespace safecity
