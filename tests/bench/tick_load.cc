// tick_load: what one `clock tick` costs when much work is overdue.
//
// N rectification tasks are assigned (their own reactions settled first, not
// timed); then one clock tick lands days after their deadline, and the run
// times Settle(): the deadline scheduler's escalations and the notifications
// each escalation sends, every follow-up command through the engine. In the
// same run it measures the physical limit: raw RocksDB synced WriteBatches
// carrying the same bytes in the same number of batches.
//
//   tick_load [--tasks N] [--days-overdue D] [--dir DIR]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "tests/bench/bench_command.h"
#include "tests/bench/raw_rocksdb.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  int tasks = 12500, days_overdue = 3;
  std::string dir = "/tmp/safecity-tick-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--tasks")) tasks = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--days-overdue")) days_overdue = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  EngineOptions o;
  o.domain = &DefaultDomain();
  o.data_dir = dir + "/engine";
  auto opened = Engine::Open(o);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return 3;
  }
  Engine* e = opened.value().get();
  const Actor office{"office", "office"};
  e->Submit(bench::Command("unit", "unit.register", "unit-yanta", office,
                           Json{{"id", "yanta"}, {"name", "雁塔区"}, {"kind", "district"}}));
  std::atomic<int> next{0}, failed{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < 32; ++c)
    threads.emplace_back([&] {
      for (int i; (i = next.fetch_add(1)) < tasks;) {
        const std::string task = "D" + std::to_string(i);
        if (!e->Submit(bench::Command("a" + task, "task.assign", "task-" + task, office,
                                      Json{{"task_id", task}, {"title", "城镇燃气安全隐患整改"}, {"lead_unit", "yanta"}, {"deadline", "2023-04-15"}}))
                 .status.ok())
          ++failed;
      }
    });
  for (auto& t : threads) t.join();
  auto settled = e->Settle();
  if (!settled.ok() || failed.load()) {
    std::fprintf(stderr, "setting up failed: %s, %d assignments refused\n",
                 settled.ok() ? "ok" : settled.status().ToString().c_str(), failed.load());
    return 1;
  }
  const std::string at = "2023-04-" + std::to_string(16 + days_overdue) + "T09:00:00+08:00";
  if (!e->Submit(bench::Command("tick", "clock.tick", "clock-city", office, Json::object(), at.c_str())).status.ok()) {
    std::fprintf(stderr, "the clock tick was refused\n");
    return 1;
  }
  const auto base = e->store()->commit_stats();
  const auto t0 = Clock::now();
  auto report = e->Settle();
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!report.ok()) {
    std::fprintf(stderr, "settle failed: %s\n", report.status().ToString().c_str());
    return 1;
  }
  const auto stats = e->store()->commit_stats();
  const int64_t groups = stats.groups - base.groups, events = stats.events - base.events, bytes = stats.bytes - base.bytes;
  opened.value().reset();
  const double raw = bench::RawRocksDbBytesPerSecond(dir + "/raw", std::max<int64_t>(1, groups), bytes);
  std::printf("clock tick over %d overdue tasks (%d days overdue), embedded, fsync per group\n", tasks, days_overdue);
  std::printf("  follow-up commands %lld (refused %lld) from %lld events, %lld new events in %.2f s: %.0f commands/s\n",
              static_cast<long long>(report.value().commands), static_cast<long long>(report.value().refused),
              static_cast<long long>(report.value().events), static_cast<long long>(events), secs,
              static_cast<double>(report.value().commands) / secs);
  std::printf("  groups %lld, %.1f events/group\n", static_cast<long long>(groups),
              static_cast<double>(events) / static_cast<double>(std::max<int64_t>(1, groups)));
  std::printf("raw RocksDB synced batches, same bytes in the same number of batches: %.1f MB/s\n", raw / 1e6);
  std::printf("tick / raw = %.2f\n", static_cast<double>(bytes) / secs / raw);
  std::filesystem::remove_all(dir);
  return report.value().refused == 0 ? 0 : 1;
}
