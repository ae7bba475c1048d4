// http_load: the end-to-end load test of the HTTP API with signed inbound webhooks.
//
// In a fresh data directory it registers U units, assigns each T tasks with
// that unit as the lead and issues each unit a webhook key (webhook_key.issue,
// as `safecity webhook key issue` does, its secret derived from the master key
// <data>/webhook.key), lets the reactions settle, then starts the real
// ApiServer on 127.0.0.1 (any free port) over the embedded engine in this
// process. U client threads, one per unit, each with its own keep-alive
// httplib::Client, post signed actions to /v1/webhooks/inbound that walk each
// of the unit's tasks through acknowledge -> submit_plan -> start -> submit
// (with evidence); every answer must be 200. It prints commands/s, events/s
// and latency per request, and what the server's reactions still had to do.
//
// In the same run, on a second fresh directory set up the same way, the same
// command mix goes through Engine::Submit from U threads (as engine_load does),
// and then the raw limit: synced RocksDB WriteBatches carrying the same bytes
// in the same number of batches. It prints HTTP / in-process and in-process /
// raw. CPU seconds per command (process, and the client threads' own) show
// where the time goes.
//
//   http_load [--units U] [--tasks T] [--dir DIR] [--threads N]
//
// Exit code 1 when any request or command failed, 2 on bad arguments, 3 when
// the engine or the server did not start.
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <rocksdb/db.h>

#include "connectors/http/api_server.h"
#include "connectors/http/webhook_signature.h"
#include "engine/engine.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "tests/bench/bench_command.h"
#include "tests/bench/raw_rocksdb.h"
#include "tests/bench/unit_systems.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;
using bench::KeyId;
using bench::Percentiles;
using bench::Steps;
using bench::TaskId;
using bench::UnitId;

namespace {

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// The setup's commands carry fixed times: nothing the engine decides reads the wall clock.
const char* kSetupAt = "2026-11-01T09:00:00+08:00";
const char* kInProcessAt = "2026-11-02T09:00:00+08:00";

// Units, their tasks (assigned from U threads) and their webhook keys, then
// the reactions to all that, so that the measured run starts from a settled log.
bool SetUp(Engine* e, int units, int tasks, const std::string& master_key) {
  const Actor office{"office", "office"};
  std::atomic<int> failed{0};
  auto must = [&](CommandEnvelope c) {
    CommandResult r = e->Submit(std::move(c));
    if (!r.status.ok()) {
      if (failed.fetch_add(1) < 3) std::fprintf(stderr, "setup: %s\n", r.body.dump().c_str());
    }
  };
  for (int u = 0; u < units; ++u) {
    must(bench::Command("reg-" + UnitId(u), "unit.register", "unit-" + UnitId(u), office,
                        Json{{"id", UnitId(u)}, {"name", "压测单位" + std::to_string(u)}, {"kind", "district"}}, kSetupAt));
    // As `safecity webhook key issue --unit uN --id uN-sys`: only the secret's fingerprint is logged.
    must(bench::Command("whkey-" + KeyId(u), "webhook_key.issue", "whkey-" + KeyId(u), office,
                        Json{{"key_id", KeyId(u)}, {"unit", UnitId(u)}, {"fingerprint", Sha256Hex(http::DeriveInboundSecret(master_key, KeyId(u)))}},
                        kSetupAt));
  }
  std::vector<std::thread> threads;
  for (int u = 0; u < units; ++u)
    threads.emplace_back([&, u] {
      for (int t = 0; t < tasks; ++t)
        must(bench::Command("assign-" + TaskId(u, t), "task.assign", "task-" + TaskId(u, t), office,
                            Json{{"task_id", TaskId(u, t)}, {"title", "城镇燃气安全隐患整改"}, {"lead_unit", UnitId(u)}, {"deadline", "2031-04-15"}},
                            kSetupAt));
    });
  for (auto& t : threads) t.join();
  auto settled = e->Settle();
  if (!settled.ok()) {
    std::fprintf(stderr, "setup: reactions: %s\n", settled.status().ToString().c_str());
    return false;
  }
  return failed.load() == 0;
}

Result<std::unique_ptr<Engine>> OpenEngine(const std::string& dir) {
  EngineOptions o;
  o.domain = &DefaultDomain();
  o.data_dir = dir;
  o.create_if_missing = true;
  return Engine::Open(o);
}

// The value of an unlabelled sample in Prometheus text, e.g. "x_sum 1.5".
double Sample(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + " ", 0) == 0) return std::atof(line.c_str() + name.size() + 1);
  return 0;
}

struct RunFigures {
  int64_t commands = 0, failed = 0, events = 0;  // events: of the measured commands themselves
  double secs = 0, process_cpu = 0, client_cpu = 0;
  Percentiles latency;
  Store::CommitStats written;  // everything committed in the window (reactions included)
  double settle_secs = 0, settle_cpu = 0;
  int64_t settle_events = 0;  // written after the window until the reactions caught up
};

Store::CommitStats Minus(const Store::CommitStats& a, const Store::CommitStats& b) {
  return {a.groups - b.groups, a.events - b.events, a.bytes - b.bytes};
}

