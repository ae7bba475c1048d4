#include "engine/log_audit.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <memory>
#include <unordered_map>

#include "engine/command_receipt.h"
#include "engine/envelope.h"
#include "engine/store.h"
#include "engine/time_util.h"

namespace safecity {

namespace {

using checkpoint::SignedTreeHead;

// The hex `hash` of a stored event, found without parsing it: in canonical
// JSON the envelope's keys are sorted, and the only values before "hash"
// that may hold objects (actor, data) come before it, while every value
// after it is a plain string or number. So the last `,"hash":"` is the
// envelope's own.
bool StoredEventHash(const rocksdb::Slice& value, std::string* hex) {
  static const std::string kKey = ",\"hash\":\"";
  const std::string_view v(value.data(), value.size());
  const size_t at = v.rfind(kKey);
  if (at == std::string_view::npos || at + kKey.size() + 64 > v.size()) return false;
  hex->assign(v.substr(at + kKey.size(), 64));
  return true;
}

int64_t PositionOfKey(const rocksdb::Slice& key) {
  return key.size() == 8 ? static_cast<int64_t>(Store::FromBigEndian64(key.ToString())) : -1;
}

std::string Where(const EventEnvelope& e, int64_t position) {
  return e.stream + "@" + std::to_string(e.version) + " (position " + std::to_string(position) + ")";
}

// "stream@version (position p)" of the event stored at `position`, or just the position.
std::string Describe(Store* store, int64_t position) {
  auto events = store->ReadAll(position, 1);
  if (events.ok() && !events.value().empty() && events.value()[0].position == position)
    return Where(events.value()[0], position);
  return "position " + std::to_string(position);
}

std::string Time(int64_t ms) { return FormatLocal(ms); }

struct RecordedCheckpoint {
  SignedTreeHead head;
  bool trusted = false;  // its signature verified with the auditor's key
};

std::vector<RecordedCheckpoint> Trusting(const std::vector<SignedTreeHead>& heads, const checkpoint::PublicKey* key) {
  std::vector<RecordedCheckpoint> out;
  for (const SignedTreeHead& h : heads) out.push_back(RecordedCheckpoint{h, key && key->Check(h).ok()});
  return out;
}

// Where the first difference from `head` lies, as a run [begin, end) of leaf
// indices: within the first perfect subtree of the head's right edge that
// differs from `now_edge` (the log's right edge at the same size), and after
// the largest trusted checkpoint whose root the log still has.
std::pair<uint64_t, uint64_t> Locate(const SignedTreeHead& head, const std::vector<merkle::CompactRange::Subtree>& now_edge,
                                     const std::vector<RecordedCheckpoint>& recorded,
                                     const std::map<uint64_t, merkle::Hash>& roots_at) {
  uint64_t begin = 0, end = head.tree_size;
  if (head.right_edge.size() == now_edge.size()) {
    for (size_t i = 0; i < now_edge.size(); ++i) {
      if (now_edge[i].hash != head.right_edge[i]) {
        begin = now_edge[i].begin;
        end = begin + now_edge[i].leaves;
        break;
      }
    }
  }
  for (const RecordedCheckpoint& r : recorded) {
    const uint64_t s = r.head.tree_size;
    if (!r.trusted || s == 0 || s > head.tree_size) continue;
    auto it = roots_at.find(s);
    if (it == roots_at.end()) continue;
    if (it->second == r.head.root_hash)
      begin = std::max(begin, s);  // the first s events are as signed then
    else
      end = std::min(end, s);
  }
  if (begin >= end) begin = end ? end - 1 : 0;
  return {begin, end};
}

std::string DifferenceText(Store* store, const std::pair<uint64_t, uint64_t>& run) {
  if (run.second - run.first == 1) return "the first event that differs is " + Describe(store, static_cast<int64_t>(run.first + 1));
  return "the first event that differs lies between positions " + std::to_string(run.first + 1) + " and " +
         std::to_string(run.second);
}

}  // namespace

namespace {
constexpr const char* kAuditedLeavesKey = "audit/leaves";
constexpr const char* kAuditedOriginKey = "audit/leaves_origin";
}  // namespace

Status RecordAuditedLeaves(Store* store, const std::string& origin, const std::vector<merkle::Hash>& leaves) {
  std::string blob;
  blob.reserve(leaves.size() * 32);
  for (const merkle::Hash& h : leaves) blob.append(reinterpret_cast<const char*>(h.data()), h.size());
  rocksdb::WriteBatch batch;
  batch.Put(store->handle(Cf::kMeta), kAuditedLeavesKey, blob);
  batch.Put(store->handle(Cf::kMeta), kAuditedOriginKey, origin);
  return store->Write(&batch, true);
}

Result<std::vector<merkle::Hash>> AuditedLeaves(Store* store, std::string* origin) {
  auto blob = store->Get(Cf::kMeta, kAuditedLeavesKey);
  if (!blob.ok()) return blob.status();
  std::vector<merkle::Hash> leaves;
  if (!blob.value()) return leaves;
  const std::string& b = *blob.value();
  if (b.size() % 32 != 0) return Status::Storage("the audited leaves of this copy are damaged (" + std::to_string(b.size()) + " bytes); run `safecity audit sync` again");
  leaves.resize(b.size() / 32);
  for (size_t i = 0; i < leaves.size(); ++i) std::copy(b.begin() + static_cast<std::ptrdiff_t>(i * 32), b.begin() + static_cast<std::ptrdiff_t>(i * 32 + 32), leaves[i].begin());
  if (origin) {
    auto o = store->Get(Cf::kMeta, kAuditedOriginKey);
    if (!o.ok()) return o.status();
    *origin = o.value() ? *o.value() : "";
  }
  return leaves;
}

merkle::LeafReader LogLeaves(Store* store) {
  return [store](uint64_t begin, uint64_t end, const std::function<void(const merkle::Hash&)>& visit) -> Status {
    if (begin >= end) return Status::Ok();
    std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(rocksdb::ReadOptions(), store->handle(Cf::kEvents)));
    uint64_t expected = begin + 1;  // positions are 1-based
    std::string hex;
    for (it->Seek(Store::BigEndian64(expected)); it->Valid() && expected <= end; it->Next(), ++expected) {
      const int64_t position = PositionOfKey(it->key());
      if (position != static_cast<int64_t>(expected))
        return Status::Storage("position " + std::to_string(expected) + " is missing from the log; run `safecity verify`");
      merkle::Hash leaf;
      if (!StoredEventHash(it->value(), &hex) || !merkle::EventLeafHash(hex, &leaf))
        return Status::Storage("the event at position " + std::to_string(expected) + " has no readable hash; run `safecity verify`");
      visit(leaf);
    }
    if (!it->status().ok()) return Status::Storage("reading the event log: " + it->status().ToString());
    return Status::Ok();
  };
}

