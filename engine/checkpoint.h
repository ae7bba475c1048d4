// Signed checkpoints (签名检查点): a signed tree head over the event log, in the
// manner of Certificate Transparency (RFC 6962 / RFC 9162) and the
// transparency-dev checkpoints. A checkpoint says "the first `tree_size`
// events of log `origin` have the Merkle root `root_hash`" (engine/merkle.h),
// with the time it was made, signed with Ed25519 under a key that lives
// outside the data directory. Whoever holds a checkpoint and the public key
// can later prove that the log still holds exactly those events: the operator
// of the server can rewrite the data directory but cannot sign a different
// history under the published checkpoint.
//
// What is signed is this text, UTF-8, each line ending in "\n":
//
//   safecity-checkpoint/1
//   <origin>                 e.g. safecity/0b1c…  (the store's log id)
//   <tree_size>              decimal
//   <root_hash>              64 lower-case hex digits
//   <timestamp>              UTC milliseconds since 1970, decimal
//
// The checkpoint file (JSON) holds those fields, the key id (the first 16 hex
// digits of the SHA-256 of the raw 32-byte public key), the signature
// (base64), and, unsigned, the right edge of the tree: the roots of its
// perfect subtrees (merkle::CompactRange), which must fold into root_hash and
// let a verifier say which part of the log differs.
//
// Keys are PEM files: the private key PKCS#8 ("BEGIN PRIVATE KEY", mode 0600),
// the public key SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"), as `openssl
// genpkey -algorithm ed25519` and `openssl pkey -pubout` write them, so an
// auditor can check a signature with openssl alone.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/merkle.h"
#include "engine/status.h"

namespace safecity::checkpoint {

struct SignedTreeHead {
  std::string origin;
  uint64_t tree_size = 0;
  merkle::Hash root_hash{};
  int64_t timestamp_ms = 0;
  std::string key_id;
  std::string signature;  // base64 of the 64-byte Ed25519 signature
  std::vector<merkle::Hash> right_edge;  // unsigned; see above
};

// The exact bytes the signature covers.
std::string SignedText(const SignedTreeHead& head);

Json ToJson(const SignedTreeHead& head);
// Strict: every field present and well formed; `what` names the source in errors.
Result<SignedTreeHead> FromJson(const Json& j, const std::string& what);
Result<SignedTreeHead> ReadFile(const std::string& path);
// Writes the checkpoint as JSON to `path`, replacing it whole (a reader
// never sees half a file): PATH.partial, synced, then renamed.
Status WriteFile(const std::string& path, const SignedTreeHead& head);

// The origin line of a store's checkpoints.
std::string OriginOf(const std::string& log_id);

// The stream in which a log records the checkpoints signed of it:
// "checkpoints-<log id>" (workflows/checkpoint/checkpoint_log.h).
constexpr const char* kCheckpointStreamKind = "checkpoints";
std::string CheckpointStreamFor(const std::string& log_id);

class SigningKey;

class PublicKey {
 public:
  // Reads a PEM public key (or, for convenience, the private key's file,
  // whose public half is taken). kInvalid naming `field` when unusable.
  static Result<std::shared_ptr<PublicKey>> Load(const std::string& path, const std::string& field);
  ~PublicKey();
  const std::string& key_id() const { return key_id_; }
  bool Verify(const std::string& message, const std::string& signature_base64) const;
  // Whether the head's signature is this key's over SignedText(head).
  Status Check(const SignedTreeHead& head) const;

 private:
  friend class SigningKey;
  PublicKey() = default;
  void* pkey_ = nullptr;  // EVP_PKEY*
  std::string key_id_;
};

class SigningKey {
 public:
  // Reads a PEM private key (PKCS#8 Ed25519). Refuses a file others may
  // read, and a key kept inside `data_dir` (the operator's data directory
  // must not hold what vouches for it).
  static Result<std::shared_ptr<SigningKey>> Load(const std::string& path, const std::string& data_dir);
  ~SigningKey();
  const std::string& key_id() const { return key_id_; }
  // Fills key_id and signature of `head` (its other fields already set).
  void Sign(SignedTreeHead* head) const;

 private:
  SigningKey() = default;
  void* pkey_ = nullptr;  // EVP_PKEY*
  std::string key_id_;
};

// Writes a new key pair: `path` (private, 0600, created exclusively: an
// existing file is never replaced) and `path`.pub. Returns the key id.
Result<std::string> GenerateKeyPair(const std::string& path);

std::string Base64(const std::string& bytes);
// false on anything that is not canonical padded base64.
bool Unbase64(const std::string& text, std::string* out);

}  // namespace safecity::checkpoint
