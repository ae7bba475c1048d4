// What the libFuzzer targets of tests/fuzz/ share: how a finding stops the
// run, what every refusal must be, and a data directory of two units.
//
// A refusal must be what a server or the CLI can show: a Status whose text
// goes into a problem document (valid UTF-8, or Json::dump throws) and, for
// invalid input, names the field at fault.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <tuple>

#include "engine/engine.h"
#include "engine/envelope.h"
#include "engine/status.h"
#include "engine/time_util.h"
#include "engine/utf8.h"
#include "workflows/registry.h"

namespace safecity::fuzz {

[[noreturn]] inline void Fail(const std::string& what, const Status& s = Status::Ok()) {
  std::fprintf(stderr, "%s: code %s, field '%s', message '%s'\n", what.c_str(), s.code_name(), s.field().c_str(),
               s.message().c_str());
  std::abort();
}

inline void CheckRefusal(const std::string& where, const Status& s) {
  if (s.ok()) return;
  if (!IsValidUtf8(s.ToString())) Fail(where + ": the refusal is not UTF-8 text; its problem document cannot be written", s);
  if (s.code() == Status::Code::kInvalid && s.field().empty()) Fail(where + ": the refusal names no field", s);
  std::string doc = Json{{"detail", s.ToString()}, {"field", s.field()}}.dump();
  (void)doc;
}

// A fresh directory under $TMPDIR (run.sh gives each target its own).
inline std::string MakeDataDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "safecity-fuzz-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    std::perror("mkdtemp");
    std::abort();
  }
  return tmpl;
}

// Registers units 雁塔区 (yanta) and 碑林区 (beilin), each with an alias, so
// that lookups of units can succeed as well as fail.
inline void RegisterTwoUnits(CommandGateway* engine) {
  int n = 0;
  for (const auto& [id, name, alias] : {std::tuple{"yanta", "雁塔区", "雁塔"}, {"beilin", "碑林区", "碑林"}}) {
    CommandEnvelope c;
    c.id = "fuzz-seed-" + std::to_string(++n);
    c.type = "unit.register";
    c.stream = std::string("unit-") + id;
    c.actor = {"office", "office"};
    c.issued_at = *ParseIsoMs("2023-01-01T00:00:00Z");
    c.data = Json{{"id", id}, {"name", name}, {"kind", "district"}, {"aliases", {alias}}};
    auto r = engine->Submit(c);
    if (!r.status.ok()) Fail("registering a unit", r.status);
  }
}

inline std::unique_ptr<Engine> OpenEngine(const std::string& dir) {
  EngineOptions opts;
  opts.domain = &DefaultDomain();
  opts.data_dir = dir;
  opts.partitions = 1;
  opts.sync = false;
  auto engine = Engine::Open(opts);
  if (!engine.ok()) Fail("opening the engine", engine.status());
  return std::move(engine.value());
}

}  // namespace safecity::fuzz
