// libFuzzer target: a Kafka record as a node reads it from the commands
// topic (ReadCommandRecord, connectors/kafka/records.h) and from the events
// topic (DecodeEvent, connectors/kafka/cloudevents.h). Each input is both:
//
//   line 1               the record's key
//   lines up to a blank  headers, "name=value" (ce_id=..., command_id=...)
//   the rest             the record's value
//
// Nothing may throw or crash. A command record gives a command or a
// rejection that the node can write to the results topic (CanonicalJson),
// under an id. An event record gives a refusal naming the header or the
// data at fault, or an envelope that can be hashed and stored and that
// encodes to a record decoding to the same envelope.
// Run by tests/fuzz/run.sh (ctest label "fuzz").
#include <cstdint>
#include <exception>
#include <string>

#include "connectors/kafka/cloudevents.h"
#include "connectors/kafka/records.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using safecity::Json;
using safecity::Status;
using safecity::fuzz::CheckRefusal;
using safecity::fuzz::Fail;
namespace kafka = safecity::kafka;

struct Record {
  std::string key, value;
  kafka::Headers headers;
};

Record Parse(const std::string& text) {
  Record r;
  size_t at = 0;
  auto line = [&](std::string* out) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    *out = text.substr(at, end - at);
    at = end < text.size() ? end + 1 : end;
  };
  line(&r.key);
  for (std::string h; at < text.size();) {
    line(&h);
    if (h.empty()) break;
    size_t eq = h.find('=');
    r.headers.emplace_back(h.substr(0, eq), eq == std::string::npos ? "" : h.substr(eq + 1));
  }
  r.value = text.substr(at);
  return r;
}

// What a node does with a record it took: write it as JSON.
std::string Written(const char* what, const Json& j) {
  try {
    return safecity::CanonicalJson(j);
  } catch (const std::exception& e) {
    Fail(std::string(what) + " cannot be written as JSON: " + e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Record r = Parse(std::string(reinterpret_cast<const char*>(data), size));

  std::string command_id;  // the last one wins, as rd_kafka_header_get_last reads it
  for (const auto& [name, value] : r.headers)
    if (name == "command_id") command_id = value;
  kafka::CommandRecord cmd = kafka::ReadCommandRecord(r.key, r.value, command_id, "safecity.commands/0@0");
  if (cmd.command) {
    Written("the command", safecity::ToJson(*cmd.command));
  } else {
    CheckRefusal("ReadCommandRecord", cmd.rejection.status);
    if (cmd.rejection.status.ok()) Fail("a record without a command is not rejected");
    Json back = Json::parse(Written("the rejection", cmd.rejection.body));
    if (back.value("command_id", "").empty()) Fail("the rejection has no command id to answer under");
  }

  auto e = kafka::DecodeEvent(r.key, r.value, r.headers);
  CheckRefusal("DecodeEvent", e.status());
  if (!e.ok()) return 0;
  const std::string stored = Written("the event", safecity::ToJson(e.value()));
  (void)safecity::ComputeEventHash(e.value());
  kafka::KafkaRecord again = kafka::EncodeEvent(e.value());
  auto back = kafka::DecodeEvent(again.key, again.value, again.headers);
  if (!back.ok()) Fail("a decoded event, encoded again, does not decode", back.status());
  if (Written("the event decoded again", safecity::ToJson(back.value())) != stored)
    Fail("a decoded event, encoded again, decodes to another envelope:\n" + stored);
  return 0;
}
