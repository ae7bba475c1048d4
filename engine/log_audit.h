// Log audit (日志审计): proving what the event log holds, for auditors.
//
// VerifyLog walks the events column family by its keys, in position order,
// and checks, for every event:
//  - that the stored event's `position` equals its key, and that keys run
//    1, 2, 3 … without a gap (an event whose stored position was changed
//    cannot end the walk early or hide the ones after it);
//  - that its content matches its hash, and that prev_hash links it to the
//    previous event of its stream, whose version it follows;
// and names the first event that fails. Hash chains catch an edit in the
// middle of a stream, but not a rewritten and re-hashed tail, a re-chained
// stream or a dropped end of the log. Signed checkpoints catch those
// (engine/checkpoint.h): given one and its public key, VerifyLog also
//  - checks the checkpoint's signature;
//  - proves that the log still holds exactly the checkpointed prefix: the
//    Merkle root (engine/merkle.h) of the first tree_size events equals the
//    signed one, and an RFC 9162 consistency proof from the checkpoint to
//    the whole log verifies;
//  - when they differ, names the first event that differs, or the narrowest
//    run of positions that holds it (from the checkpoint's right edge and the
//    signed checkpoints the log recorded itself), and when the log is shorter,
//    the first missing position.
// Without a checkpoint it still checks the log against every checkpoint the
// log recorded (stream checkpoints-<log id>): a rewrite that forgot them shows.
//
// Proofs for one event: ProveInclusion gives the RFC 9162 inclusion proof of
// an event in the tree of a checkpoint, as a self-contained JSON document
// that CheckInclusionProof (or any RFC 9162 verifier) checks with the public
// key alone, without the store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/checkpoint.h"
#include "engine/merkle.h"
#include "engine/status.h"

namespace safecity {

class Store;

// Leaf i of the log is the event at position i + 1 (merkle.h). Reads by key;
// a missing position is a kStorage error naming it.
merkle::LeafReader LogLeaves(Store* store);

// The id of the log a store holds: a replica's record of the server's log
// (Store::kMirroredLogIdKey), else the store's own RocksDB identity.
std::string LogIdOf(Store* store);

// A checkpoint of the first `tree_size` events (0: the whole log now),
// signed with `key`, made at `now_ms`.
Result<checkpoint::SignedTreeHead> SignCheckpoint(Store* store, const checkpoint::SigningKey& key, int64_t now_ms,
                                                  uint64_t tree_size = 0);

// An auditor's copy of a server's log (`safecity audit sync`) holds the
// streams its token may read, numbered in its own order, and beside them the
// Merkle leaves of every event of the server's log (of the streams it may
// not read too), checked against the events it holds. With them VerifyLog
// checks the server's recorded checkpoints against the server's tree, not
// the copy's. Written in one synced write, replacing any earlier ones.
Status RecordAuditedLeaves(Store* store, const std::string& origin, const std::vector<merkle::Hash>& leaves);
// The leaves RecordAuditedLeaves wrote (empty when none) and their origin.
Result<std::vector<merkle::Hash>> AuditedLeaves(Store* store, std::string* origin = nullptr);

struct VerifyOptions {
  const checkpoint::SignedTreeHead* checkpoint = nullptr;  // with `public_key`
  const checkpoint::PublicKey* public_key = nullptr;
};

struct VerifyReport {
  int64_t events = 0;
  int64_t streams = 0;
  bool intact = true;
  std::string first_broken;  // "stream@version (position p): why", or what differs, when !intact
  // With a checkpoint:
  bool checkpoint_checked = false;
  uint64_t checkpoint_size = 0;
  int64_t checkpoint_time_ms = 0;
  size_t consistency_proof_hashes = 0;  // the proof from the checkpoint to the whole log
  std::string root_hash;                // of the whole log now, hex
  // Checkpoints the log recorded itself that were checked against it.
  int recorded_checkpoints = 0;
  int64_t audited_leaves = 0;  // the server's leaves the copy holds (AuditedLeaves), 0 for a log of its own
};
Result<VerifyReport> VerifyLog(Store* store, const VerifyOptions& options = {});

// The checkpoints the log recorded of itself (stream checkpoints-<log id>),
// oldest first; those that are not well formed are left out.
std::vector<checkpoint::SignedTreeHead> RecordedCheckpoints(Store* store);
// The newest of them that covers `position`; with `tree_size`, the one of
// exactly that size. kNotFound with the way out when there is none.
Result<checkpoint::SignedTreeHead> RecordedCheckpointFor(Store* store, int64_t position, uint64_t tree_size = 0);

// The event an auditor names: an event id (from `history --json`), or
// STREAM@VERSION. Returns its position.
Result<int64_t> FindEvent(Store* store, const std::string& ref);

// {"format": "safecity-inclusion-proof/1", "event": <the envelope as
//  stored>, "leaf_index", "tree_size", "leaf_hash", "inclusion_path": [hex…],
//  "checkpoint": <the signed tree head>}: the event at `position` is in the
// tree of `head`. kInvalid when the event lies beyond the checkpoint.
Result<Json> ProveInclusion(Store* store, int64_t position, const checkpoint::SignedTreeHead& head);

// Checks such a document with the public key alone: the checkpoint's
// signature, the event's hash over its content, and the path to the root.
Status CheckInclusionProof(const Json& proof, const checkpoint::PublicKey& key);

// {"first", "second", "first_root", "second_root", "consistency_path"}: an
// RFC 9162 consistency proof between two sizes of this log.
Result<Json> ProveConsistency(Store* store, uint64_t first, uint64_t second);

}  // namespace safecity
