// The checks of an inbound webhook's headers that need no store: a delivery
// signed within the window verifies, anything else is refused naming the header.
#include "connectors/http/webhook_signature.h"

#include <gtest/gtest.h>

namespace safecity::http {
namespace {

const std::string kSecret = "whsec_" + std::string(64, 'a');
const std::string kBody = R"({"delivery_id":"d-1","type":"task.acknowledge","stream":"task-T1","data":{}})";
constexpr int64_t kNow = 1700000000;

Status Verify(const std::string& ts, const std::string& signature, const std::string& body = kBody) {
  return VerifyWebhookDelivery(kSecret, ts, signature, body, kNow);
}

TEST(WebhookDelivery, SignedWithinTheWindowVerifies) {
  for (int64_t at : {kNow, kNow - kWebhookWindowSeconds, kNow + kWebhookWindowSeconds}) {
    Status s = Verify(std::to_string(at), WebhookSignature(kSecret, at, kBody));
    EXPECT_TRUE(s.ok()) << at << ": " << s.ToString();
  }
}

TEST(WebhookDelivery, OutsideTheWindowIsRefusedNamingTheTimestamp) {
  for (int64_t at : {kNow - kWebhookWindowSeconds - 1, kNow + kWebhookWindowSeconds + 1}) {
    Status s = Verify(std::to_string(at), WebhookSignature(kSecret, at, kBody));
    EXPECT_EQ(s.code(), Status::Code::kUnauthenticated) << at;
    EXPECT_EQ(s.field(), "X-Safecity-Timestamp") << at;
    EXPECT_NE(s.message().find("301 s from the server's clock"), std::string::npos) << s.message();
  }
}

// Issue 14 item 13: -9223372036854775808 overflowed the server's clock
// subtraction (UBSan). No header text may overflow, and none but digits is a time.
TEST(WebhookDelivery, ATimestampThatIsNotDigitsOrTooLongIsRefusedWithoutOverflow) {
  for (const std::string ts : {"-9223372036854775808", "9223372036854775807", "99999999999999999999", "1000000000000000000",
                               "-1700000000", "+1700000000", " 1700000000", "1700000000 ", "17e8", "0x6553f100", "", "-"}) {
    Status s = Verify(ts, "sha256=" + HmacSha256Hex(kSecret, ts + "." + kBody));
    EXPECT_EQ(s.code(), Status::Code::kUnauthenticated) << ts;
    EXPECT_EQ(s.field(), "X-Safecity-Timestamp") << ts;
  }
}

TEST(WebhookDelivery, AnotherBodyOrSecretOrNoSignatureIsRefusedNamingTheSignature) {
  const std::string ts = std::to_string(kNow);
  const std::string good = WebhookSignature(kSecret, kNow, kBody);
  for (const Status& s : {Verify(ts, good, kBody + " "), Verify(ts, WebhookSignature(kSecret + "b", kNow, kBody)),
                          Verify(ts, ""), Verify(ts, good.substr(7)), Verify(ts, good + "0")}) {
    EXPECT_EQ(s.code(), Status::Code::kUnauthenticated);
    EXPECT_EQ(s.field(), "X-Safecity-Signature");
  }
}

}  // namespace
}  // namespace safecity::http
