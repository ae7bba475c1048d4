// Merkle tree over the event log, as RFC 9162 (Certificate Transparency 2.0)
// section 2.1 defines it, with the hashing of RFC 6962 (SHA-256, domain
// separation: 0x00 before a leaf, 0x01 before two child hashes).
//
// The log's leaves are its events in position order: leaf i (0-based) is the
// event at position i + 1, and its leaf input is that event's own hash (the
// 32 bytes behind the hex `hash` of the envelope). A tree head (size, root)
// therefore commits to every event up to `size`, to their order, and, since an
// event's hash covers its stream, version, prev_hash and data, to all of it.
//
// Contract:
//  - Everything here is pure: hashes in, hashes out; no I/O, no clock.
//  - Hashes are 32 raw bytes (Hash); Hex/Unhex convert at the edges.
//  - Proof generation reads leaves through a LeafReader: a function that
//    visits the leaf hashes of [begin, end) in order and may fail (a store
//    that cannot be read). The proofs of RFC 9162 consist of the roots of
//    disjoint ranges of leaves, so a proof of a tree of n leaves reads each
//    leaf at most once, and memory stays O(log n).
//  - Verification (VerifyInclusion, VerifyConsistency) follows RFC 9162
//    2.1.3.2 and 2.1.4.2 exactly and needs no leaves at all: an auditor who
//    holds a tree head checks a proof with it alone.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/status.h"

namespace safecity::merkle {

using Hash = std::array<unsigned char, 32>;

Hash Sha256(const std::string& bytes);
// SHA-256(0x00 || input): the hash of a leaf whose input is `input`.
Hash LeafHash(const std::string& input);
// SHA-256(0x01 || left || right).
Hash NodeHash(const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of nothing.
Hash EmptyRoot();

std::string Hex(const Hash& h);
// 64 lower- or upper-case hex digits; false otherwise.
bool Unhex(const std::string& hex, Hash* out);
// The leaf hash of an event, from the hex hash in its envelope; false when
// that is not 64 hex digits.
bool EventLeafHash(const std::string& event_hash_hex, Hash* out);

// The right edge of a tree under construction (a "compact range" from leaf 0):
// the roots of its perfect subtrees, largest first. Appending is amortised
// O(1); the root is O(log n). Two trees of the same size agree on every
// leaf exactly when they agree on these hashes.
class CompactRange {
 public:
  void Append(const Hash& leaf_hash);
  uint64_t size() const { return size_; }
  Hash Root() const;
  // The perfect subtrees, largest (leftmost) first, each with its first leaf
  // and its number of leaves (a power of two).
  struct Subtree {
    uint64_t begin = 0;
    uint64_t leaves = 0;
    Hash hash{};
  };
  std::vector<Subtree> Subtrees() const;
  // Rebuilds a range from its subtree hashes (as Subtrees() gave them, in the
  // same order) for a tree of `size` leaves; false when the count is wrong.
  static bool FromHashes(uint64_t size, const std::vector<Hash>& hashes, CompactRange* out);

 private:
  uint64_t size_ = 0;
  std::vector<Hash> stack_;  // one per set bit of size_, largest subtree first
};

// Visits the leaf hashes of [begin, end) in order; returns a non-ok Status to
// stop (a read failure, or a leaf missing).
using LeafReader = std::function<Status(uint64_t begin, uint64_t end, const std::function<void(const Hash&)>& visit)>;

// The root of leaves [begin, end) (MTH of RFC 9162 2.1.1).
Result<Hash> RangeRoot(const LeafReader& leaves, uint64_t begin, uint64_t end);

// PATH(index, D[size]) of RFC 9162 2.1.3.1: the audit path of leaf `index`
// in the tree of the first `size` leaves, leaf-side first.
Result<std::vector<Hash>> InclusionProof(const LeafReader& leaves, uint64_t index, uint64_t size);

// PROOF(first, D[second]) of RFC 9162 2.1.4.1; 0 < first <= second.
Result<std::vector<Hash>> ConsistencyProof(const LeafReader& leaves, uint64_t first, uint64_t second);

// RFC 9162 2.1.3.2: whether `proof` shows that `leaf_hash` is leaf `index` of
// the tree of `size` leaves whose root is `root`.
bool VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash, const std::vector<Hash>& proof,
                     const Hash& root);

// RFC 9162 2.1.4.2: whether `proof` shows that the tree (first, first_root)
// is a prefix of the tree (second, second_root). Equal sizes need an empty
// proof and equal roots; a first tree of size 0 is a prefix of every tree.
bool VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root, const Hash& second_root,
                       const std::vector<Hash>& proof);

}  // namespace safecity::merkle
