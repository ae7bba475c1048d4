// The Merkle tree of the log against RFC 6962's published test vectors, and
// every proof of every small tree against the recursive definitions of
// RFC 9162: what an auditor's independent verifier would compute.
#include "engine/merkle.h"

#include <gtest/gtest.h>

namespace safecity::merkle {
namespace {

std::string Bytes(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

Hash H(const std::string& hex) {
  Hash h{};
  EXPECT_TRUE(Unhex(hex, &h)) << hex;
  return h;
}

// The leaves of the RFC 6962 test tree (certificate-transparency's and Trillian's).
std::vector<Hash> VectorLeaves() {
  std::vector<Hash> out;
  for (const char* hex : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"})
    out.push_back(LeafHash(Bytes(hex)));
  return out;
}

LeafReader Over(const std::vector<Hash>& leaves) {
  return [&leaves](uint64_t begin, uint64_t end, const std::function<void(const Hash&)>& visit) {
    for (uint64_t i = begin; i < end && i < leaves.size(); ++i) visit(leaves[i]);
    return Status::Ok();
  };
}

// MTH of RFC 9162 2.1.1, written as the RFC writes it.
Hash ReferenceRoot(const std::vector<Hash>& d, size_t lo, size_t hi) {
  if (hi == lo) return EmptyRoot();
  if (hi - lo == 1) return d[lo];
  size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return NodeHash(ReferenceRoot(d, lo, lo + k), ReferenceRoot(d, lo + k, hi));
}

void ReferencePath(const std::vector<Hash>& d, size_t m, size_t lo, size_t hi, std::vector<Hash>* out) {
  if (hi - lo <= 1) return;
  size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  if (m < k) {
    ReferencePath(d, m, lo, lo + k, out);
    out->push_back(ReferenceRoot(d, lo + k, hi));
  } else {
    ReferencePath(d, m - k, lo + k, hi, out);
    out->push_back(ReferenceRoot(d, lo, lo + k));
  }
}

void ReferenceSubproof(const std::vector<Hash>& d, size_t m, size_t lo, size_t hi, bool b, std::vector<Hash>* out) {
  if (m == hi - lo) {
    if (!b) out->push_back(ReferenceRoot(d, lo, hi));
    return;
  }
  size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  if (m <= k) {
    ReferenceSubproof(d, m, lo, lo + k, b, out);
    out->push_back(ReferenceRoot(d, lo + k, hi));
  } else {
    ReferenceSubproof(d, m - k, lo + k, hi, false, out);
    out->push_back(ReferenceRoot(d, lo, lo + k));
  }
}

TEST(Merkle, RootsMatchTheRfc6962TestVectors) {
  const char* roots[] = {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                         "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                         "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                         "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                         "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                         "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                         "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                         "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                         "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  const auto leaves = VectorLeaves();
  CompactRange range;
  EXPECT_EQ(Hex(range.Root()), roots[0]);
  for (size_t n = 1; n <= 8; ++n) {
    range.Append(leaves[n - 1]);
    EXPECT_EQ(Hex(range.Root()), roots[n]) << n << " leaves";
    EXPECT_EQ(Hex(RangeRoot(Over(leaves), 0, n).value()), roots[n]) << n << " leaves";
  }
}

TEST(Merkle, ProofsMatchTheRfc6962TestVectors) {
  const auto leaves = VectorLeaves();
  const Hash root8 = H("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  struct Case {
    uint64_t index;
    std::vector<std::string> path;
  };
  for (const Case& c : {Case{0, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                                 "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                 "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
                        Case{5, {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                                 "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
                        Case{6, {"46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
                                 "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}}}) {
    auto proof = InclusionProof(Over(leaves), c.index, 8);
    ASSERT_TRUE(proof.ok());
    std::vector<std::string> got;
    for (const Hash& h : proof.value()) got.push_back(Hex(h));
    EXPECT_EQ(got, c.path) << "leaf " << c.index;
    EXPECT_TRUE(VerifyInclusion(c.index, 8, leaves[c.index], proof.value(), root8));
  }
  struct Consistency {
    uint64_t first, second;
    std::vector<std::string> proof;
  };
  for (const Consistency& c :
       {Consistency{1, 8, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                           "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                           "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
        Consistency{6, 8, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                           "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                           "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
        Consistency{2, 5, {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                           "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
        Consistency{1, 1, {}}}) {
    auto proof = ConsistencyProof(Over(leaves), c.first, c.second);
    ASSERT_TRUE(proof.ok());
    std::vector<std::string> got;
    for (const Hash& h : proof.value()) got.push_back(Hex(h));
    EXPECT_EQ(got, c.proof) << c.first << " -> " << c.second;
    EXPECT_TRUE(VerifyConsistency(c.first, c.second, ReferenceRoot(leaves, 0, c.first), ReferenceRoot(leaves, 0, c.second),
                                  proof.value()));
  }
}

// Every leaf and every pair of sizes of trees up to 40 leaves: the proofs are
// the RFC's, they verify, and a single flipped bit anywhere makes them fail.
TEST(Merkle, EveryProofOfSmallTreesIsTheRfcsAndAnyChangeBreaksIt) {
  std::vector<Hash> leaves;
  for (int i = 0; i < 40; ++i) leaves.push_back(LeafHash("event " + std::to_string(i)));
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    const Hash root = ReferenceRoot(leaves, 0, n);
    CompactRange range;
    for (uint64_t i = 0; i < n; ++i) range.Append(leaves[i]);
    ASSERT_EQ(range.Root(), root) << n;
    for (uint64_t m = 0; m < n; ++m) {
      std::vector<Hash> want;
      ReferencePath(leaves, m, 0, n, &want);
      auto proof = InclusionProof(Over(leaves), m, n);
      ASSERT_TRUE(proof.ok());
      ASSERT_EQ(proof.value(), want) << "inclusion " << m << " of " << n;
      ASSERT_TRUE(VerifyInclusion(m, n, leaves[m], want, root)) << m << " of " << n;
      EXPECT_FALSE(VerifyInclusion(m, n, leaves[(m + 1) % leaves.size()], want, root)) << "another leaf, " << m << " of " << n;
      if (!want.empty()) {
        auto bad = want;
        bad.back()[0] ^= 1;
        EXPECT_FALSE(VerifyInclusion(m, n, leaves[m], bad, root));
      }
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion((m + 1) % n, n, leaves[m], want, root)) << "wrong index";
      }
    }
    for (uint64_t m = 1; m <= n; ++m) {
      std::vector<Hash> want;
      ReferenceSubproof(leaves, m, 0, n, true, &want);
      auto proof = ConsistencyProof(Over(leaves), m, n);
      ASSERT_TRUE(proof.ok());
      ASSERT_EQ(proof.value(), want) << "consistency " << m << " -> " << n;
      const Hash first = ReferenceRoot(leaves, 0, m);
      ASSERT_TRUE(VerifyConsistency(m, n, first, root, want)) << m << " -> " << n;
      Hash other = first;
      other[31] ^= 1;
      EXPECT_FALSE(VerifyConsistency(m, n, other, root, want)) << "a rewritten prefix, " << m << " -> " << n;
      if (!want.empty()) {
        auto bad = want;
        bad.front()[5] ^= 0x80;
        EXPECT_FALSE(VerifyConsistency(m, n, first, root, bad)) << m << " -> " << n;
      }
    }
  }
}

TEST(Merkle, ACompactRangeNamesItsPerfectSubtreesAndRebuildsFromThem) {
  std::vector<Hash> leaves;
  for (int i = 0; i < 13; ++i) leaves.push_back(LeafHash(std::to_string(i)));
  CompactRange range;
  for (const Hash& h : leaves) range.Append(h);
  auto subtrees = range.Subtrees();
  ASSERT_EQ(subtrees.size(), 3u);  // 13 = 8 + 4 + 1
  EXPECT_EQ(subtrees[0].begin, 0u);
  EXPECT_EQ(subtrees[0].leaves, 8u);
  EXPECT_EQ(subtrees[1].begin, 8u);
  EXPECT_EQ(subtrees[2].begin, 12u);
  EXPECT_EQ(subtrees[1].hash, ReferenceRoot(leaves, 8, 12));
  std::vector<Hash> hashes;
  for (const auto& s : subtrees) hashes.push_back(s.hash);
  CompactRange again;
  ASSERT_TRUE(CompactRange::FromHashes(13, hashes, &again));
  EXPECT_EQ(again.Root(), range.Root());
  EXPECT_FALSE(CompactRange::FromHashes(12, hashes, &again));
}

TEST(Merkle, AReaderThatRunsShortIsAnErrorNotAShorterTree) {
  std::vector<Hash> leaves{LeafHash("a"), LeafHash("b")};
  auto root = RangeRoot(Over(leaves), 0, 3);
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.status().code(), Status::Code::kStorage);
  EXPECT_FALSE(InclusionProof(Over(leaves), 2, 2).ok());
  EXPECT_FALSE(ConsistencyProof(Over(leaves), 0, 2).ok());
}

}  // namespace
}  // namespace safecity::merkle