std::string LogIdOf(Store* store) {
  auto mirrored = store->Get(Cf::kMeta, Store::kMirroredLogIdKey);
  if (mirrored.ok() && mirrored.value() && !mirrored.value()->empty()) return *mirrored.value();
  // The writer's IDENTITY file: a reader that follows a running writer (a
  // RocksDB secondary) has an identity of its own, which names no checkpoint.
  std::string id;
  std::ifstream identity(store->dir() + "/IDENTITY");
  if (!identity || !std::getline(identity, id) || id.empty()) store->db()->GetDbIdentity(id);
  while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
  return id;
}

Result<SignedTreeHead> SignCheckpoint(Store* store, const checkpoint::SigningKey& key, int64_t now_ms, uint64_t tree_size) {
  SignedTreeHead head;
  head.origin = checkpoint::OriginOf(LogIdOf(store));
  head.tree_size = tree_size ? tree_size : static_cast<uint64_t>(store->LastPosition());
  head.timestamp_ms = now_ms;
  merkle::CompactRange range;
  Status s = LogLeaves(store)(0, head.tree_size, [&](const merkle::Hash& h) { range.Append(h); });
  if (!s.ok()) return s;
  if (range.size() != head.tree_size)
    return Status::Storage("the log holds " + std::to_string(range.size()) + " events, not " + std::to_string(head.tree_size));
  head.root_hash = range.Root();
  for (const auto& t : range.Subtrees()) head.right_edge.push_back(t.hash);
  key.Sign(&head);
  return head;
}

