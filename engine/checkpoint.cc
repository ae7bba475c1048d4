#include "engine/checkpoint.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/sha256.h"
#include "engine/time_util.h"

namespace safecity::checkpoint {

namespace {

constexpr const char* kFormat = "safecity-checkpoint/1";

EVP_PKEY* Key(void* p) { return static_cast<EVP_PKEY*>(p); }

std::string RawPublicKey(EVP_PKEY* pkey) {
  unsigned char raw[64];
  size_t len = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(pkey, raw, &len) != 1) return "";
  return std::string(reinterpret_cast<const char*>(raw), len);
}

std::string KeyIdOf(EVP_PKEY* pkey) { return Sha256Hex(RawPublicKey(pkey)).substr(0, 16); }

std::string RealPath(const std::string& path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) ? std::string(buf) : "";
}

Result<std::string> ReadWhole(const std::string& path, const std::string& field) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::Invalid(field, "cannot read " + path + "; give the path of an existing file");
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

Status WriteExclusive(const std::string& path, const std::string& bytes, mode_t mode, const std::string& field) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Invalid(field, path + " exists already; a key is never replaced, choose a new path");
    return Status::Invalid(field, "cannot create " + path + ": " + std::strerror(errno) + "; give a path in a writable directory");
  }
  fchmod(fd, mode);  // whatever the umask
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      close(fd);
      unlink(path.c_str());
      return Status::Invalid(field, "cannot write " + path + ": " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(path.c_str());
    return Status::Invalid(field, "cannot write " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

std::string Pem(EVP_PKEY* pkey, bool private_key) {
  BIO* bio = BIO_new(BIO_s_mem());
  const int ok = private_key ? PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr)
                             : PEM_write_bio_PUBKEY(bio, pkey);
  std::string out;
  if (ok == 1) {
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    out.assign(data, static_cast<size_t>(len));
  }
  BIO_free(bio);
  return out;
}

Result<uint64_t> Count(const Json& j, const char* key, const std::string& what) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer() || it->get<int64_t>() < 0)
    return Status::Invalid(key, what + ": " + key + " must be a whole number >= 0");
  return it->get<uint64_t>();
}

Result<std::string> Text(const Json& j, const char* key, const std::string& what) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty())
    return Status::Invalid(key, what + ": " + key + " is missing; use the checkpoint file as `safecity checkpoint` wrote it");
  return it->get<std::string>();
}

}  // namespace

std::string OriginOf(const std::string& log_id) { return "safecity/" + log_id; }

std::string CheckpointStreamFor(const std::string& log_id) { return std::string(kCheckpointStreamKind) + "-" + log_id; }

std::string SignedText(const SignedTreeHead& head) {
  return std::string(kFormat) + "\n" + head.origin + "\n" + std::to_string(head.tree_size) + "\n" +
         merkle::Hex(head.root_hash) + "\n" + std::to_string(head.timestamp_ms) + "\n";
}

Json ToJson(const SignedTreeHead& head) {
  Json edge = Json::array();
  for (const auto& h : head.right_edge) edge.push_back(merkle::Hex(h));
  return Json{{"format", kFormat},
              {"origin", head.origin},
              {"tree_size", head.tree_size},
              {"root_hash", merkle::Hex(head.root_hash)},
              {"timestamp", head.timestamp_ms},
              {"time", FormatIsoMs(head.timestamp_ms)},
              {"key_id", head.key_id},
              {"signature", head.signature},
              {"right_edge", edge}};
}

