// Webhook signatures, both ways (入站/出站 webhook 签名), in two formats.
//
// Standard Webhooks (https://www.standardwebhooks.com), which its libraries
// (`standardwebhooks` for Python, JavaScript, Go, Java, …) verify as they are:
//
//   webhook-id: <delivery id>
//   webhook-timestamp: <unix seconds>
//   webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">
//
// keyed with the secret's bytes: the base64 after "whsec_", decoded. A
// safecity secret is "whsec_" + 64 hex digits, which is base64 of 48 bytes,
// so a receiver hands the library the secret as safecity printed it.
//
// safecity's own, kept beside it for one version: HMAC-SHA256 keyed with the
// whole secret text over "<timestamp>.<body>", sent as
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
// Standard Webhooks: "v1," + base64 HMAC-SHA256 of "<id>.<timestamp>.<body>"
// keyed with the secret's bytes; "" when the secret is not "whsec_" + base64.
std::string StandardWebhookSignature(const std::string& secret, const std::string& id, int64_t timestamp,
                                     const std::string& body);
// Whether one of the space-separated signatures of a `webhook-signature`
// header is StandardWebhookSignature(secret, id, timestamp, body); compared
// in constant time. Signatures of other versions ("v1a,…") are passed over.
bool StandardWebhookSignatureMatches(const std::string& secret, const std::string& id, int64_t timestamp, const std::string& body,
                                     const std::string& header);
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

// Where a data directory keeps its master key: <data>/webhook.key.
std::string WebhookMasterKeyPath(const std::string& data_dir);
// The master key at `path`, created (32 random bytes, mode 0600) when missing.
Result<std::string> LoadOrCreateWebhookMasterKey(const std::string& path);
// The inbound secret of key `key_id`: "whsec_" + 64 hex characters.
std::string DeriveInboundSecret(const std::string& master_key, const std::string& key_id);

}  // namespace safecity::http
