// Records of the commands topic as a node reads them: a command, or a
// rejection the node can write to the results topic whatever the bytes.
#include <gtest/gtest.h>

#include "connectors/kafka/records.h"
#include "engine/time_util.h"

namespace safecity::kafka {
namespace {

CommandEnvelope Sample() {
  CommandEnvelope c;
  c.id = "c-1";
  c.type = "task.acknowledge";
  c.stream = "task-XA-1";
  c.actor = Actor{"yanta", "unit"};
  c.issued_at = *ParseIsoMs("2023-03-01T09:00:00+08:00");
  c.data = Json{{"note", "收到"}};
  return c;
}

TEST(CommandRecord, AnEncodedCommandReadsBack) {
  KafkaRecord r = EncodeCommand(Sample());
  CommandRecord read = ReadCommandRecord(r.key, r.value, "c-1", "commands/0@7");
  ASSERT_TRUE(read.command.has_value()) << read.rejection.body.dump();
  EXPECT_EQ(CanonicalJson(ToJson(*read.command)), CanonicalJson(ToJson(Sample())));
}

TEST(CommandRecord, ARecordThatIsNoCommandIsRejectedUnderItsIdNamingTheField) {
  CommandRecord read = ReadCommandRecord("task-XA-1", "{not json", "c-9", "commands/0@7");
  ASSERT_FALSE(read.command.has_value());
  EXPECT_EQ(read.rejection.body["command_id"], "c-9");
  EXPECT_EQ(read.rejection.body["stream"], "task-XA-1");
  EXPECT_EQ(read.rejection.body["error"]["field"], "command");
  Json missing = ToJson(Sample());
  missing.erase("actor");
  read = ReadCommandRecord("task-XA-1", missing.dump(), "", "commands/0@7");
  EXPECT_EQ(read.rejection.body["command_id"], "commands/0@7") << "no command_id header: the record's place";
  EXPECT_EQ(read.rejection.body["error"]["field"], "actor");
}

// A key or command_id header that is not UTF-8 went into the rejection as it
// was, and writing that result (CanonicalJson) threw: the node stopped on a
// record anyone with access to the topic can send.
TEST(CommandRecord, BytesThatAreNotTextNeverReachTheResult) {
  const std::string bad = "task-\xff\xfe";
  CommandRecord read = ReadCommandRecord(bad, "\xff", "id-\xc3", "commands/2@41");
  ASSERT_FALSE(read.command.has_value());
  std::string written;
  ASSERT_NO_THROW(written = CanonicalJson(read.rejection.body));
  Json back = Json::parse(written);
  EXPECT_EQ(back["command_id"], "commands/2@41");
  EXPECT_EQ(back["stream"], "");
  EXPECT_EQ(back["status"], "rejected");
}

}  // namespace
}  // namespace safecity::kafka