Result<VerifyReport> VerifyLog(Store* store, const VerifyOptions& options) {
  VerifyReport r;
  const SignedTreeHead* cp = options.checkpoint;
  if (cp) {
    if (!options.public_key) return Status::Invalid("--public-key", "a checkpoint is checked with the public key of the server that signed it");
    Status sig = options.public_key->Check(*cp);
    if (!sig.ok()) return sig;
  }
  const std::string log_id = LogIdOf(store);
  const std::vector<RecordedCheckpoint> recorded = Trusting(RecordedCheckpoints(store), options.public_key);
  auto audited_leaves = AuditedLeaves(store);
  if (!audited_leaves.ok()) return audited_leaves.status();
  const std::vector<merkle::Hash>& audited = audited_leaves.value();
  std::set<merkle::Hash> audited_set(audited.begin(), audited.end());
  r.audited_leaves = static_cast<int64_t>(audited.size());

  auto broken = [&](const std::string& why) {
    if (r.intact) {
      r.intact = false;
      r.first_broken = why;
    }
  };
  // The sizes at which the walk keeps the tree's root (and, for the
  // auditor's checkpoint, its right edge).
  std::map<uint64_t, merkle::Hash> roots_at;
  for (const auto& rc : recorded) roots_at[rc.head.tree_size] = {};
  if (cp) roots_at[cp->tree_size] = {};
  std::vector<merkle::CompactRange::Subtree> edge_at_checkpoint;

  std::unordered_map<std::string, std::pair<int64_t, std::string>> heads;  // stream -> (version, hash)
  merkle::CompactRange tree;
  bool tree_whole = true;  // every position so far is there and has a hash
  auto note_size = [&] {
    auto it = roots_at.find(tree.size());
    if (it == roots_at.end()) return;
    it->second = tree.Root();
    if (cp && tree.size() == cp->tree_size) edge_at_checkpoint = tree.Subtrees();
  };
  note_size();  // size 0
  std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(rocksdb::ReadOptions(), store->handle(Cf::kEvents)));
  int64_t expected = 1;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ++r.events;
    const int64_t position = PositionOfKey(it->key());
    if (position != expected) {
      broken(position < 0 ? "a key in the event log is not a position (" + std::to_string(it->key().size()) + " bytes)"
                          : "position " + std::to_string(expected) + " is missing: the log jumps from " +
                                std::to_string(expected - 1) + " to " + std::to_string(position));
      tree_whole = false;
      if (position < 0) continue;
    }
    expected = position + 1;
    auto e = EventFromJson(Json::parse(it->value().ToString(), nullptr, false));
    if (!e.ok()) {
      broken("position " + std::to_string(position) + ": the stored event is unreadable (" + e.status().ToString() + ")");
      tree_whole = false;
      continue;
    }
    const EventEnvelope& ev = e.value();
    auto& head = heads[ev.stream];
    const std::string where = Where(ev, position);
    if (ev.position != position) {
      broken(where + ": the event stored at position " + std::to_string(position) + " says it is at position " +
             std::to_string(ev.position) + " (altered)");
    } else if (ev.version != head.first + 1) {
      broken(where + ": version does not follow " + std::to_string(head.first));
    } else if (ev.prev_hash != head.second) {
      broken(where + ": prev_hash does not match the hash of the previous event");
    } else if (ComputeEventHash(ev) != ev.hash) {
      broken(where + ": content does not match its hash (altered)");
    }
    head = {ev.version, ev.hash};
    merkle::Hash leaf;
    if (!merkle::EventLeafHash(ev.hash, &leaf)) {
      broken(where + ": its hash is not 64 hex digits (altered)");
      tree_whole = false;
      continue;
    }
    if (!audited.empty() && audited_set.count(leaf) == 0)
      broken(where + ": it is not among the leaves of the server's log that `safecity audit sync` checked (altered or added since)");
    if (tree_whole) {
      tree.Append(leaf);
      note_size();
    }
  }
  if (!it->status().ok()) return Status::Storage("reading the event log: " + it->status().ToString());
  r.streams = static_cast<int64_t>(heads.size());
  r.root_hash = merkle::Hex(tree.Root());
  if (!tree_whole) return r;  // the walk named what is wrong; no tree to compare
  const uint64_t size = tree.size();

  // A copy of a server's log: its checkpoints are of the server's tree, whose
  // leaves the copy holds beside its own numbering.
  if (!audited.empty()) {
    std::map<uint64_t, merkle::Hash> server_roots;
    for (const auto& rc : recorded) server_roots[rc.head.tree_size] = {};
    if (cp) server_roots[cp->tree_size] = {};
    merkle::CompactRange server_tree;
    auto note = [&] {
      auto it = server_roots.find(server_tree.size());
      if (it != server_roots.end()) it->second = server_tree.Root();
    };
    note();
    for (const merkle::Hash& h : audited) {
      server_tree.Append(h);
      note();
    }
    for (const RecordedCheckpoint& rc : recorded) {
      const SignedTreeHead& h = rc.head;
      ++r.recorded_checkpoints;
      if (h.tree_size > audited.size())
        broken("the server signed a checkpoint of " + std::to_string(h.tree_size) + " events at " + Time(h.timestamp_ms) +
               ", but its log had " + std::to_string(audited.size()) + " when this copy was checked: run `safecity audit sync` again");
      else if (server_roots[h.tree_size] != h.root_hash)
        broken("the first " + std::to_string(h.tree_size) + " events of the server's log no longer have the Merkle root of its checkpoint of " +
               Time(h.timestamp_ms));
    }
    if (cp) {
      r.checkpoint_checked = true;
      r.checkpoint_size = cp->tree_size;
      r.checkpoint_time_ms = cp->timestamp_ms;
      const std::string of_checkpoint = "the checkpoint of " + Time(cp->timestamp_ms) + " (" + std::to_string(cp->tree_size) + " events)";
      if (cp->origin != checkpoint::OriginOf(log_id))
        broken("this copy holds the log " + checkpoint::OriginOf(log_id) + ", but " + of_checkpoint + " is of " + cp->origin);
      else if (cp->tree_size > audited.size())
        broken(of_checkpoint + " holds more events than the server's log had when this copy was checked (" +
               std::to_string(audited.size()) + "): run `safecity audit sync` again");
      else if (server_roots[cp->tree_size] != cp->root_hash)
        broken("the server's log no longer holds what " + of_checkpoint + " signed");
    }
    r.root_hash = merkle::Hex(server_tree.Root());
    return r;
  }

  // The checkpoints the log recorded itself.
  for (const RecordedCheckpoint& rc : recorded) {
    const SignedTreeHead& h = rc.head;
    ++r.recorded_checkpoints;
    if (h.tree_size > size) {
      broken("the log ends at position " + std::to_string(size) + ", but it recorded a checkpoint of " +
             std::to_string(h.tree_size) + " events at " + Time(h.timestamp_ms) + ": positions " + std::to_string(size + 1) +
             "–" + std::to_string(h.tree_size) + " are missing");
    } else if (roots_at[h.tree_size] != h.root_hash) {
      std::vector<merkle::CompactRange::Subtree> none;
      broken("the first " + std::to_string(h.tree_size) + " events no longer have the Merkle root of the checkpoint the log recorded at " +
             Time(h.timestamp_ms) + "; " + DifferenceText(store, Locate(h, none, recorded, roots_at)));
    }
  }

  if (!cp) return r;
  r.checkpoint_checked = true;
  r.checkpoint_size = cp->tree_size;
  r.checkpoint_time_ms = cp->timestamp_ms;
  const std::string of_checkpoint = "the checkpoint of " + Time(cp->timestamp_ms) + " (" + std::to_string(cp->tree_size) + " events)";
  if (cp->origin != checkpoint::OriginOf(log_id)) {
    broken("this data directory holds the log " + checkpoint::OriginOf(log_id) + ", but " + of_checkpoint + " is of " + cp->origin +
           ": this is not the log that was checkpointed, or its identity was changed");
    return r;
  }
  if (cp->tree_size > size) {
    broken("the log ends at position " + std::to_string(size) + ", but " + of_checkpoint + " holds " +
           std::to_string(cp->tree_size) + ": positions " + std::to_string(size + 1) + "–" + std::to_string(cp->tree_size) +
           " are missing (the first missing is " + std::to_string(size + 1) + ")");
    return r;
  }
  if (roots_at[cp->tree_size] != cp->root_hash) {
    broken("the log no longer holds what " + of_checkpoint + " signed; " +
           DifferenceText(store, Locate(*cp, edge_at_checkpoint, recorded, roots_at)));
    return r;
  }
  if (cp->tree_size > 0 && cp->tree_size < size) {
    auto proof = merkle::ConsistencyProof(LogLeaves(store), cp->tree_size, size);
    if (!proof.ok()) return proof.status();
    if (!merkle::VerifyConsistency(cp->tree_size, size, cp->root_hash, tree.Root(), proof.value())) {
      broken("the consistency proof from " + of_checkpoint + " to the whole log does not verify");
      return r;
    }
    r.consistency_proof_hashes = proof.value().size();
  }
  return r;
}

