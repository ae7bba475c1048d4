// libFuzzer target: bytes as the body of POST /v1/commands/{type} and
// POST /v1/webhooks/inbound, and as a Kafka command or event record.
//
//   DecodeCommandBody with both endpoints' field sets; when it succeeds, the
//   engine's whole intake check, CheckCommand (JSON Schema, UTF-8, stream kind,
//   the workflow's Prepare against the read models), acting as the office on a
//   store that knows two units; and CommandFromJson / EventFromJson of the
//   parsed bytes.
//
// Nothing may throw or crash, and every refusal must be what the server can
// send: a Status whose text goes into a problem document (valid UTF-8, or
// Json::dump throws) and names the field at fault when the input is invalid.
// Run by tests/fuzz/run.sh (ctest label "fuzz").
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>

#include "connectors/http/command_body.h"
#include "engine/intake.h"
#include "engine/store.h"
#include "engine/workflow.h"
#include "tests/fuzz/fuzz_util.h"
#include "workflows/registry.h"

namespace {

using safecity::CommandEnvelope;
using safecity::Json;
using safecity::Status;
using safecity::fuzz::CheckRefusal;
using safecity::fuzz::Fail;

// POST /v1/commands/{type} takes the type from the path, not the body: the
// body's first byte picks one (a JSON body may start with white space).
const char* TypeFor(uint8_t first) {
  switch (first) {
    case ' ': return "task.submit";
    case '\t': return "hazard.report";
    case '\n': return "task.request_extension";
    case '\r': return "campaign.create";
    default: return "task.assign";
  }
}

std::string data_dir;
std::unique_ptr<safecity::Store> store;

void RemoveDataDir() {
  store.reset();
  std::error_code ec;
  std::filesystem::remove_all(data_dir, ec);
}

void Check(const std::string& text, std::initializer_list<const char*> allowed, const char* where, uint8_t first) {
  CommandEnvelope c;
  Json parsed;
  Status s = safecity::http::DecodeCommandBody(text, allowed, &c, &parsed);
  CheckRefusal(where, s);
  if (!s.ok()) return;
  if (!c.data.is_object() || !parsed.is_object()) Fail("decoded data is not an object", s);
  c.id = "fuzz-1";
  c.actor = {"office", "office"};
  c.issued_at = *safecity::ParseIsoMs("2023-03-01T09:00:00+08:00");
  if (c.type.empty()) c.type = TypeFor(first);
  CheckRefusal("CheckCommand", safecity::CheckCommand(store.get(), safecity::DefaultWorkflows(), &c));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  data_dir = safecity::fuzz::MakeDataDir();
  safecity::fuzz::RegisterTwoUnits(safecity::fuzz::OpenEngine(data_dir).get());
  auto opened = safecity::Store::Open(data_dir);
  if (!opened.ok()) Fail("opening the store", opened.status());
  store = std::move(opened.value());
  // After the open: runs before the exit handlers of RocksDB's statics.
  std::atexit(RemoveDataDir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const uint8_t first = size > 0 ? data[0] : 0;
  Check(text, {"stream", "data", "correlation_id"}, "DecodeCommandBody (command)", first);
  Check(text, {"delivery_id", "type", "stream", "data", "correlation_id"}, "DecodeCommandBody (webhook)", first);

  // The Kafka connector's decoders of command and event records.
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_discarded()) {
    auto c = safecity::CommandFromJson(j);
    CheckRefusal("CommandFromJson", c.status());
    auto e = safecity::EventFromJson(j);
    CheckRefusal("EventFromJson", e.status());
  }
  return 0;
}
