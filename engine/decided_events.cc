#include "engine/decided_events.h"

#include <map>
#include <unordered_map>

#include "engine/aggregate.h"
#include "engine/command_receipt.h"
#include "engine/store.h"
#include "engine/workflow.h"

namespace safecity {

Result<DecidedEventsReport> AppendDecidedEvents(Store* store, const WorkflowRegistry& workflows,
                                                const std::vector<EventEnvelope>& events, rocksdb::WriteBatch* extra) {
  DecidedEventsReport report;
  ReadModelWriter writer(store, extra);
  std::unordered_map<std::string, Aggregate> aggregates;
  std::map<std::string, size_t> append_index;  // stream -> index in appends
  std::vector<StreamAppend> appends;
  for (const EventEnvelope& given : events) {
    auto it = aggregates.find(given.stream);
    if (it == aggregates.end()) {
      auto loaded = LoadAggregate(store, workflows, given.stream);
      if (!loaded.ok()) return loaded.status();
      it = aggregates.emplace(given.stream, std::move(loaded.value())).first;
    }
    Aggregate& agg = it->second;
    if (given.version <= agg.version) {
      ++report.skipped;
      continue;
    }
    const std::string where = given.stream + "@" + std::to_string(given.version);
    if (given.version != agg.version + 1)
      return Status::Conflict(where + " arrived but the stream is at version " + std::to_string(agg.version) +
                              "; events are missing before it");
    if (given.prev_hash != agg.last_hash) return Status::Conflict(where + " does not chain to the stream's last event");
    if (ComputeEventHash(given) != given.hash) return Status::Conflict(where + " does not match its hash; it was altered");
    EventEnvelope e = given;
    e.position = 0;
    Status s = ApplyEvent(workflows, &agg, e, &writer);
    if (!s.ok()) return s;
    auto ai = append_index.find(e.stream);
    if (ai == append_index.end()) {
      ai = append_index.emplace(e.stream, appends.size()).first;
      appends.push_back(StreamAppend{e.stream, e.version - 1, {}});
    }
    appends[ai->second].events.push_back(std::move(e));
    ++report.applied;
  }
  if (appends.empty()) {
    Status s = store->Write(extra, true);
    if (!s.ok()) return s;
    return report;
  }
  Status s = store->Commit(&appends, extra, [&](int64_t last_position, rocksdb::WriteBatch* b) {
    // Each causing command's record: its events are contiguous (command_receipt.h).
    std::map<std::string, CommandReceipt> commands;
    for (const StreamAppend& a : appends)
      for (const EventEnvelope& e : a.events) {
        CommandReceipt& r = commands[e.causation_id];
        if (r.events++ == 0) r.first_position = e.position;
      }
    for (const auto& [id, record] : commands) b->Put(store->handle(Cf::kCommands), id, EncodeCommandReceipt(record));
    b->Put(store->handle(Cf::kMeta), "checkpoint/projections", Store::BigEndian64(static_cast<uint64_t>(last_position)));
  });
  if (!s.ok()) return s;
  return report;
}

}  // namespace safecity
