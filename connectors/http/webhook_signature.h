// Webhook signatures, both ways (入站/出站 webhook 签名): HMAC-SHA256 over
// "<timestamp>.<body>", sent as
//
//   X-Safecity-Timestamp: <unix seconds>
//   X-Safecity-Signature: sha256=<lower-case hex>
//
// The receiver accepts a timestamp within five minutes of its clock, compares
// signatures in constant time, and refuses a delivery id it has seen.
//
// Inbound secrets are never stored or logged: each is derived from the
// server's webhook master key (a file of 32 random bytes beside the data,
// mode 0600, the same file on every node) and the key's id; the log keeps only
// the secret's SHA-256 fingerprint, so a server with another master key says so.
#pragma once

#include <cstdint>
#include <string>

#include "engine/status.h"

namespace safecity::http {

inline constexpr int64_t kWebhookWindowSeconds = 300;

std::string HmacSha256Hex(const std::string& key, const std::string& message);
// "sha256=" + HMAC-SHA256(secret, timestamp + "." + body), hex.
std::string WebhookSignature(const std::string& secret, int64_t timestamp, const std::string& body);
// Equal strings, in time that does not depend on where they differ.
bool ConstantTimeEqual(const std::string& a, const std::string& b);

// The checks of an inbound delivery that need only its key's secret and the
// clock (入站验签), in the order the server makes them: `timestamp` (the
// X-Safecity-Timestamp header) is the unix time in seconds, digits only,
// within kWebhookWindowSeconds of `now_seconds`; `signature` (the
// X-Safecity-Signature header) is WebhookSignature(secret, timestamp, body).
// kUnauthenticated naming the header at fault. Pure: any header text gives an
// answer, none overflows.
Status VerifyWebhookDelivery(const std::string& secret, const std::string& timestamp, const std::string& signature,
                             const std::string& body, int64_t now_seconds);

// The master key at `path`, created (32 random bytes, mode 0600) when missing.
Result<std::string> LoadOrCreateWebhookMasterKey(const std::string& path);
// The inbound secret of key `key_id`: "whsec_" + 64 hex characters.
std::string DeriveInboundSecret(const std::string& master_key, const std::string& key_id);

}  // namespace safecity::http
