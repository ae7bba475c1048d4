// EventVersions: an event stored at an older schema version reaches its
// appliers raised, one version at a time, to the current one; a current
// event is passed through untouched; a newer one is refused.
#include "engine/event_versions.h"

#include <gtest/gtest.h>

namespace safecity {
namespace {

Json AddPhone(const Json& d) {
  Json v = d;
  v["phone"] = "";
  return v;
}
Json SplitName(const Json& d) {
  Json v = d;
  v["given"] = d.value("name", "");
  v.erase("name");
  return v;
}

EventEnvelope Stored(int version, Json data) {
  EventEnvelope e;
  e.id = "c1/1";
  e.stream = "unit-yanta";
  e.version = 4;
  e.type = "ContactChanged";
  e.schema_version = version;
  e.prev_hash = "prev";
  e.hash = "hash-as-stored";
  e.data = std::move(data);
  return e;
}

TEST(EventVersions, AnUnregisteredTypeIsAtVersionOneAndPassesThroughUncopied) {
  EventVersions v;
  EXPECT_EQ(v.Current("TaskAssigned"), 1);
  EventEnvelope e = Stored(1, Json{{"name", "张"}});
  e.type = "TaskAssigned";
  std::optional<EventEnvelope> scratch;
  auto got = v.AtCurrentVersion(e, &scratch);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.value(), &e);
  EXPECT_FALSE(scratch.has_value()) << "a current event costs no copy";
}

TEST(EventVersions, AnOlderEventIsRaisedStepByStepAndKeepsItsPlaceInTheChain) {
  EventVersions v;
  v.Add("ContactChanged", {&AddPhone, &SplitName});
  EXPECT_EQ(v.Current("ContactChanged"), 3);
  const EventEnvelope stored = Stored(1, Json{{"name", "张"}});
  std::optional<EventEnvelope> scratch;
  auto got = v.AtCurrentVersion(stored, &scratch);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  const EventEnvelope& raised = *got.value();
  EXPECT_EQ(raised.schema_version, 3);
  EXPECT_EQ(raised.data, (Json{{"given", "张"}, {"phone", ""}})) << "1 -> 2 -> 3, in that order";
  EXPECT_EQ(raised.hash, "hash-as-stored") << "the stream's chain is the stored one";
  EXPECT_EQ(raised.prev_hash, "prev");
  EXPECT_EQ(raised.version, 4);
  EXPECT_EQ(stored.data, (Json{{"name", "张"}})) << "the stored event is never rewritten";
  EXPECT_EQ(stored.schema_version, 1);

  // From the middle of the chain only the later steps run.
  std::optional<EventEnvelope> scratch2;
  auto from2 = v.AtCurrentVersion(Stored(2, Json{{"name", "李"}, {"phone", "029"}}), &scratch2);
  ASSERT_TRUE(from2.ok());
  EXPECT_EQ(from2.value()->data, (Json{{"given", "李"}, {"phone", "029"}}));
}

TEST(EventVersions, AVersionNewerThanThisBuildReadsIsRefusedNotGuessed) {
  EventVersions v;
  v.Add("ContactChanged", {&AddPhone});
  std::optional<EventEnvelope> scratch;
  auto got = v.AtCurrentVersion(Stored(3, Json::object()), &scratch);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Status::Code::kStorage);
  EXPECT_NE(got.status().message().find("unit-yanta@4 (ContactChanged)"), std::string::npos) << got.status().message();
  EXPECT_NE(got.status().message().find("schema version 3"), std::string::npos);
  EXPECT_NE(got.status().message().find("upgrade safecity"), std::string::npos);

  auto zero = v.AtCurrentVersion(Stored(0, Json::object()), &scratch);
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.status().message().find("damaged"), std::string::npos);
}

}  // namespace
}  // namespace safecity
