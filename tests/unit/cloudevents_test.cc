// Events as CloudEvents on Kafka: what goes out comes back byte for byte.
#include "connectors/kafka/cloudevents.h"

#include <gtest/gtest.h>

namespace safecity::kafka {
namespace {

EventEnvelope Sample() {
  EventEnvelope e;
  e.id = "c-1/1";
  e.stream = "task-XA-1";
  e.version = 3;
  e.type = "TaskAssigned";
  e.occurred_at = 1677632400123;
  e.actor = Actor{"office", "office"};
  e.correlation_id = "corr";
  e.causation_id = "c-1";
  e.prev_hash = std::string(64, 'a');
  e.data = Json{{"task_id", "XA-1"}, {"title", "整改消防通道"}, {"points_x100", 250}};
  e.hash = ComputeEventHash(e);
  return e;
}

TEST(CloudEvents, BinaryModeHeadersAndJsonData) {
  KafkaRecord r = EncodeEvent(Sample());
  EXPECT_EQ(r.key, "task-XA-1");
  EXPECT_EQ(Json::parse(r.value)["title"], "整改消防通道");
  Headers want{{"ce_specversion", "1.0"}, {"ce_type", "safecity.TaskAssigned"}, {"ce_source", "/safecity/task"},
               {"ce_subject", "task-XA-1"}, {"ce_time", "2023-03-01T01:00:00.123Z"}, {"content-type", "application/json"}};
  for (const auto& h : want) EXPECT_NE(std::find(r.headers.begin(), r.headers.end(), h), r.headers.end()) << h.first;
}

TEST(CloudEvents, DecodingGivesBackTheEnvelopeAndItsHashStillVerifies) {
  EventEnvelope e = Sample();
  KafkaRecord r = EncodeEvent(e);
  auto back = DecodeEvent(r.key, r.value, r.headers);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(CanonicalJson(ToJson(back.value())), CanonicalJson(ToJson(e)));
  EXPECT_EQ(ComputeEventHash(back.value()), e.hash);
}

TEST(CloudEvents, AForeignOrDamagedRecordNamesTheHeader) {
  KafkaRecord r = EncodeEvent(Sample());
  Headers missing;
  for (const auto& h : r.headers)
    if (h.first != "ce_hash") missing.push_back(h);
  auto a = DecodeEvent(r.key, r.value, missing);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().field(), "ce_hash");
  Headers bad = r.headers;
  for (auto& h : bad)
    if (h.first == "ce_streamversion") h.second = "three";
  EXPECT_EQ(DecodeEvent(r.key, r.value, bad).status().field(), "ce_streamversion");
  EXPECT_EQ(DecodeEvent("task-other", r.value, r.headers).status().field(), "ce_subject");
  EXPECT_EQ(DecodeEvent(r.key, "{not json", r.headers).status().field(), "data");
}

// A header that is not UTF-8 was decoded into the envelope, which could then
// be neither hashed nor stored (CanonicalJson throws): the follower stopped.
TEST(CloudEvents, AHeaderThatIsNotTextIsRefusedByName) {
  KafkaRecord r = EncodeEvent(Sample());
  for (const char* name : {"ce_id", "ce_actorid", "ce_hash", "ce_subject"}) {
    Headers bad = r.headers;
    for (auto& h : bad)
      if (h.first == name) h.second += "\xff";
    auto e = DecodeEvent(std::string(name) == "ce_subject" ? r.key + "\xff" : r.key, r.value, bad);
    ASSERT_FALSE(e.ok()) << name;
    EXPECT_EQ(e.status().field(), name);
  }
}

}  // namespace
}  // namespace safecity::kafka
