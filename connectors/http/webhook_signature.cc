#include "connectors/http/webhook_signature.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace safecity::http {

namespace {

std::string HmacSha256(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &len);
  return std::string(reinterpret_cast<const char*>(mac), len);
}

std::string Base64Of(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// Padded base64 (a length that is a multiple of 4); false on anything else.
bool FromBase64(const std::string& text, std::string* out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  std::string bytes(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return false;
  size_t padding = 0;
  while (padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
  bytes.resize(static_cast<size_t>(n) - padding);
  *out = std::move(bytes);
  return true;
}

}  // namespace

std::string HmacSha256Hex(const std::string& key, const std::string& message) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : HmacSha256(key, message)) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string WebhookSignature(const std::string& secret, int64_t timestamp, const std::string& body) {
  return "sha256=" + HmacSha256Hex(secret, std::to_string(timestamp) + "." + body);
}

std::string StandardWebhookSignature(const std::string& secret, const std::string& id, int64_t timestamp,
                                     const std::string& body) {
  constexpr const char kPrefix[] = "whsec_";
  if (secret.rfind(kPrefix, 0) != 0) return "";
  std::string key;
  if (!FromBase64(secret.substr(sizeof kPrefix - 1), &key) || key.empty()) return "";
  return "v1," + Base64Of(HmacSha256(key, id + "." + std::to_string(timestamp) + "." + body));
}

bool StandardWebhookSignatureMatches(const std::string& secret, const std::string& id, int64_t timestamp, const std::string& body,
                                     const std::string& header) {
  const std::string want = StandardWebhookSignature(secret, id, timestamp, body);
  if (want.empty()) return false;
  bool matched = false;
  size_t at = 0;
  while (at <= header.size()) {
    size_t end = header.find(' ', at);
    if (end == std::string::npos) end = header.size();
    // Every candidate is compared: the time taken does not say which one matched.
    matched = ConstantTimeEqual(header.substr(at, end - at), want) || matched;
    at = end + 1;
  }
  return matched;
}

bool ConstantTimeEqual(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Status VerifyWebhookDelivery(const std::string& secret, const std::string& timestamp, const std::string& signature,
                             const std::string& body, int64_t now_seconds) {
  // At most 18 digits: any such number and any clock reading subtract
  // without overflow, and no unix time of this era needs more.
  bool digits = !timestamp.empty() && timestamp.size() <= 18;
  for (char c : timestamp) digits = digits && c >= '0' && c <= '9';
  if (!digits) return Status::Unauthenticated("X-Safecity-Timestamp", "must be the unix time in seconds at which you signed");
  const int64_t ts = std::stoll(timestamp);
  const int64_t skew = now_seconds - ts;
  if (skew > kWebhookWindowSeconds || skew < -kWebhookWindowSeconds)
    return Status::Unauthenticated("X-Safecity-Timestamp", "is " + std::to_string(skew) + " s from the server's clock, more than " +
                                                               std::to_string(kWebhookWindowSeconds) +
                                                               "; sign with the current time (is your clock set?)");
  if (!ConstantTimeEqual(WebhookSignature(secret, ts, body), signature))
    return Status::Unauthenticated("X-Safecity-Signature",
                                   "does not match the body; sign \"<timestamp>.<body>\" with HMAC-SHA256 and your key's secret");
  return Status::Ok();
}

std::string WebhookMasterKeyPath(const std::string& data_dir) { return data_dir + "/webhook.key"; }

Result<std::string> LoadOrCreateWebhookMasterKey(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    unsigned char key[32];
    if (RAND_bytes(key, sizeof key) != 1) return Status::Storage("the system's random source failed; try again");
    // O_EXCL: two processes creating it at once keep the first one's key.
    int out = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out >= 0) {
      bool ok = write(out, key, sizeof key) == static_cast<ssize_t>(sizeof key) && fsync(out) == 0;
      close(out);
      if (!ok) return Status::Storage("cannot write the webhook master key " + path + ": " + std::strerror(errno));
    } else if (errno != EEXIST) {
      return Status::Storage("cannot create the webhook master key " + path + ": " + std::strerror(errno));
    }
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0) return Status::Storage("cannot read the webhook master key " + path + ": " + std::strerror(errno));
  char buf[64];
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n != 32)
    return Status::Storage("the webhook master key " + path + " is not 32 bytes; restore it from the node that made it");
  return std::string(buf, 32);
}

std::string DeriveInboundSecret(const std::string& master_key, const std::string& key_id) {
  return "whsec_" + HmacSha256Hex(master_key, "safecity/webhook/inbound/" + key_id);
}

}  // namespace safecity::http