std::vector<SignedTreeHead> RecordedCheckpoints(Store* store) {
  std::vector<SignedTreeHead> out;
  auto events = store->ReadStream(checkpoint::CheckpointStreamFor(LogIdOf(store)));
  if (!events.ok()) return out;
  for (const EventEnvelope& e : events.value()) {
    auto head = checkpoint::FromJson(e.data, e.stream);
    if (head.ok()) out.push_back(std::move(head.value()));
  }
  return out;
}

Result<SignedTreeHead> RecordedCheckpointFor(Store* store, int64_t position, uint64_t tree_size) {
  Result<SignedTreeHead> found = Status::NotFound(
      "checkpoint", tree_size ? "this log recorded no checkpoint of " + std::to_string(tree_size) +
                                    " events; use one it recorded (`safecity checkpoint list`, GET /v1/checkpoints)"
                              : "this log recorded no checkpoint that covers position " + std::to_string(position) +
                                    "; sign one with `safecity checkpoint --signing-key KEY` or give one with --checkpoint FILE");
  for (SignedTreeHead& h : RecordedCheckpoints(store)) {
    if (tree_size ? h.tree_size == tree_size : h.tree_size >= static_cast<uint64_t>(position)) found = std::move(h);
  }
  if (found.ok() && found.value().tree_size < static_cast<uint64_t>(position))
    return Status::Invalid("tree_size", "the checkpoint of " + std::to_string(tree_size) + " events does not cover position " +
                                            std::to_string(position) + "; use a later one");
  return found;
}

