// libFuzzer target: bytes as the campaign tables the office imports
// (workflows/imports/imports.h), each input read as every one of them:
//
//   units.csv           ImportUnits
//   scoring_sheet.csv   ImportSheet
//   tasks.csv           ImportTasks, a task breakdown table, with the Gongshu
//                       groups file, and again with a default deadline
//   groups.csv          ImportTasks of a one-row table whose cooperating
//                       units are a group the input must define
//
// on a store that knows the 39 Gongshu units (workflows/templates/gongshu),
// imported as of 2018-07-01. Every row is checked by the engine's intake
// (schema, names), but nothing is written: the gateway checks and answers
// without submitting, so the store stays as it was and each input is read
// against the same units.
//
// Nothing may throw or crash, and every refusal must be one line the CLI can
// print that points at the file: its field or message names the file (and
// line and column) the error is in.
// Run by tests/fuzz/run.sh (ctest label "fuzz").
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "workflows/imports/imports.h"
#include "engine/command_gateway.h"
#include "engine/intake.h"
#include "engine/store.h"
#include "engine/workflow.h"
#include "tests/fuzz/fuzz_util.h"
#include "workflows/registry.h"

namespace {

using safecity::CommandEnvelope;
using safecity::CommandResult;
using safecity::Json;
using safecity::Status;
using safecity::fuzz::CheckRefusal;
using safecity::fuzz::Fail;

// Checks every command as the engine's intake would (CheckCommand), and
// writes none. No engine runs while fuzzing: its actor system is stopped
// once the units are in (stopping it from an exit handler crashes in CAF).
class CheckOnlyGateway final : public safecity::CommandGateway {
 public:
  explicit CheckOnlyGateway(safecity::Store* store) : store_(store) {}
  Status Check(CommandEnvelope* c) override { return safecity::CheckCommand(store_, safecity::DefaultWorkflows(), c); }
  CommandResult Submit(CommandEnvelope c) override {
    Status s = Check(&c);
    if (!s.ok()) return safecity::Rejection(c.id, c.stream, s);
    return {Status::Ok(), Json{{"command_id", c.id}, {"status", "accepted"}, {"stream", c.stream}}};
  }
  safecity::Result<safecity::SettleReport> Settle() override { return safecity::SettleReport{}; }
  safecity::Store* store() override { return store_; }

 private:
  safecity::Store* store_;
};

std::string data_dir;
std::unique_ptr<safecity::Store> store;
std::unique_ptr<CheckOnlyGateway> gateway;
std::string gongshu_groups;
const safecity::Actor kOffice{"office", "office"};
int64_t import_at = 0;

const char* const kGroupsTable =
    "项目,序号,工作要点,任务清单,牵头单位,配合单位,完成时限\n"
    "一、源头治理,1,落实规划,（1）制定综合防灾减灾规划。,区安委办,各街道（园区）,2018年12月\n";

void RemoveDataDir() {
  gateway.reset();
  store.reset();
  std::error_code ec;
  std::filesystem::remove_all(data_dir, ec);
}

std::string ReadTemplate(const std::string& name) {
  const std::string path = std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/gongshu/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A refusal names the file it is about, as "<file>:<line>:<column> (<field>)".
// SAFECITY_FUZZ_VERBOSE=1 prints each reader's answer: whether a corpus
// input gets past the checks it was written for.
void CheckImport(const char* what, const std::string& file, const safecity::Result<safecity::imports::ImportReport>& r) {
  static const bool verbose = std::getenv("SAFECITY_FUZZ_VERBOSE") != nullptr;
  if (verbose)
    std::fprintf(stderr, "%s: %s\n", what, r.ok() ? ("ok, " + std::to_string(r.value().rows) + " rows").c_str() : r.status().ToString().c_str());
  CheckRefusal(what, r.status());
  if (r.ok()) return;
  if (r.status().ToString().find(file) == std::string::npos) Fail(std::string(what) + ": the refusal does not name " + file, r.status());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  data_dir = safecity::fuzz::MakeDataDir();
  import_at = *safecity::ParseIsoMs("2018-07-01");
  auto units = safecity::imports::ImportUnits(safecity::fuzz::OpenEngine(data_dir).get(), "units.csv", ReadTemplate("units.csv"),
                                          kOffice, import_at);
  if (!units.ok()) Fail("importing the Gongshu units", units.status());
  gongshu_groups = ReadTemplate("groups.csv");
  auto opened = safecity::Store::Open(data_dir);
  if (!opened.ok()) Fail("opening the store", opened.status());
  store = std::move(opened.value());
  gateway = std::make_unique<CheckOnlyGateway>(store.get());
  // After the open: runs before the exit handlers of RocksDB's statics.
  std::atexit(RemoveDataDir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace safecity::imports;
  const std::string text(reinterpret_cast<const char*>(data), size);
  CheckImport("ImportUnits", "units.csv", ImportUnits(gateway.get(), "units.csv", text, kOffice, import_at));
  CheckImport("ImportSheet", "scoring_sheet.csv",
              ImportSheet(gateway.get(), "scoring_sheet.csv", text, {"fz", "2023", "评价细则"}, kOffice, import_at));

  TaskImportOptions tasks;
  tasks.prefix = "fz";
  tasks.groups_file = "groups.csv";
  tasks.groups_text = gongshu_groups;
  CheckImport("ImportTasks", "tasks.csv", ImportTasks(gateway.get(), "tasks.csv", text, tasks, kOffice, import_at));
  tasks.default_deadline = "2020-12-31";
  CheckImport("ImportTasks (--default-deadline)", "tasks.csv",
              ImportTasks(gateway.get(), "tasks.csv", text, tasks, kOffice, import_at));

  TaskImportOptions groups;
  groups.prefix = "fg";
  groups.groups_file = "groups.csv";
  groups.groups_text = text;
  auto r = ImportTasks(gateway.get(), "tasks.csv", kGroupsTable, groups, kOffice, import_at);
  CheckRefusal("ImportTasks (groups)", r.status());
  if (!r.ok() && r.status().ToString().find("groups.csv") == std::string::npos &&
      r.status().ToString().find("tasks.csv") == std::string::npos)
    Fail("ImportTasks (groups): the refusal names neither file", r.status());
  return 0;
}
