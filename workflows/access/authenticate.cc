#include "workflows/access/authenticate.h"

#include <openssl/rand.h>

#include "engine/sha256.h"
#include "workflows/access/access_refusals.h"
#include "workflows/access/access_views.h"

namespace safecity::access {

Result<Principal> Authenticate(ReadModelReader& reader, const std::string& secret) {
  if (secret.empty())
    return Status::Refusal(Status::Code::kUnauthenticated, "token", kNoToken, {});
  auto id = TokenWithHash(reader, Sha256Hex(secret));
  if (!id.ok()) return id.status();
  if (!id.value()) return Status::Refusal(Status::Code::kUnauthenticated, "token", kUnknownToken, {});
  Json t = ReadToken(reader, *id.value());
  if (!t.is_object()) return Status::Refusal(Status::Code::kUnauthenticated, "token", kUnknownToken, {});
  if (!IsActive(t))
    return Status::Refusal(Status::Code::kUnauthenticated, "token", kRevokedToken,
                           {{"token", *id.value()}, {"revoked_at", t.value("revoked_at", "")}});
  Principal p;
  p.actor.role = t["role"];
  p.actor.id = t["principal"];
  p.token_id = *id.value();
  return p;
}

Result<std::string> NewTokenSecret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Status::Storage("the system's random source failed; try again");
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out = "sct_";
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

}  // namespace safecity::access
