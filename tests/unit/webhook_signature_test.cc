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

// Standard Webhooks: the signature its libraries compute. The first vector is
// the one the standard's own libraries test with; the second a safecity
// secret ("whsec_" + 64 hex digits, base64 of 48 bytes) and a Chinese body,
// as Python's `standardwebhooks` 1.3.0 signs them.
TEST(StandardWebhooks, TheSignatureIsTheOneTheStandardsLibrariesCompute) {
  EXPECT_EQ(StandardWebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                     R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  std::string hex;
  for (int i = 0; i < 32; ++i) hex += "ab";
  EXPECT_EQ(StandardWebhookSignature("whsec_" + hex, "n1", 1700000000, R"({"a":"雁塔"})"),
            "v1,q2meTkLyUfMh1fbU+hhU01qD6XI0ZNxT0q4LoV6zpoU=");
}

TEST(StandardWebhooks, AHeaderMatchesWhenOneOfItsSignaturesIsOurs) {
  const std::string good = StandardWebhookSignature(kSecret, "d-1", kNow, kBody);
  ASSERT_EQ(good.rfind("v1,", 0), 0u) << good;
  for (const std::string& header : {good, "v1,AAAA " + good, good + " v1a,xyz", "v1a,xyz " + good})
    EXPECT_TRUE(StandardWebhookSignatureMatches(kSecret, "d-1", kNow, kBody, header)) << header;
  for (const std::string& header : {std::string(), std::string("v1,"), good.substr(3), "v1," + good, good + "x", std::string("v1,AAAA"),
                                    StandardWebhookSignature(kSecret, "d-2", kNow, kBody),
                                    StandardWebhookSignature(kSecret, "d-1", kNow + 1, kBody),
                                    StandardWebhookSignature(kSecret, "d-1", kNow, kBody + " ")})
    EXPECT_FALSE(StandardWebhookSignatureMatches(kSecret, "d-1", kNow, kBody, header)) << header;
  // A secret that is not "whsec_" + base64 signs nothing, and nothing matches it.
  for (const std::string& secret : {std::string("secret"), std::string("whsec_"), std::string("whsec_abc")}) {
    EXPECT_EQ(StandardWebhookSignature(secret, "d-1", kNow, kBody), "") << secret;
    EXPECT_FALSE(StandardWebhookSignatureMatches(secret, "d-1", kNow, kBody, "v1,")) << secret;
  }
}

}  // namespace
}  // namespace safecity::http
