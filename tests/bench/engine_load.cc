// engine_load: the end-to-end load generator for the embedded engine.
//
// C client threads submit rectification commands (assign, then acknowledge,
// plan, start, submit ...) through Engine::Submit with fsync per group commit,
// and the run prints events/s and command latency p50/p99; then it sends half
// as many commands again, paced at half of the rate just reached, and prints
// their latency (what a user sees short of saturation). In the same run it
// measures the physical limit: raw RocksDB synced WriteBatches carrying the
// same bytes in the same number of batches, and prints the ratio.
//
//   engine_load [--clients C] [--commands N] [--partitions P] [--dir DIR]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <rocksdb/db.h>

#include "engine/engine.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "tests/bench/bench_command.h"
#include "tests/bench/raw_rocksdb.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  int clients = 64, commands = 20000;
  size_t partitions = 0;
  std::string dir = "/tmp/safecity-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--clients")) clients = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--commands")) commands = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--partitions")) partitions = static_cast<size_t>(std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  EngineOptions o;
  o.domain = &DefaultDomain();
  o.data_dir = dir + "/engine";
  o.partitions = partitions;
  auto opened = Engine::Open(o);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return 3;
  }
  Engine* e = opened.value().get();
  auto unit = bench::Command("unit", "unit.register", "unit-yanta", {"office", "office"},
                             Json{{"id", "yanta"}, {"name", "雁塔区"}, {"kind", "district"}});
  e->Submit(unit);
  const auto base = e->store()->commit_stats();

  // A task's whole life up to its submission: five commands in order.
  auto task_commands = [](const std::string& task) {
    const Actor office{"office", "office"}, yanta{"yanta", "unit"};
    return std::vector<CommandEnvelope>{
        bench::Command("a" + task, "task.assign", "task-" + task, office,
                       Json{{"task_id", task}, {"title", "城镇燃气安全隐患整改"}, {"lead_unit", "yanta"}, {"deadline", "2023-04-15"}}),
        bench::Command("k" + task, "task.acknowledge", "task-" + task, yanta, Json{{"note", "已签收"}}),
        bench::Command("p" + task, "task.submit_plan", "task-" + task, yanta, Json{{"plan", "排查辖区全部燃气管道并建立台账"}}),
        bench::Command("s" + task, "task.start", "task-" + task, yanta, Json::object()),
        bench::Command("e" + task, "task.submit", "task-" + task, yanta,
                       Json{{"evidence", Json::array({Json{{"name", "report.pdf"}, {"sha256", Sha256Hex(task)}, {"uri", "file:///r.pdf"}}})}})};
  };

  std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
  std::atomic<int> next{0}, failed{0};
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      for (;;) {
        int i = next.fetch_add(5);
        if (i >= commands) break;
        for (auto& cmd : task_commands("B" + std::to_string(i))) {
          auto s = Clock::now();
          if (!e->Submit(cmd).status.ok()) ++failed;
          latencies[static_cast<size_t>(c)].push_back(Seconds(Clock::now() - s) * 1000.0);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double secs = Seconds(Clock::now() - t0);
  auto stats = e->store()->commit_stats();
  int64_t groups = stats.groups - base.groups, events = stats.events - base.events, bytes = stats.bytes - base.bytes;
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[static_cast<size_t>(p * static_cast<double>(all.size() - 1))]; };

  // The same commands again at half of the rate just measured, paced on a
  // fixed schedule: the latency a user sees when the engine is not saturated.
  const double half_rate = static_cast<double>(commands) / secs / 2.0;
  const int paced = std::max(5, commands / 2);
  std::vector<std::vector<double>> paced_latencies(static_cast<size_t>(clients));
  next = 0;
  const auto p0 = Clock::now();
  threads.clear();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      for (;;) {
        int i = next.fetch_add(5);
        if (i >= paced) break;
        int k = i;
        for (auto& cmd : task_commands("H" + std::to_string(i))) {
          std::this_thread::sleep_until(p0 + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(static_cast<double>(k++) / half_rate)));
          auto s = Clock::now();
          if (!e->Submit(cmd).status.ok()) ++failed;
          paced_latencies[static_cast<size_t>(c)].push_back(Seconds(Clock::now() - s) * 1000.0);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<double> at_half;
  for (auto& l : paced_latencies) at_half.insert(at_half.end(), l.begin(), l.end());
  std::sort(at_half.begin(), at_half.end());
  auto half_pct = [&](double p) {
    return at_half.empty() ? 0.0 : at_half[static_cast<size_t>(p * static_cast<double>(at_half.size() - 1))];
  };
  // Where the bytes go: what each column family holds per event at the end
  // (live records, after any index entry moved or counter merged away).
  std::string by_family;
  const std::pair<Cf, const char*> families[] = {{Cf::kEvents, "events"},         {Cf::kStreamIndex, "stream_index"},
                                                 {Cf::kAggregates, "aggregates"}, {Cf::kCommands, "commands"},
                                                 {Cf::kReadModels, "readmodels"}, {Cf::kMeta, "meta"}};
  const double all_events = static_cast<double>(std::max<int64_t>(1, e->store()->LastPosition()));
  for (const auto& [cf, name] : families) {
    double live = 0;
    e->store()->Scan(cf, "", [&](const std::string& k, const std::string& v) {
      live += static_cast<double>(k.size() + v.size());
      return true;
    });
    by_family += std::string(by_family.empty() ? "" : ", ") + name + " " + std::to_string(static_cast<long>(live / all_events));
  }
  opened.value().reset();

  double raw = bench::RawRocksDbBytesPerSecond(dir + "/raw", groups, bytes);
  double engine_bps = static_cast<double>(bytes) / secs;
  std::printf("engine (embedded, fsync per group): %d clients, %zu partitions\n", clients,
              partitions ? partitions : std::max(1u, std::thread::hardware_concurrency()));
  std::printf("  commands %zu (failed %d), events %lld in %.2f s: %.0f events/s\n", all.size(), failed.load(),
              static_cast<long long>(events), secs, static_cast<double>(events) / secs);
  std::printf("  groups %lld, %.1f events/group, %.0f bytes/event written\n", static_cast<long long>(groups),
              static_cast<double>(events) / static_cast<double>(std::max<int64_t>(1, groups)),
              static_cast<double>(bytes) / static_cast<double>(std::max<int64_t>(1, events)));
  std::printf("  stored bytes/event by family: %s\n", by_family.c_str());
  std::printf("  latency ms: p50 %.2f  p99 %.2f  max %.2f\n", pct(0.5), pct(0.99), pct(1.0));
  std::printf("  at half of peak (%.0f commands/s, %zu commands): latency ms p50 %.2f  p99 %.2f\n", half_rate,
              at_half.size(), half_pct(0.5), half_pct(0.99));
  std::printf("raw RocksDB synced batches, same bytes in the same number of batches: %.1f MB/s\n", raw / 1e6);
  std::printf("engine / raw = %.2f\n", engine_bps / raw);
  std::filesystem::remove_all(dir);
  return failed.load() == 0 ? 0 : 1;
}
