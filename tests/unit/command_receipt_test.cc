// The compact record of an accepted command: what a retry and a reused id are
// checked against for as long as the store lives.
#include <gtest/gtest.h>

#include "engine/command_receipt.h"

namespace safecity {
namespace {

TEST(CommandReceipt, RoundTripsWithAndWithoutAFingerprint) {
  CommandReceipt r{std::string(64, 'a'), 1234567890123, 3, {}};
  r.fingerprint.replace(0, 4, "0f9e");
  auto back = DecodeCommandReceipt(EncodeCommandReceipt(r));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value().fingerprint, r.fingerprint);
  EXPECT_EQ(back.value().first_position, r.first_position);
  EXPECT_EQ(back.value().events, 3);
  EXPECT_EQ(EncodeCommandReceipt(r).size(), 45u);

  CommandReceipt other_node{"", 7, 1, {}};
  EXPECT_EQ(EncodeCommandReceipt(other_node).size(), 13u);
  auto b = DecodeCommandReceipt(EncodeCommandReceipt(other_node));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b.value().fingerprint, "");
  EXPECT_EQ(b.value().first_position, 7);
}

TEST(CommandReceipt, DamagedBytesAreAStorageErrorNotACrash) {
  for (std::string bad : {std::string(), std::string("\x01\x00", 2), std::string(13, '\x02'), std::string("{not json")}) {
    auto r = DecodeCommandReceipt(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kStorage);
  }
}

TEST(CommandReceipt, TheOlderJsonFormKeepsItsBody) {
  Json body{{"command_id", "c1"}, {"command_sha256", std::string(64, 'b')}, {"status", "accepted"},
            {"stream", "task-T1"}, {"version", 2}, {"events", Json::array({Json{{"id", "c1/1"}, {"position", 9}}})}};
  auto r = DecodeCommandReceipt(CanonicalJson(body));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().fingerprint, std::string(64, 'b'));
  EXPECT_EQ(r.value().events, 1);
  EXPECT_EQ(r.value().legacy_body, body);
}

}  // namespace
}  // namespace safecity
