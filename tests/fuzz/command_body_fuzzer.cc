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
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <tuple>

#include "connectors/http/command_body.h"
#include "engine/engine.h"
#include "engine/envelope.h"
#include "engine/intake.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/utf8.h"
#include "engine/workflow.h"

namespace {

using safecity::CommandEnvelope;
using safecity::Json;
using safecity::Status;

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

[[noreturn]] void Fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "%s: code %s, field '%s', message '%s'\n", what.c_str(), s.code_name(), s.field().c_str(),
               s.message().c_str());
  std::abort();
}

// What the server does with a refusal: a problem document, dumped as JSON.
void CheckRefusal(const char* where, const Status& s) {
  if (s.ok()) return;
  if (!safecity::IsValidUtf8(s.ToString()))
    Fail(std::string(where) + ": the refusal is not UTF-8 text; its problem document cannot be written", s);
  if (s.code() == Status::Code::kInvalid && s.field().empty())
    Fail(std::string(where) + ": the refusal names no field", s);
  std::string doc = Json{{"detail", s.ToString()}, {"field", s.field()}}.dump();
  (void)doc;
}

void RemoveDataDir() {
  store.reset();
  std::error_code ec;
  std::filesystem::remove_all(data_dir, ec);
}

// Two units (one with an alias) so that CheckCommand's unit lookups can
// succeed as well as fail.
void SeedUnits() {
  safecity::EngineOptions opts;
  opts.data_dir = data_dir;
  opts.partitions = 1;
  opts.sync = false;
  auto engine = safecity::Engine::Open(opts);
  if (!engine.ok()) Fail("opening the engine", engine.status());
  int n = 0;
  for (const auto& [id, name, alias] : {std::tuple{"yanta", "雁塔区", "雁塔"}, {"beilin", "碑林区", "碑林"}}) {
    CommandEnvelope c;
    c.id = "fuzz-seed-" + std::to_string(++n);
    c.type = "unit.register";
    c.stream = std::string("unit-") + id;
    c.actor = {"office", "office"};
    c.issued_at = *safecity::ParseIsoMs("2023-01-01T00:00:00Z");
    c.data = Json{{"id", id}, {"name", name}, {"kind", "district"}, {"aliases", {alias}}};
    auto r = engine.value()->Submit(c);
    if (!r.status.ok()) Fail("registering a unit", r.status);
  }
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
  std::string tmpl = (std::filesystem::temp_directory_path() / "safecity-fuzz-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    std::perror("mkdtemp");
    std::abort();
  }
  data_dir = tmpl;
  SeedUnits();
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
