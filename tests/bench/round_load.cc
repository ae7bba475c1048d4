// round_load: an inspection round that collects many findings (现场抽查的扣分),
// the way a spot-check team records them: one after another on the round's
// stream, each durable before the next, through Engine::Submit.
//
// It runs the demo into DIR (the Xi'an units and the xian2023 sheet), creates
// a round over every unit on that sheet, and records N findings on its deduct
// items in turn, without opening tasks (so the time is the round's own:
// deciding on the round, folding the finding in, rescoring the unit, the read
// models). It prints the rate for each fifth of the run, so that a cost that
// grows with the findings already recorded shows as a falling rate, then, in
// the same run, raw RocksDB synced batches carrying the same bytes in the same
// number of batches, and the ratio last.
//
//   round_load [--findings N (3000)] [--dir DIR (/tmp/safecity-round-load)]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/context.h"
#include "cli/demo.h"
#include "engine/engine.h"
#include "engine/read_models.h"
#include "engine/store.h"
#include "tests/bench/bench_command.h"
#include "tests/bench/bench_util.h"
#include "tests/bench/raw_rocksdb.h"
#include "workflows/scoring/scoring_sheet.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;

namespace {

int Fail(const std::string& what, const std::string& why) {
  std::fprintf(stderr, "round_load: %s: %s\n", what.c_str(), why.c_str());
  return 3;
}

}  // namespace

int main(int argc, char** argv) {
  int findings = 3000;
  std::string dir = "/tmp/safecity-round-load";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--findings")) findings = std::max(5, std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string data = dir + "/engine";
  {
    std::ostringstream out, err;
    cli::Globals g;
    if (int rc = cli::RunDemo(data, g, out, err); rc != 0) return Fail("the demo", err.str());
  }
  EngineOptions o;
  o.domain = &DefaultDomain();
  o.data_dir = data;
  o.create_if_missing = false;
  auto opened = Engine::Open(o);
  if (!opened.ok()) return Fail("opening the store", opened.status().ToString());
  Engine* e = opened.value().get();

  const std::vector<std::string> units = bench::EvaluatedUnitIds(e->store());
  std::string sheet;
  std::vector<std::string> deduct_items;
  ReadModelReader reader(e->store());
  (void)scoring::ForEachSheet(reader, [&](const std::string& ref, const Json& s) {
    sheet = ref;
    for (const Json& item : s.value("items", Json::array()))
      if (item.value("method", "") == "deduct") deduct_items.push_back(item.value("id", ""));
    return false;
  });
  if (units.empty() || deduct_items.empty()) return Fail("the demo", "no units or no deduct item on " + sheet);

  const Actor office{"office", "office"}, inspector{"第一抽查组", "inspector"};
  const char* at = "2023-05-06T09:00:00+08:00";
  const std::string stream = "campaign-bench-2023";
  auto send = [&](const std::string& id, const std::string& type, const Actor& a, Json d) {
    CommandResult r = e->Submit(bench::Command(id, type, stream, a, std::move(d), at));
    return r.status.ok() ? std::string() : type + ": " + r.status.ToString();
  };
  Json phases{{"self_check", "2023-05-10"}, {"system_check", "2023-05-20"}, {"spot_check", "2023-06-10"},
              {"rectification", "2023-07-10"}, {"reporting", "2023-07-31"}};
  for (auto& [id, type, data] : std::vector<std::tuple<std::string, std::string, Json>>{
           {"create", "campaign.create",
            Json{{"campaign_id", "bench-2023"}, {"title", "评估轮次（负载）"}, {"sheet", sheet}, {"units", units}, {"phases", phases}}},
           {"launch", "campaign.launch", Json::object()},
           {"self", "campaign.start_self_check", Json::object()},
           {"system", "campaign.start_system_check", Json::object()}})
    if (std::string why = send(id, type, office, data); !why.empty()) return Fail("setting up the round", why);

  const auto base = e->store()->commit_stats();
  std::vector<double> fifths;
  auto t0 = Clock::now(), fifth_start = t0;
  const int per_fifth = findings / 5;
  for (int i = 0; i < per_fifth * 5; ++i) {
    Json d{{"unit", units[static_cast<size_t>(i) % units.size()]},
           {"item", deduct_items[static_cast<size_t>(i / static_cast<int>(units.size())) % deduct_items.size()]},
           {"points_x100", 10},
           {"reason", "抽查发现：应急预案未按要求开展演练，记录不全"},
           {"suggestion", "按预案组织演练并留存记录"},
           {"open_task", false}};
    if (std::string why = send("f" + std::to_string(i), "campaign.record_finding", inspector, d); !why.empty())
      return Fail("finding " + std::to_string(i + 1), why);
    if ((i + 1) % per_fifth == 0) {
      const auto now = Clock::now();
      fifths.push_back(per_fifth / std::chrono::duration<double>(now - fifth_start).count());
      fifth_start = now;
    }
  }
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto stats = e->store()->commit_stats();
  const int64_t groups = stats.groups - base.groups, events = stats.events - base.events, bytes = stats.bytes - base.bytes;
  opened.value().reset();
  const double raw = bench::RawRocksDbBytesPerSecond(dir + "/raw", groups, bytes);
  if (raw <= 0) return Fail("raw RocksDB", "cannot open " + dir + "/raw");

  std::printf("round: %zu units, sheet %s (%zu deduct items), one inspector recording in turn, fsync per finding\n",
              units.size(), sheet.c_str(), deduct_items.size());
  std::printf("  findings %d, events %lld in %.2f s: %.0f findings/s\n", per_fifth * 5, static_cast<long long>(events), secs,
              per_fifth * 5 / secs);
  std::printf("  findings/s by fifth of the run:");
  for (double f : fifths) std::printf(" %.0f", f);
  std::printf("\n  groups %lld, %.0f bytes/event written\n", static_cast<long long>(groups),
              events ? static_cast<double>(bytes) / static_cast<double>(events) : 0.0);
  std::printf("raw RocksDB synced batches, same bytes in the same number of batches: %.1f MB/s\n", raw / 1e6);
  std::printf("round / raw = %.2f\n", (static_cast<double>(bytes) / secs) / raw);
  return 0;
}