void PrintRun(const RunFigures& f) {
  const double n = static_cast<double>(std::max<int64_t>(1, f.commands));
  std::printf("  commands %lld (failed %lld) in %.2f s: %.0f commands/s, %.0f events/s (%lld events of the commands)\n",
              static_cast<long long>(f.commands), static_cast<long long>(f.failed), f.secs, static_cast<double>(f.commands) / f.secs,
              static_cast<double>(f.events) / f.secs, static_cast<long long>(f.events));
  std::printf("  written in the window: %lld events (reactions included) in %lld groups, %.1f events/group, %.0f bytes/event\n",
              static_cast<long long>(f.written.events), static_cast<long long>(f.written.groups),
              static_cast<double>(f.written.events) / static_cast<double>(std::max<int64_t>(1, f.written.groups)),
              static_cast<double>(f.written.bytes) / static_cast<double>(std::max<int64_t>(1, f.written.events)));
  std::printf("  latency ms per request: p50 %.2f  p99 %.2f  max %.2f  (mean %.2f)\n", f.latency.p50, f.latency.p99, f.latency.max,
              f.latency.mean);
  std::printf("  CPU per command: %.0f us in the process, of which %.0f us in the client threads\n", f.process_cpu / n * 1e6,
              f.client_cpu / n * 1e6);
  std::printf("  after the window, the reactions caught up in %.2f s: %lld more events, %.0f us CPU per command of the load\n",
              f.settle_secs, static_cast<long long>(f.settle_events), f.settle_cpu / n * 1e6);
  std::printf("  commands/s with their reactions caught up: %.0f\n", static_cast<double>(f.commands) / (f.secs + f.settle_secs));
}

// Settles what the reactions have left and times it. Settle is serialised:
// beside a server, it first waits for the settler's pass under way.
bool Drain(Engine* e, RunFigures* f) {
  const auto base = e->store()->commit_stats();
  const double cpu0 = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  const auto t0 = Clock::now();
  auto s = e->Settle();
  f->settle_secs = Seconds(Clock::now() - t0);
  f->settle_cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  f->settle_events = Minus(e->store()->commit_stats(), base).events;
  if (!s.ok()) {
    std::fprintf(stderr, "reactions: %s\n", s.status().ToString().c_str());
    return false;
  }
  return true;
}

// U client threads over HTTP: signed inbound webhooks, one keep-alive client each.
bool RunHttp(const std::string& dir, int units, int tasks, int threads, RunFigures* f) {
  std::filesystem::create_directories(dir);  // the master key lies beside the data, as with `safecity init`
  auto master = http::LoadOrCreateWebhookMasterKey(dir + "/webhook.key");
  if (!master.ok()) {
    std::fprintf(stderr, "%s\n", master.status().ToString().c_str());
    return false;
  }
  auto opened = OpenEngine(dir);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return false;
  }
  Engine* e = opened.value().get();
  if (!SetUp(e, units, tasks, master.value())) return false;

  http::ApiOptions api;
  api.host = "127.0.0.1";
  api.port = 0;
  api.threads = threads;
  api.tick_every_s = 0;  // no clock ticks in the measured window
  api.webhook_master_key = master.value();
  auto started = http::ApiServer::Start(e, api);
  if (!started.ok()) {
    std::fprintf(stderr, "%s\n", started.status().ToString().c_str());
    return false;
  }
  http::ApiServer* server = started.value().get();
  const int port = server->port();  // bound and listening: clients connect at once

  Store::CommitStats base;
  double cpu0 = 0;
  const bench::SystemsRun run = bench::RunUnitSystems({port}, master.value(), units, tasks, [&] {
    base = e->store()->commit_stats();
    cpu0 = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  });
  f->secs = run.secs;
  f->process_cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  f->client_cpu = run.client_cpu;
  f->written = Minus(e->store()->commit_stats(), base);
  f->commands = run.requests;
  f->failed = run.failed;
  f->events = run.events;
  f->latency = run.latency;
  const std::string metrics = server->metrics().Text();
  const double in_engine = Sample(metrics, "safecity_event_append_seconds_sum");
  const double submitted = Sample(metrics, "safecity_event_append_seconds_count");
  // What the server's settler did not get to during the window (Settle is serialised).
  bool ok = Drain(e, f);
  server->Stop();
  std::printf("HTTP (POST /v1/webhooks/inbound, signed; %d clients, keep-alive; %d server threads; %zu partitions)\n", units,
              threads, e->partitions());
  PrintRun(*f);
  if (submitted > 0)
    std::printf("  of a request's latency, Engine::Submit inside the server: mean %.2f ms of %.2f ms\n", in_engine / submitted * 1000.0,
                f->latency.mean);
  started.value().reset();
  opened.value().reset();
  return ok;
}

