// replay_load: how fast `safecity replay --rebuild` rebuilds every read model,
// against the physical limit: raw iteration of the same events column family
// in the same run.
//
// It first builds a realistic log in DIR (unsynced, so that building is quick):
// the demo's whole Xi'an round (template, findings, hazards, verifications),
// then rectification tasks through their whole lifecycle (assign, acknowledge,
// plan, start, submit evidence; the verification the process manager requests,
// assigned and passed; the task accepted by that reaction, then closed) and a
// reported and confirmed hazard for every tenth task (whose rectification task
// the process manager opens), with every notification the reactions queue,
// until the log holds --events events. Then it iterates the events column
// family raw (keys and values, nothing decoded), then runs the rebuild that
// `replay --rebuild` runs (RebuildReadModels), and prints
//
//   replay: N events/s
//   peak resident memory during the rebuild: M MB
//   replay / raw = R            (the last line)
//
//   replay_load [--events N (1000000)] [--dir DIR (/tmp/safecity-replay)] [--keep]
// With --keep an existing DIR built by an earlier run with the same --events
// is reused (the log is not built again).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <rocksdb/db.h>

#include "cli/context.h"
#include "cli/demo.h"
#include "engine/engine.h"
#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/workflow.h"
#include "tests/bench/bench_command.h"
#include "tests/bench/bench_util.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Peak resident set size of this process since the last ResetPeakResident(), in kB.
long PeakResidentKb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}
void ResetPeakResident() { std::ofstream("/proc/self/clear_refs") << "5"; }

int Fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "replay_load: %s: %s\n", what.c_str(), s.ToString().c_str());
  return 3;
}

// Submits `cmds` from four threads (the engine groups concurrent commands),
// each stream's commands from one thread in their order; any refusal is a
// bug of the generator.
Status SubmitAll(Engine* e, const std::vector<CommandEnvelope>& cmds) {
  constexpr size_t kLanes = 4;
  std::vector<std::thread> threads;
  std::vector<Status> failed(kLanes);
  for (size_t t = 0; t < kLanes; ++t) {
    threads.emplace_back([&, t] {
      for (const CommandEnvelope& c : cmds) {
        if (std::hash<std::string>{}(c.stream) % kLanes != t) continue;
        CommandResult r = e->Submit(c);
        if (!r.status.ok() && failed[t].ok()) failed[t] = Status::Invalid(c.type, c.stream + ": " + r.status.ToString());
      }
    });
  }
  for (auto& th : threads) th.join();
  for (auto& s : failed)
    if (!s.ok()) return s;
  auto settled = e->Settle();
  return settled.ok() ? Status::Ok() : settled.status();
}