Result<int64_t> FindEvent(Store* store, const std::string& ref) {
  const Status not_found = Status::NotFound(
      "event", "no event '" + ref + "' in this log; name it by its id (`safecity history STREAM --json` shows them) or as STREAM@VERSION");
  const size_t at = ref.rfind('@');
  if (at != std::string::npos && at + 1 < ref.size() &&
      ref.find_first_not_of("0123456789", at + 1) == std::string::npos && ref.size() - at - 1 <= 18) {
    const int64_t version = std::stoll(ref.substr(at + 1));
    auto events = store->ReadStream(ref.substr(0, at), version);
    if (!events.ok()) return events.status();
    if (events.value().empty() || events.value()[0].version != version) return not_found;
    return events.value()[0].position;
  }
  // An event's id is its command's id and its number: the command's result names its position.
  const size_t slash = ref.rfind('/');
  if (slash != std::string::npos) {
    const std::string command_id = ref.substr(0, slash);
    auto record = FindCommandReceipt(store, command_id);
    auto body = record.ok() && record.value() ? AcceptedResultBody(store, command_id, *record.value())
                                              : Result<Json>(Status::NotFound("event", ""));
    if (body.ok() && body.value().contains("events") && body.value()["events"].is_array())
      for (const auto& e : body.value()["events"])
        if (e.value("id", "") == ref && e.contains("position") && e["position"].is_number_integer()) {
          const int64_t position = e["position"].get<int64_t>();
          auto stored = store->ReadAll(position, 1);
          if (stored.ok() && !stored.value().empty() && stored.value()[0].id == ref) return position;
        }
  }
  // Otherwise look for it.
  for (int64_t position = 1;;) {
    auto events = store->ReadAll(position, 20000);
    if (!events.ok()) return events.status();
    if (events.value().empty()) return not_found;
    for (const EventEnvelope& e : events.value())
      if (e.id == ref) return e.position;
    position = events.value().back().position + 1;
  }
}

Result<Json> ProveInclusion(Store* store, int64_t position, const SignedTreeHead& head) {
  if (position < 1 || static_cast<uint64_t>(position) > head.tree_size)
    return Status::Invalid("--checkpoint", "the event at position " + std::to_string(position) + " was written after the checkpoint of " +
                                               Time(head.timestamp_ms) + ", which covers positions 1–" +
                                               std::to_string(head.tree_size) + "; use a later checkpoint");
  if (head.origin != checkpoint::OriginOf(LogIdOf(store)))
    return Status::Invalid("--checkpoint", "the checkpoint is of " + head.origin + ", this data directory holds " +
                                               checkpoint::OriginOf(LogIdOf(store)));
  auto events = store->ReadAll(position, 1);
  if (!events.ok()) return events.status();
  if (events.value().empty() || events.value()[0].position != position)
    return Status::Storage("position " + std::to_string(position) + " is missing from the log; run `safecity verify`");
  const EventEnvelope& e = events.value()[0];
  merkle::Hash leaf;
  if (!merkle::EventLeafHash(e.hash, &leaf)) return Status::Storage(Where(e, position) + " has no readable hash; run `safecity verify`");
  const uint64_t index = static_cast<uint64_t>(position - 1);
  auto path = merkle::InclusionProof(LogLeaves(store), index, head.tree_size);
  if (!path.ok()) return path.status();
  if (!merkle::VerifyInclusion(index, head.tree_size, leaf, path.value(), head.root_hash))
    return Status::Storage("the log no longer matches the checkpoint of " + Time(head.timestamp_ms) +
                           ": no proof can be given; run `safecity verify --checkpoint` to see what differs");
  Json hashes = Json::array();
  for (const auto& h : path.value()) hashes.push_back(merkle::Hex(h));
  return Json{{"format", "safecity-inclusion-proof/1"},
              {"event", ToJson(e)},
              {"leaf_index", index},
              {"tree_size", head.tree_size},
              {"leaf_hash", merkle::Hex(leaf)},
              {"inclusion_path", hashes},
              {"checkpoint", checkpoint::ToJson(head)}};
}