// The same mix through Engine::Submit from U threads, as engine_load does.
bool RunInProcess(const std::string& dir, int units, int tasks, RunFigures* f) {
  const std::string master_key(32, '\x5a');  // only fingerprints are logged; any key does here
  auto opened = OpenEngine(dir);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return false;
  }
  Engine* e = opened.value().get();
  if (!SetUp(e, units, tasks, master_key)) return false;
  std::vector<std::vector<double>> latencies(static_cast<size_t>(units));
  std::atomic<int64_t> failed{0}, events{0};
  const auto base = e->store()->commit_stats();
  const double cpu0 = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  const auto t0 = Clock::now();
  std::vector<std::thread> clients;
  for (int u = 0; u < units; ++u)
    clients.emplace_back([&, u] {
      const Actor unit{UnitId(u), "unit"};
      auto& lat = latencies[static_cast<size_t>(u)];
      lat.reserve(static_cast<size_t>(tasks) * 4);
      for (int t = 0; t < tasks; ++t) {
        const std::string task = TaskId(u, t);
        int step = 0;
        for (auto& s : Steps(task)) {
          auto cmd = bench::Command("ip-" + task + "-" + std::to_string(step++), s.type, "task-" + task, unit, std::move(s.data), kInProcessAt);
          const auto sent = Clock::now();
          CommandResult r = e->Submit(std::move(cmd));
          lat.push_back(Seconds(Clock::now() - sent) * 1000.0);
          if (!r.status.ok()) {
            if (failed.fetch_add(1) < 5) std::fprintf(stderr, "%s %s: %s\n", task.c_str(), s.type, r.body.dump().c_str());
            continue;
          }
          events += static_cast<int64_t>(r.body.value("events", Json::array()).size());
        }
      }
    });
  for (auto& c : clients) c.join();
  f->secs = Seconds(Clock::now() - t0);
  f->process_cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  f->written = Minus(e->store()->commit_stats(), base);
  f->commands = static_cast<int64_t>(units) * tasks * 4;
  f->failed = failed.load();
  f->events = events.load();
  f->latency = bench::Latencies(latencies);
  bool ok = Drain(e, f);
  std::printf("in-process (Engine::Submit, fsync per group commit; %d client threads; %zu partitions; no reactions in the window)\n",
              units, e->partitions());
  PrintRun(*f);
  opened.value().reset();
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  int units = 8, tasks = 0, threads = 8;
  std::string dir;
  for (int i = 1; i < argc; i += 2) {
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (value && !std::strcmp(argv[i], "--units")) units = std::atoi(value);
    else if (value && !std::strcmp(argv[i], "--tasks")) tasks = std::atoi(value);
    else if (value && !std::strcmp(argv[i], "--threads")) threads = std::atoi(value);
    else if (value && !std::strcmp(argv[i], "--dir")) dir = value;
    else {
      std::fprintf(stderr, "usage: http_load [--units U (8)] [--tasks T per unit (20000/4/U)] [--dir DIR (a temp dir)] "
                           "[--threads N server threads (8)]\n");
      return 2;
    }
  }
  if (tasks == 0) tasks = 20000 / 4 / std::max(1, units);  // about 20,000 commands in all
  if (units < 1 || units > 1000 || tasks < 1 || threads < 1 || threads > 256) {
    std::fprintf(stderr, "--units 1-1000, --tasks >= 1, --threads 1-256\n");
    return 2;
  }
  bool temp = dir.empty();
  if (temp) {
    std::string pattern = (std::filesystem::temp_directory_path() / "safecity-http-load-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::perror("mkdtemp");
      return 3;
    }
    dir = pattern;
  }
  const std::string http_dir = dir + "/http", inproc_dir = dir + "/inproc", raw_dir = dir + "/raw";
  for (const auto& d : {http_dir, inproc_dir, raw_dir}) std::filesystem::remove_all(d);
  std::filesystem::create_directories(dir);
  std::printf("%d units x %d tasks x 4 commands = %d commands; data in %s\n", units, tasks, units * tasks * 4, dir.c_str());

  RunFigures h, p;
  bool ok = RunHttp(http_dir, units, tasks, threads, &h);
  ok = RunInProcess(inproc_dir, units, tasks, &p) && ok;
  const double raw = p.written.groups > 0 ? bench::RawRocksDbBytesPerSecond(raw_dir, p.written.groups, p.written.bytes) : 0;
  std::printf("raw RocksDB synced batches, the in-process run's bytes in as many batches: %.1f MB/s\n", raw / 1e6);
  if (h.secs > 0 && p.secs > 0 && raw > 0) {
    const double http_rate = static_cast<double>(h.commands) / h.secs, inproc_rate = static_cast<double>(p.commands) / p.secs;
    std::printf("HTTP / in-process = %.2f (commands/s)\n", http_rate / inproc_rate);
    std::printf("in-process / raw = %.2f (bytes/s, as engine_load)\n", static_cast<double>(p.written.bytes) / p.secs / raw);
  }
  if (temp) std::filesystem::remove_all(dir);
  else
    for (const auto& d : {http_dir, inproc_dir, raw_dir}) std::filesystem::remove_all(d);
  const bool failed = h.failed > 0 || p.failed > 0 || !ok;
  if (failed) std::printf("FAILED: %lld HTTP requests, %lld in-process commands\n", static_cast<long long>(h.failed),
                          static_cast<long long>(p.failed));
  return failed ? 1 : 0;
}