Status BuildLog(const std::string& data, int64_t target) {
  std::ostringstream demo_out, demo_err;
  cli::Globals g;
  if (int rc = cli::RunDemo(data, g, demo_out, demo_err); rc != 0)
    return Status::Storage("the demo failed (exit " + std::to_string(rc) + "): " + demo_err.str());
  EngineOptions o;
  o.domain = &DefaultDomain();
  o.data_dir = data;
  o.sync = false;
  auto opened = Engine::Open(o);
  if (!opened.ok()) return opened.status();
  Engine* e = opened.value().get();
  const std::vector<std::string> units = bench::EvaluatedUnitIds(e->store());
  if (units.empty()) return Status::Storage("the demo registered no units");
  const Actor office{"office", "office"};
  const char* at = "2023-05-06T09:00:00+08:00";
  auto cmd = [&](const std::string& id, const std::string& type, const std::string& stream, const Actor& a, Json d) {
    return bench::Command(id, type, stream, a, std::move(d), at);
  };
  constexpr int kTasksPerRound = 500;
  for (int round = 0; e->store()->LastPosition() < target; ++round) {
    std::vector<CommandEnvelope> open, verify, close;
    for (int k = 0; k < kTasksPerRound; ++k) {
      const int n = round * kTasksPerRound + k;
      const std::string task = "R" + std::to_string(n), s = "task-" + task;
      const Actor unit{units[static_cast<size_t>(n) % units.size()], "unit"};
      const Actor inspector{"第" + std::to_string(n % 3 + 1) + "抽查组", "inspector"};
      open.push_back(cmd("a" + task, "task.assign", s, office,
                         Json{{"task_id", task}, {"title", "城镇燃气安全隐患整改 " + task}, {"category", "燃气安全"},
                              {"lead_unit", unit.id}, {"deadline", "2023-12-31"}}));
      open.push_back(cmd("k" + task, "task.acknowledge", s, unit, Json{{"note", "已签收"}}));
      open.push_back(cmd("p" + task, "task.submit_plan", s, unit,
                         Json{{"plan", "排查辖区全部燃气管道并建立台账，明确责任人、措施和时间节点"}, {"planned_completion", "2023-11-30"}}));
      open.push_back(cmd("s" + task, "task.start", s, unit, Json::object()));
      open.push_back(cmd("e" + task, "task.submit", s, unit,
                         Json{{"evidence", Json::array({Json{{"name", task + "-整改报告.pdf"}, {"sha256", Sha256Hex(task)},
                                                             {"uri", "file:///evidence/" + task + ".pdf"}}})},
                              {"note", "整改完成，请核查"}}));
      const std::string v = "verification-" + task + "-1";
      verify.push_back(cmd("va" + task, "verification.assign", v, office, Json{{"inspector", inspector.id}}));
      verify.push_back(cmd("vp" + task, "verification.pass", v, inspector, Json{{"comment", "核查通过"}}));
      close.push_back(cmd("c" + task, "task.close", s, office, Json{{"note", "销号"}}));
      if (n % 10 == 0) {
        const std::string hz = "H" + std::to_string(n), hs = "hazard-" + hz;
        open.push_back(cmd("hr" + hz, "hazard.report", hs, unit,
                           Json{{"hazard_id", hz}, {"title", "老旧小区电动车楼道充电 " + hz}, {"source", "self_inspection"}, {"unit", unit.id}}));
        close.push_back(cmd("hc" + hz, "hazard.confirm", hs, office, Json{{"grade", "general"}, {"deadline", "2023-12-15"}}));
      }
    }
    for (auto* group : {&open, &verify, &close}) {
      Status s = SubmitAll(e, *group);
      if (!s.ok()) return s;
    }
    std::fprintf(stderr, "\rbuilding the log: %lld events", static_cast<long long>(e->store()->LastPosition()));
  }
  std::fprintf(stderr, "\n");
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  int64_t events = 1000000;
  std::string dir = "/tmp/safecity-replay";
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--keep")) keep = true;
    else if (i + 1 < argc && !std::strcmp(argv[i], "--events")) events = std::atoll(argv[++i]);
    else if (i + 1 < argc && !std::strcmp(argv[i], "--dir")) dir = argv[++i];
    else {
      std::fprintf(stderr, "usage: replay_load [--events N] [--dir DIR] [--keep]\n");
      return 2;
    }
  }
  const std::string data = dir + "/engine", stamp = dir + "/built-for";
  std::string built_for;
  std::ifstream(stamp) >> built_for;
  if (!keep || built_for != std::to_string(events)) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto t = Clock::now();
    Status s = BuildLog(data, events);
    if (!s.ok()) return Fail("building the log", s);
    std::ofstream(stamp) << events;
    std::printf("log built in %.1f s\n", Seconds(Clock::now() - t));
  }

  auto opened = Store::Open(data);
  if (!opened.ok()) return Fail("opening " + data, opened.status());
  Store* store = opened.value().get();
  const int64_t total = store->LastPosition();

  // The limit: every event's key and value read in log order, nothing decoded.
  // Run twice; the second (warm) run is the one compared, as the rebuild after
  // it finds the same pages cached.
  double raw_rate = 0;
  int64_t raw_bytes = 0;
  for (int pass = 0; pass < 2; ++pass) {
    auto t = Clock::now();
    int64_t n = 0, bytes = 0;
    std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(rocksdb::ReadOptions(), store->handle(Cf::kEvents)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++n;
      bytes += static_cast<int64_t>(it->key().size() + it->value().size());
    }
    raw_rate = static_cast<double>(n) / Seconds(Clock::now() - t);
    raw_bytes = bytes;
  }

  ResetPeakResident();
  const long resident_before = PeakResidentKb();
  auto t = Clock::now();
  auto report = RebuildReadModels(store, DefaultWorkflows());
  const double secs = Seconds(Clock::now() - t);
  if (!report.ok()) return Fail("rebuilding", report.status());
  if (report.value().differences.total != 0) {
    std::fprintf(stderr, "replay_load: the rebuild changed %lld records of a store the engine wrote itself\n",
                 static_cast<long long>(report.value().differences.total));
    return 1;
  }
  const double rate = static_cast<double>(report.value().events) / secs;
  std::printf("log: %lld events in %lld streams, %.0f bytes/event in the events column family\n",
              static_cast<long long>(total), static_cast<long long>(report.value().streams),
              static_cast<double>(raw_bytes) / static_cast<double>(std::max<int64_t>(1, total)));
  std::printf("raw iteration of the events column family: %.0f events/s\n", raw_rate);
  std::printf("rebuild of every read model: %lld events in %.2f s\n", static_cast<long long>(report.value().events), secs);
  std::printf("replay: %.0f events/s\n", rate);
  std::printf("peak resident memory during the rebuild: %.0f MB (%.0f MB before it)\n", PeakResidentKb() / 1024.0,
              resident_before / 1024.0);
  std::printf("replay / raw = %.3f\n", rate / raw_rate);
  return 0;
}
