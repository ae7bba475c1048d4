#include "engine/envelope.h"

#include <gtest/gtest.h>

#include "engine/aggregate.h"
#include "engine/json_workflow.h"
#include "engine/sha256.h"
#include "engine/time_util.h"
#include "engine/workflow.h"

namespace safecity {
namespace {

EventEnvelope Sample() {
  EventEnvelope e;
  e.id = "c1/1";
  e.stream = "task-XA-1";
  e.version = 1;
  e.type = "TaskAcknowledged";
  e.occurred_at = *ParseIsoMs("2023-03-02T09:00:00+08:00");
  e.actor = {"yanta", "unit"};
  e.correlation_id = "c1";
  e.causation_id = "c1";
  e.data = Json{{"note", "已签收"}};
  e.hash = ComputeEventHash(e);
  return e;
}

TEST(Envelope, CanonicalJsonSortsKeysAndKeepsUtf8) {
  Json j = Json::parse(R"({"b":1,"a":"雁塔区","c":{"z":1,"y":2}})");
  EXPECT_EQ(CanonicalJson(j), R"({"a":"雁塔区","b":1,"c":{"y":2,"z":1}})");
}

TEST(Envelope, HashCoversContentButNotPosition) {
  EventEnvelope e = Sample();
  std::string h = e.hash;
  e.position = 42;
  EXPECT_EQ(ComputeEventHash(e), h) << "the log position is outside the hash";
  e.data["note"] = "altered";
  EXPECT_NE(ComputeEventHash(e), h);
  e = Sample();
  e.prev_hash = std::string(64, 'a');
  EXPECT_NE(ComputeEventHash(e), h) << "the chain link is inside the hash";
}

// The stored bytes and the hash are written field by field (one
// serialisation per event); they must stay exactly what the JSON tree gives,
// or every hash chain and checksum written before would stop verifying.
TEST(Envelope, TheEventWrittenFieldByFieldIsTheCanonicalJsonOfTheTree) {
  std::vector<EventEnvelope> events;
  events.push_back(Sample());
  EventEnvelope odd = Sample();
  odd.id = "q\"uote\\back/slash\n\t\u0001";
  odd.stream = "task-雁塔-1";
  odd.actor = {"", "office"};
  odd.correlation_id = "";
  odd.prev_hash = std::string(64, 'f');
  odd.version = 9007199254740993;
  odd.schema_version = 2;
  odd.occurred_at = 0;
  odd.data = Json{{"z", Json::array({1, -2, Json::object(), Json::array(), nullptr, true, "ü\u007f"})},
                  {"a", Json{{"nested", Json{{"k", "v"}}}}},
                  {"n", -9223372036854775807LL},
                  {"u", 18446744073709551615ULL}};
  events.push_back(odd);
  EventEnvelope empty_data = Sample();
  empty_data.data = Json::object();
  events.push_back(empty_data);
  for (EventEnvelope e : events) {
    Json hashed = ToJson(e);
    hashed.erase("hash");
    hashed.erase("position");
    EXPECT_EQ(ComputeEventHash(e), Sha256Hex(CanonicalJson(hashed))) << e.id;
    SealEvent(&e);
    EXPECT_EQ(e.hash, Sha256Hex(CanonicalJson(hashed))) << e.id;
    e.position = 123456789;
    EXPECT_EQ(StoredEventJson(e), CanonicalJson(ToJson(e))) << e.id;
    EventEnvelope unsealed = e;
    unsealed.sealed.reset();
    EXPECT_EQ(StoredEventJson(unsealed), CanonicalJson(ToJson(e))) << e.id;
  }
  EventEnvelope bad = Sample();
  bad.data["note"] = std::string("\xff");
  EXPECT_THROW(SealEvent(&bad), Json::exception) << "text that is not UTF-8 is refused, as CanonicalJson refuses it";
}

TEST(Envelope, EventRoundTripsThroughJson) {
  EventEnvelope e = Sample();
  e.position = 7;
  auto back = EventFromJson(Json::parse(CanonicalJson(ToJson(e))));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(CanonicalJson(ToJson(back.value())), CanonicalJson(ToJson(e)));
  EXPECT_EQ(ComputeEventHash(back.value()), e.hash);
}

TEST(Envelope, CommandDecoderNamesTheMissingOrWrongField) {
  Json j{{"id", "c1"}, {"type", "task.start"}, {"stream", "task-1"}, {"issued_at", "2023-03-01T00:00:00Z"},
         {"actor", {{"id", "yanta"}, {"role", "unit"}}}, {"data", Json::object()}};
  ASSERT_TRUE(CommandFromJson(j).ok());
  Json missing = j;
  missing.erase("stream");
  EXPECT_EQ(CommandFromJson(missing).status().field(), "stream");
  Json wrong = j;
  wrong["actor"]["role"] = 5;
  EXPECT_EQ(CommandFromJson(wrong).status().field(), "actor.role");
  Json badtime = j;
  badtime["issued_at"] = "yesterday";
  EXPECT_EQ(CommandFromJson(badtime).status().field(), "issued_at");
  EXPECT_FALSE(CommandFromJson(Json::array()).ok());
}

TEST(Envelope, StreamKindIsThePrefix) {
  EXPECT_EQ(StreamKind("task-XA-2023-001"), "task");
  EXPECT_EQ(StreamKind("unit-yanta"), "unit");
}

}  // namespace
}  // namespace safecity

namespace safecity {
namespace {

// A snapshot is the canonical JSON of the aggregate: the same bytes whether
// it is built as one object or written around the state's serialisation.
// A workflow whose state is any JSON object: the snapshot's encoding, apart
// from what a typed state's JSON form adds.
class AnyJsonWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "any"; }
  std::vector<std::string> command_types() const override { return {}; }
  Status Prepare(CommandEnvelope*, ReadModelReader&) const override { return Status::Ok(); }
  Decision Decide(const Json&, const CommandEnvelope&) const override { return Decision::Reject(Status::Refused("none")); }
  Json Apply(const Json& state, const EventEnvelope&) const override { return state; }
  void Project(const Json&, const Json&, const EventEnvelope&, ReadModelWriter&) const override {}
};

TEST(AggregateSnapshot, IsTheCanonicalJsonOfVersionHashAndState) {
  const AnyJsonWorkflow any;
  for (const Json& state : {Json(nullptr), Json::object(),
                            Json{{"task_id", "XA-1"}, {"title", "燃气\"管线\"\n整改"}, {"returns", 2},
                                 {"evidence", Json::array({Json{{"name", "报告.pdf"}, {"size_bytes", nullptr}}})}}}) {
    for (int64_t version : {int64_t{1}, int64_t{16}, int64_t{9007199254740993}}) {
      Aggregate a;
      a.version = version;
      a.last_hash = "ab12";
      if (!state.is_null()) a.state = any.StateFromJson(state);
      EXPECT_EQ(EncodeAggregate(a), CanonicalJson(Json{{"version", version}, {"last_hash", "ab12"}, {"state", state}}));
      auto back = DecodeAggregate(any, EncodeAggregate(a));
      ASSERT_TRUE(back.ok());
      EXPECT_EQ(back.value().version, version);
      EXPECT_EQ(back.value().StateJson(), state);
    }
  }
}

}  // namespace
}  // namespace safecity
