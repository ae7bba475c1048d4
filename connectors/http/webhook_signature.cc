#include "connectors/http/webhook_signature.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace safecity::http {

std::string HmacSha256Hex(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &len);
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kDigits[mac[i] >> 4];
    out += kDigits[mac[i] & 15];
  }
  return out;
}

std::string WebhookSignature(const std::string& secret, int64_t timestamp, const std::string& body) {
  return "sha256=" + HmacSha256Hex(secret, std::to_string(timestamp) + "." + body);
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