Result<SignedTreeHead> FromJson(const Json& j, const std::string& what) {
  if (!j.is_object()) return Status::Invalid("checkpoint", what + " is not a checkpoint (a JSON object as `safecity checkpoint` writes)");
  if (j.value("format", "") != kFormat)
    return Status::Invalid("format", what + " is not a " + std::string(kFormat) + " checkpoint");
  SignedTreeHead h;
  auto origin = Text(j, "origin", what);
  if (!origin.ok()) return origin.status();
  h.origin = origin.value();
  auto size = Count(j, "tree_size", what);
  if (!size.ok()) return size.status();
  h.tree_size = size.value();
  auto root = Text(j, "root_hash", what);
  if (!root.ok()) return root.status();
  if (!merkle::Unhex(root.value(), &h.root_hash))
    return Status::Invalid("root_hash", what + ": root_hash must be 64 hex digits");
  auto ts = Count(j, "timestamp", what);
  if (!ts.ok()) return ts.status();
  h.timestamp_ms = static_cast<int64_t>(ts.value());
  auto key = Text(j, "key_id", what);
  if (!key.ok()) return key.status();
  h.key_id = key.value();
  auto sig = Text(j, "signature", what);
  if (!sig.ok()) return sig.status();
  h.signature = sig.value();
  if (j.contains("right_edge")) {
    if (!j["right_edge"].is_array()) return Status::Invalid("right_edge", what + ": right_edge must be a list of hashes");
    for (const auto& e : j["right_edge"]) {
      merkle::Hash x{};
      if (!e.is_string() || !merkle::Unhex(e.get<std::string>(), &x))
        return Status::Invalid("right_edge", what + ": every right_edge entry must be 64 hex digits");
      h.right_edge.push_back(x);
    }
    merkle::CompactRange range;
    if (!merkle::CompactRange::FromHashes(h.tree_size, h.right_edge, &range) || range.Root() != h.root_hash)
      return Status::Invalid("right_edge", what + ": right_edge does not fold into root_hash; the file was altered");
  }
  return h;
}

Result<SignedTreeHead> ReadFile(const std::string& path) {
  auto text = ReadWhole(path, "--checkpoint");
  if (!text.ok()) return text.status();
  Json j = Json::parse(text.value(), nullptr, false);
  if (j.is_discarded()) return Status::Invalid("--checkpoint", path + " is not JSON; give the file `safecity checkpoint --out` wrote");
  auto head = FromJson(j, path);
  if (!head.ok()) return Status::Invalid("--checkpoint", head.status().message());
  return head;
}

Status WriteFile(const std::string& path, const SignedTreeHead& head) {
  const std::string tmp = path + ".partial";
  unlink(tmp.c_str());
  Status s = WriteExclusive(tmp, ToJson(head).dump(2) + "\n", 0644, "--out");
  if (!s.ok()) return s;
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return Status::Invalid("--out", "cannot replace " + path + ": " + std::strerror(errno) + "; give a path in a writable directory");
  }
  return Status::Ok();
}

// --- keys -------------------------------------------------------------------

PublicKey::~PublicKey() { EVP_PKEY_free(Key(pkey_)); }

Result<std::shared_ptr<PublicKey>> PublicKey::Load(const std::string& path, const std::string& field) {
  auto pem = ReadWhole(path, field);
  if (!pem.ok()) return pem.status();
  BIO* bio = BIO_new_mem_buf(pem.value().data(), static_cast<int>(pem.value().size()));
  EVP_PKEY* pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  if (!pkey) {
    BIO_free(bio);
    bio = BIO_new_mem_buf(pem.value().data(), static_cast<int>(pem.value().size()));
    pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  }
  BIO_free(bio);
  if (!pkey || EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(pkey);
    return Status::Invalid(field, path + " is not an Ed25519 public key in PEM; give the KEY.pub `safecity checkpoint keygen` wrote");
  }
  std::shared_ptr<PublicKey> k(new PublicKey());
  k->pkey_ = pkey;
  k->key_id_ = KeyIdOf(pkey);
  return k;
}

bool PublicKey::Verify(const std::string& message, const std::string& signature_base64) const {
  std::string sig;
  if (!Unbase64(signature_base64, &sig) || sig.size() != 64) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, Key(pkey_)) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                             reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

