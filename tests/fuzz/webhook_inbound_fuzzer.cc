// libFuzzer target: an inbound webhook delivery (POST /v1/webhooks/inbound)
// as the pieces of the server's check that need no store see it:
//
//   line 1    the X-Safecity-Timestamp header
//   line 2    the X-Safecity-Signature header; "=" stands for the signature a
//             sender computes with the key's secret over "<line 1>.<body>",
//             so that inputs get past the signature to the body
//   the rest  the body
//
// VerifyWebhookDelivery (connectors/http/webhook_signature.h) at a fixed
// clock (1700000000), then, when it accepts, DecodeCommandBody with the
// inbound endpoint's fields, as the server reads an accepted delivery.
//
// Nothing may throw, crash or overflow; a refusal is 401 naming one of the
// two headers, in text a problem document can carry; and what is accepted
// must be a delivery signed with this secret over this body within the
// window: the same headers with another secret, or over the body with one
// byte more, are refused.
// Run by tests/fuzz/run.sh (ctest label "fuzz").
#include <cstdint>
#include <string>

#include "connectors/http/command_body.h"
#include "connectors/http/webhook_signature.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using safecity::Status;
using safecity::fuzz::CheckRefusal;
using safecity::fuzz::Fail;
namespace http = safecity::http;

const std::string kSecret = http::DeriveInboundSecret(std::string(32, '\x5a'), "yanta-sys");
const std::string kOtherSecret = http::DeriveInboundSecret(std::string(32, '\x5a'), "beilin-sys");
constexpr int64_t kNow = 1700000000;

std::string NextLine(const std::string& text, size_t* at) {
  size_t end = text.find('\n', *at);
  if (end == std::string::npos) end = text.size();
  std::string line = text.substr(*at, end - *at);
  *at = end < text.size() ? end + 1 : end;
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  size_t at = 0;
  const std::string timestamp = NextLine(text, &at);
  std::string signature = NextLine(text, &at);
  const std::string body = text.substr(at);
  if (signature == "=") signature = "sha256=" + http::HmacSha256Hex(kSecret, timestamp + "." + body);

  Status s = http::VerifyWebhookDelivery(kSecret, timestamp, signature, body, kNow);
  CheckRefusal("VerifyWebhookDelivery", s);
  if (!s.ok()) {
    if (s.code() != Status::Code::kUnauthenticated) Fail("a refused delivery is not 401", s);
    if (s.field() != "X-Safecity-Timestamp" && s.field() != "X-Safecity-Signature") Fail("the refusal names no header", s);
    return 0;
  }
  // Accepted: a time within the window, signed with this secret over this body.
  if (timestamp.empty() || timestamp.find_first_not_of("0123456789") != std::string::npos || timestamp.size() > 18)
    Fail("accepted a timestamp that is not a unix time: '" + timestamp + "'");
  const int64_t ts = std::stoll(timestamp);
  if (ts < kNow - http::kWebhookWindowSeconds || ts > kNow + http::kWebhookWindowSeconds)
    Fail("accepted a timestamp outside the window: " + timestamp);
  if (signature != http::WebhookSignature(kSecret, ts, body)) Fail("accepted a signature that is not the body's");
  if (http::VerifyWebhookDelivery(kOtherSecret, timestamp, signature, body, kNow).ok())
    Fail("a delivery signed with one key's secret verifies with another's");
  if (http::VerifyWebhookDelivery(kSecret, timestamp, signature, body + " ", kNow).ok())
    Fail("a signature verifies a body it was not made over");

  safecity::CommandEnvelope c;
  safecity::Json parsed;
  CheckRefusal("DecodeCommandBody (webhook)",
               http::DecodeCommandBody(body, {"delivery_id", "type", "stream", "data", "correlation_id"}, &c, &parsed));
  return 0;
}
