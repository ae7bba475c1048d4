#include "engine/merkle.h"

#include <openssl/evp.h>

#include <algorithm>
#include <utility>

namespace safecity::merkle {

namespace {

Hash Digest(const unsigned char* prefix, size_t prefix_len, const void* a, size_t a_len, const void* b, size_t b_len) {
  Hash out{};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  if (prefix_len) EVP_DigestUpdate(ctx, prefix, prefix_len);
  if (a_len) EVP_DigestUpdate(ctx, a, a_len);
  if (b_len) EVP_DigestUpdate(ctx, b, b_len);
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx, out.data(), &len);
  EVP_MD_CTX_free(ctx);
  return out;
}

// The largest power of two strictly smaller than n (n >= 2).
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct Range {
  uint64_t begin, end;
};

// Roots of `ranges`, in the order given.
Result<std::vector<Hash>> Roots(const LeafReader& leaves, const std::vector<Range>& ranges) {
  std::vector<Hash> out;
  out.reserve(ranges.size());
  for (const Range& r : ranges) {
    auto root = RangeRoot(leaves, r.begin, r.end);
    if (!root.ok()) return root.status();
    out.push_back(root.value());
  }
  return out;
}

}  // namespace

Hash Sha256(const std::string& bytes) { return Digest(nullptr, 0, bytes.data(), bytes.size(), nullptr, 0); }

Hash LeafHash(const std::string& input) {
  static const unsigned char kLeaf = 0x00;
  return Digest(&kLeaf, 1, input.data(), input.size(), nullptr, 0);
}

Hash NodeHash(const Hash& left, const Hash& right) {
  static const unsigned char kNode = 0x01;
  return Digest(&kNode, 1, left.data(), left.size(), right.data(), right.size());
}

Hash EmptyRoot() { return Digest(nullptr, 0, nullptr, 0, nullptr, 0); }

std::string Hex(const Hash& h) {
  static const char* kDigits = "0123456789abcdef";
  std::string out(64, '0');
  for (size_t i = 0; i < h.size(); ++i) {
    out[2 * i] = kDigits[h[i] >> 4];
    out[2 * i + 1] = kDigits[h[i] & 15];
  }
  return out;
}

bool Unhex(const std::string& hex, Hash* out) {
  if (hex.size() != 64) return false;
  for (size_t i = 0; i < 32; ++i) {
    int hi = HexDigit(hex[2 * i]), lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

bool EventLeafHash(const std::string& event_hash_hex, Hash* out) {
  Hash raw;
  if (!Unhex(event_hash_hex, &raw)) return false;
  *out = LeafHash(std::string(reinterpret_cast<const char*>(raw.data()), raw.size()));
  return true;
}

void CompactRange::Append(const Hash& leaf_hash) {
  Hash h = leaf_hash;
  for (uint64_t s = size_; s & 1; s >>= 1) {
    h = NodeHash(stack_.back(), h);
    stack_.pop_back();
  }
  stack_.push_back(h);
  ++size_;
}

Hash CompactRange::Root() const {
  if (stack_.empty()) return EmptyRoot();
  Hash h = stack_.back();
  for (size_t i = stack_.size() - 1; i-- > 0;) h = NodeHash(stack_[i], h);
  return h;
}

std::vector<CompactRange::Subtree> CompactRange::Subtrees() const {
  std::vector<Subtree> out;
  uint64_t begin = 0;
  size_t i = 0;
  for (int bit = 63; bit >= 0; --bit) {
    const uint64_t leaves = uint64_t{1} << bit;
    if (!(size_ & leaves)) continue;
    out.push_back(Subtree{begin, leaves, stack_[i++]});
    begin += leaves;
  }
  return out;
}

bool CompactRange::FromHashes(uint64_t size, const std::vector<Hash>& hashes, CompactRange* out) {
  size_t bits = 0;
  for (uint64_t s = size; s; s >>= 1) bits += s & 1;
  if (bits != hashes.size()) return false;
  out->size_ = size;
  out->stack_ = hashes;
  return true;
}

Result<Hash> RangeRoot(const LeafReader& leaves, uint64_t begin, uint64_t end) {
  CompactRange range;
  Status s = leaves(begin, end, [&](const Hash& h) { range.Append(h); });
  if (!s.ok()) return s;
  if (range.size() != end - begin)
    return Status::Storage("the log holds " + std::to_string(range.size()) + " of the leaves " + std::to_string(begin + 1) +
                           "–" + std::to_string(end) + " it was asked for");
  return range.Root();
}

Result<std::vector<Hash>> InclusionProof(const LeafReader& leaves, uint64_t index, uint64_t size) {
  if (index >= size)
    return Status::Invalid("index", "leaf " + std::to_string(index) + " is not in a tree of " + std::to_string(size) + " leaves");
  // PATH(m, D[lo:hi]) = PATH(m', half holding m) + [MTH(the other half)]:
  // collect the other halves from the root down, then answer leaf-side first.
  std::vector<Range> siblings;
  uint64_t lo = 0, hi = size, m = index;
  while (hi - lo > 1) {
    const uint64_t k = SplitPoint(hi - lo);
    if (m < k) {
      siblings.push_back({lo + k, hi});
      hi = lo + k;
    } else {
      siblings.push_back({lo, lo + k});
      lo += k;
      m -= k;
    }
  }
  std::reverse(siblings.begin(), siblings.end());
  return Roots(leaves, siblings);
}

Result<std::vector<Hash>> ConsistencyProof(const LeafReader& leaves, uint64_t first, uint64_t second) {
  if (first == 0 || first > second)
    return Status::Invalid("tree_size", "a consistency proof goes from a tree of 1 to " + std::to_string(second) +
                                            " leaves to one of " + std::to_string(second) + "; " + std::to_string(first) +
                                            " is out of range");
  // SUBPROOF(m, D[lo:hi], b), unrolled from the root down.
  std::vector<Range> nodes;
  uint64_t lo = 0, hi = second, m = first;
  bool whole = true;  // b: the subtree is the whole first tree so far
  while (m != hi - lo) {
    const uint64_t k = SplitPoint(hi - lo);
    if (m <= k) {
      nodes.push_back({lo + k, hi});
      hi = lo + k;
    } else {
      nodes.push_back({lo, lo + k});
      lo += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) nodes.push_back({lo, hi});
  std::reverse(nodes.begin(), nodes.end());
  return Roots(leaves, nodes);
}

bool VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash, const std::vector<Hash>& proof,
                     const Hash& root) {
  if (index >= size) return false;
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_root, const Hash& second_root,
                       const std::vector<Hash>& proof) {
  if (first > second) return false;
  if (first == second) return proof.empty() && first_root == second_root;
  if (first == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Hash> path;
  if ((first & (first - 1)) == 0) path.push_back(first_root);  // a power of two: the first tree is a node of the second
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = first - 1, sn = second - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == first_root && sr == second_root && sn == 0;
}

}  // namespace safecity::merkle