Status PublicKey::Check(const SignedTreeHead& head) const {
  if (head.key_id != key_id_)
    return Status::Invalid("--public-key", "the checkpoint was signed with key " + head.key_id + ", this public key is " +
                                               key_id_ + "; give the public key of the server that signed it");
  if (!Verify(SignedText(head), head.signature))
    return Status::Invalid("--checkpoint", "its signature does not verify with key " + key_id_ +
                                               ": the checkpoint was altered after it was signed");
  return Status::Ok();
}

SigningKey::~SigningKey() { EVP_PKEY_free(Key(pkey_)); }

Result<std::shared_ptr<SigningKey>> SigningKey::Load(const std::string& path, const std::string& data_dir) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    return Status::Invalid("--signing-key", "cannot read " + path + "; make a key with `safecity checkpoint keygen --out " + path + "`");
  if (st.st_mode & 077)
    return Status::Invalid("--signing-key", path + " may be read by others; chmod 600 " + path);
  const std::string key = RealPath(path), data = RealPath(data_dir);
  if (!data.empty() && (key == data || key.rfind(data + "/", 0) == 0))
    return Status::Invalid("--signing-key", path + " lies inside the data directory " + data_dir +
                                                "; keep the signing key elsewhere, where whoever can change the data cannot reach it");
  auto pem = ReadWhole(path, "--signing-key");
  if (!pem.ok()) return pem.status();
  BIO* bio = BIO_new_mem_buf(pem.value().data(), static_cast<int>(pem.value().size()));
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!pkey || EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(pkey);
    return Status::Invalid("--signing-key", path + " is not an Ed25519 private key in PEM; make one with `safecity checkpoint keygen`");
  }
  std::shared_ptr<SigningKey> k(new SigningKey());
  k->pkey_ = pkey;
  k->key_id_ = KeyIdOf(pkey);
  return k;
}

void SigningKey::Sign(SignedTreeHead* head) const {
  head->key_id = key_id_;
  const std::string text = SignedText(*head);
  unsigned char sig[64];
  size_t len = sizeof sig;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, Key(pkey_)) == 1 &&
      EVP_DigestSign(ctx, sig, &len, reinterpret_cast<const unsigned char*>(text.data()), text.size()) == 1) {
    head->signature = Base64(std::string(reinterpret_cast<const char*>(sig), len));
  } else {
    head->signature.clear();  // Ed25519 signing of a loaded key does not fail; an empty signature never verifies
  }
  EVP_MD_CTX_free(ctx);
}

Result<std::string> GenerateKeyPair(const std::string& path) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
  EVP_PKEY* pkey = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &pkey) != 1) {
    EVP_PKEY_CTX_free(ctx);
    return Status::Storage("OpenSSL could not make an Ed25519 key");
  }
  EVP_PKEY_CTX_free(ctx);
  const std::string priv = Pem(pkey, true), pub = Pem(pkey, false), id = KeyIdOf(pkey);
  EVP_PKEY_free(pkey);
  if (priv.empty() || pub.empty()) return Status::Storage("OpenSSL could not write the key as PEM");
  if (access((path + ".pub").c_str(), F_OK) == 0)
    return Status::Invalid("--out", path + ".pub exists already; a key is never replaced, choose a new path");
  Status s = WriteExclusive(path, priv, 0600, "--out");
  if (!s.ok()) return s;
  s = WriteExclusive(path + ".pub", pub, 0644, "--out");
  if (!s.ok()) {
    unlink(path.c_str());
    return s;
  }
  return id;
}

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool Unbase64(const std::string& text, std::string* out) {
  if (text.empty() || text.size() % 4) return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=')) return false;
  std::string buf(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return false;
  size_t pad = 0;
  if (text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  buf.resize(static_cast<size_t>(n) - pad);
  if (Base64(buf) != text) return false;  // canonical only
  *out = std::move(buf);
  return true;
}

}  // namespace safecity::checkpoint