Status CheckInclusionProof(const Json& proof, const checkpoint::PublicKey& key) {
  if (!proof.is_object() || proof.value("format", "") != "safecity-inclusion-proof/1")
    return Status::Invalid("proof", "is not a safecity inclusion proof (as `safecity proof` prints it)");
  auto head = checkpoint::FromJson(proof.value("checkpoint", Json()), "the proof's checkpoint");
  if (!head.ok()) return head.status();
  Status sig = key.Check(head.value());
  if (!sig.ok()) return sig;
  auto e = EventFromJson(proof.value("event", Json()));
  if (!e.ok()) return Status::Invalid("event", "the proof's event is not an event envelope: " + e.status().ToString());
  if (ComputeEventHash(e.value()) != e.value().hash)
    return Status::Invalid("event", "the event's content does not match its hash: it was altered after the proof was made");
  merkle::Hash leaf;
  if (!merkle::EventLeafHash(e.value().hash, &leaf)) return Status::Invalid("event", "the event's hash is not 64 hex digits");
  if (!proof.contains("leaf_index") || !proof["leaf_index"].is_number_unsigned() ||
      proof["leaf_index"].get<uint64_t>() + 1 != static_cast<uint64_t>(e.value().position))
    return Status::Invalid("leaf_index", "must be the event's position minus 1");
  if (proof.value("tree_size", uint64_t{0}) != head.value().tree_size)
    return Status::Invalid("tree_size", "must be the checkpoint's tree_size");
  std::vector<merkle::Hash> path;
  if (!proof.contains("inclusion_path") || !proof["inclusion_path"].is_array())
    return Status::Invalid("inclusion_path", "is missing; it is the list of hashes from the leaf to the root");
  for (const auto& h : proof["inclusion_path"]) {
    merkle::Hash x{};
    if (!h.is_string() || !merkle::Unhex(h.get<std::string>(), &x)) return Status::Invalid("inclusion_path", "every entry must be 64 hex digits");
    path.push_back(x);
  }
  if (!merkle::VerifyInclusion(proof["leaf_index"].get<uint64_t>(), head.value().tree_size, leaf, path, head.value().root_hash))
    return Status::Invalid("inclusion_path", "does not lead from the event to the checkpoint's root: the event is not in that log as signed");
  return Status::Ok();
}

Result<Json> ProveConsistency(Store* store, uint64_t first, uint64_t second) {
  const uint64_t size = static_cast<uint64_t>(store->LastPosition());
  if (second > size) return Status::Invalid("second", "the log holds " + std::to_string(size) + " events; ask for at most that many");
  if (first < 1 || first > second) return Status::Invalid("first", "must be from 1 to " + std::to_string(second));
  auto proof = merkle::ConsistencyProof(LogLeaves(store), first, second);
  if (!proof.ok()) return proof.status();
  auto first_root = merkle::RangeRoot(LogLeaves(store), 0, first);
  if (!first_root.ok()) return first_root.status();
  auto second_root = merkle::RangeRoot(LogLeaves(store), 0, second);
  if (!second_root.ok()) return second_root.status();
  Json hashes = Json::array();
  for (const auto& h : proof.value()) hashes.push_back(merkle::Hex(h));
  return Json{{"first", first},
              {"second", second},
              {"first_root", merkle::Hex(first_root.value())},
              {"second_root", merkle::Hex(second_root.value())},
              {"consistency_path", hashes}};
}

}  // namespace safecity
