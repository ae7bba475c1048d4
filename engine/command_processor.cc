#include "engine/command_processor.h"

#include <map>

#include "engine/command_receipt.h"
#include "engine/intake_refusals.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/workflow.h"

namespace safecity {

namespace {
constexpr size_t kMaxCachedAggregates = 200000;

// What a command id stands for: a retry must be the same command, not another
// one that happens to reuse the id.
std::string Fingerprint(const CommandEnvelope& c) {
  return Sha256Hex(CanonicalJson(Json{{"type", c.type}, {"stream", c.stream}, {"actor", ToJson(c.actor)}, {"data", c.data}}));
}

Status ReusedId(const CommandEnvelope& c) {
  return Status::Refusal(Status::Code::kConflict, "", kCommandIdReused, {{"id", c.id}});
}

}  // namespace

CommandResult Rejection(const std::string& command_id, const std::string& stream, const Status& s,
                        const Json& detail) {
  Json body{{"command_id", command_id},
            {"status", "rejected"},
            {"stream", stream},
            {"error", {{"code", s.code_name()}, {"field", s.field()}, {"message", s.message()}}}};
  AddRefusalWords(s, &body["error"]);
  for (auto it = detail.begin(); it != detail.end(); ++it) body[it.key()] = it.value();
  return {s, body};
}

void AddRefusalWords(const Status& s, Json* object) {
  if (s.reason().empty()) return;
  Json params = Json::object();
  for (const auto& [k, v] : s.params()) params[k] = v;
  (*object)["reason"] = s.reason();
  (*object)["params"] = std::move(params);
}

CommandResult ResultFromJson(const Json& body, const WorkflowRegistry& workflows) {
  CommandResult r;
  r.body = body;
  if (body.value("status", "") == "accepted") return r;
  const Json& err = body.contains("error") ? body["error"] : Json::object();
  std::string field = err.value("field", "");
  std::string msg = err.value("message", "unknown error");
  r.status = Status::FromCodeName(err.value("code", ""), field, msg);
  const Message* words = workflows.FindMessage(err.value("reason", ""));
  if (words && err.contains("params") && err["params"].is_object()) {
    MessageParams params;
    for (const auto& [k, v] : err["params"].items())
      if (v.is_string()) params.emplace_back(k, v.get<std::string>());
    r.status.RestoreWords(*words, std::move(params));
  }
  return r;
}

CommandProcessor::CommandProcessor(Store* store, const WorkflowRegistry* workflows)
    : store_(store), workflows_(workflows) {}

Result<Aggregate> CommandProcessor::Load(const std::string& stream) {
  // Taken out of the cache, not copied: ProcessGroup puts every staged
  // aggregate back after a successful commit and drops it after a failed one.
  auto it = cache_.find(stream);
  if (it != cache_.end()) {
    Aggregate a = std::move(it->second);
    cache_.erase(it);
    return a;
  }
  return LoadAggregate(store_, *workflows_, stream);
}

std::vector<CommandResult> CommandProcessor::ProcessGroup(const std::vector<CommandEnvelope>& cmds, bool sync) {
  std::vector<CommandResult> results(cmds.size());
  rocksdb::WriteBatch batch;
  ReadModelWriter writer(store_, &batch);
  std::vector<StreamAppend> appends;
  std::map<std::string, size_t> append_index;             // stream -> index in appends
  std::unordered_map<std::string, Aggregate> staged;      // touched aggregates
  std::unordered_map<std::string, std::pair<size_t, std::string>> first_in_group;  // id -> (index, fingerprint)
  std::vector<std::pair<size_t, size_t>> accepted;         // (command, how many events it produced)
  std::vector<std::pair<size_t, size_t>> duplicates_in_group;

  for (size_t i = 0; i < cmds.size(); ++i) {
    const CommandEnvelope& cmd = cmds[i];
    const std::string fingerprint = Fingerprint(cmd);
    auto seen = first_in_group.find(cmd.id);
    if (seen != first_in_group.end()) {
      if (seen->second.second != fingerprint) {
        results[i] = Rejection(cmd.id, cmd.stream, ReusedId(cmd));
      } else {
        duplicates_in_group.emplace_back(i, seen->second.first);
      }
      continue;
    }
    auto prior = FindCommandReceipt(store_, cmd.id);
    if (!prior.ok()) {
      results[i] = Rejection(cmd.id, cmd.stream, prior.status());
      continue;
    }
    if (prior.value()) {
      // A record without a fingerprint was written from another node's events
      // (decided_events.h): the id is taken, and taken by this command.
      if (!prior.value()->fingerprint.empty() && prior.value()->fingerprint != fingerprint) {
        results[i] = Rejection(cmd.id, cmd.stream, ReusedId(cmd));
        continue;
      }
      auto body = AcceptedResultBody(store_, cmd.id, *prior.value());
      if (!body.ok()) {
        results[i] = Rejection(cmd.id, cmd.stream, body.status());
        continue;
      }
      body.value()["duplicate"] = true;
      results[i] = ResultFromJson(body.value(), *workflows_);
      continue;
    }
    first_in_group.emplace(cmd.id, std::make_pair(i, fingerprint));
    const Workflow* wf = workflows_->ForCommand(cmd.type);
    if (!wf || wf->kind() != StreamKind(cmd.stream)) {
      Status s = Status::Refusal(Status::Code::kInvalid, "type", kCommandNotForStream, {{"type", cmd.type}, {"stream", cmd.stream}});
      results[i] = Rejection(cmd.id, cmd.stream, s);
      continue;
    }
    auto st = staged.find(cmd.stream);
    if (st == staged.end()) {
      auto loaded = Load(cmd.stream);
      if (!loaded.ok()) {
        results[i] = Rejection(cmd.id, cmd.stream, loaded.status());
        continue;
      }
      st = staged.emplace(cmd.stream, std::move(loaded.value())).first;
    }
    Aggregate& agg = st->second;
    Decision d;
    try {
      d = wf->DecideOn(agg.state.get(), cmd);
    } catch (const std::exception& ex) {
      // Decide is pure, so nothing was staged: refuse this command alone.
      d = Decision::Reject(Status::Invalid("data", std::string("cannot be decided: ") + ex.what() +
                                                       "; check the command against its schema"));
    }
    if (d.status.ok() && d.events.empty())
      d = Decision::Reject(Status::Storage("internal error: " + cmd.type + " was accepted without an event"));
    if (!d.status.ok()) {
      results[i] = Rejection(cmd.id, cmd.stream, d.status, d.detail);
      continue;
    }
    auto ai = append_index.find(cmd.stream);
    if (ai == append_index.end()) {
      ai = append_index.emplace(cmd.stream, appends.size()).first;
      appends.push_back(StreamAppend{cmd.stream, agg.version, {}});
    }
    for (size_t k = 0; k < d.events.size(); ++k) {
      EventEnvelope e;
      e.id = cmd.id + "/" + std::to_string(k + 1);
      e.stream = cmd.stream;
      e.version = agg.version + 1;
      e.type = d.events[k].type;
      e.schema_version = wf->event_versions().Current(e.type);
      e.occurred_at = cmd.issued_at;
      e.actor = cmd.actor;
      e.correlation_id = cmd.correlation_id.empty() ? cmd.id : cmd.correlation_id;
      e.causation_id = cmd.id;
      e.prev_hash = agg.last_hash;
      e.data = std::move(d.events[k].data);
      Status s;
      try {
        SealEvent(&e);
        s = ApplyEvent(*workflows_, &agg, e, &writer);
      } catch (const std::exception& ex) {
        s = Status::Storage(std::string("internal error applying ") + e.type + ": " + ex.what());
      }
      if (!s.ok()) {
        // A workflow that cannot apply its own event is a bug; the staged
        // state may be half changed, so refuse the whole group, write nothing,
        // and let the cache reload from the store.
        for (size_t k = 0; k < cmds.size(); ++k) results[k] = Rejection(cmds[k].id, cmds[k].stream, s);
        return results;
      }
      appends[ai->second].events.push_back(std::move(e));
    }
    results[i].body = Json{{"command_id", cmd.id},
                           {"command_sha256", fingerprint},
                           {"status", "accepted"},
                           {"stream", cmd.stream},
                           {"version", agg.version}};
    accepted.push_back({i, d.events.size()});
  }

  if (!appends.empty()) {
    auto on_positions = [&](int64_t last_position, rocksdb::WriteBatch* b) {
      // Event positions are known now: finish the results and store them.
      std::map<std::string, size_t> next_event;  // stream -> next event index in its append
      for (auto [i, count] : accepted) {
        const CommandEnvelope& cmd = cmds[i];
        StreamAppend& a = appends[append_index[cmd.stream]];
        size_t& k = next_event[cmd.stream];
        Json events = Json::array();
        for (size_t n = 0; n < count; ++n, ++k) {
          const EventEnvelope& e = a.events[k];
          events.push_back(Json{{"id", e.id}, {"type", e.type}, {"version", e.version}, {"position", e.position}});
        }
        CommandReceipt record{results[i].body["command_sha256"], events.front()["position"], static_cast<int64_t>(count), {}};
        results[i].body["events"] = std::move(events);
        b->Put(store_->handle(Cf::kCommands), cmd.id, EncodeCommandReceipt(record));
      }
      b->Put(store_->handle(Cf::kMeta), "checkpoint/projections",
             Store::BigEndian64(static_cast<uint64_t>(last_position)));
    };
    Status s = publisher_ ? publisher_(appends, results, &batch) : Status::Ok();
    if (s.ok()) s = store_->Commit(&appends, &batch, on_positions, sync);
    if (!s.ok()) {
      // Nothing was written: forget what this group staged (it is reloaded
      // from the store next time) and report the failure.
      staged.clear();
      for (auto [i, count] : accepted) results[i] = Rejection(cmds[i].id, cmds[i].stream, s);
    }
  }
  if (cache_.size() + staged.size() > kMaxCachedAggregates) cache_.clear();
  for (auto& [stream, agg] : staged) cache_[stream] = std::move(agg);
  for (auto [dup, first] : duplicates_in_group) {
    Json body = results[first].body;
    if (results[first].status.ok()) body["duplicate"] = true;
    results[dup] = {results[first].status, body};
  }
  return results;
}

}  // namespace safecity
