// scale_load: the queries people make every day, on a city-sized store.
//
// It builds a store in DIR with the Xi'an round (the template's 48 units) and
// --open-tasks tasks assigned across those units and left open (one in ten
// past its deadline, so overdue now; the rest due in a year: tasks of the
// units outside the 2023 round, whose deadlines end with it), their
// notifications queued by the reactions as in real use. Then it starts the
// real `safecity serve` on that store, as an operator would, and times, one
// request after another over one keep-alive connection:
//
//   GET /v1/my/tasks                       a unit's first page of its tasks
//   GET /v1/tasks?unit=&state=assigned     the office's filter
//   GET /v1/tasks?overdue=true             the overdue list
//   GET /v1/rounds/{id}/dashboard          the round dashboard (48 units)
//
// and prints each one's p50/p99, the server's resident memory after them
// (VmRSS) and at its peak (VmHWM), and last the ratio against DESIGN's budget
// of 2 GiB resident for a million open tasks:
//
//   serve resident / 2 GiB = R
//
//   scale_load [--open-tasks N (1000000)] [--dir DIR (/tmp/safecity-scale)] [--requests K (200)] [--keep]
// With --keep a DIR built by an earlier run with the same --open-tasks is
// reused. Exit 1 when a request failed, 2 on bad arguments, 3 when the store
// or the server could not be set up. Not part of the test command.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "engine/engine.h"
#include "engine/time_util.h"
#include "tests/bench/bench_command.h"
#include "tests/bench/bench_util.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kRound = "xian-2023-self-inspection";

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Runs the real binary; its standard output, or nullopt when it failed.
std::optional<std::string> Cli(const std::string& binary, const std::string& data, const std::string& args) {
  const std::string command = "'" + binary + "' --data '" + data + "' " + args + " 2>&1";
  FILE* p = popen(command.c_str(), "r");
  if (!p) return std::nullopt;
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (pclose(p) != 0) {
    std::fprintf(stderr, "scale_load: `safecity %s` failed: %s\n", args.c_str(), out.c_str());
    return std::nullopt;
  }
  return out;
}

std::string Token(const std::string& binary, const std::string& data, const std::string& args) {
  auto out = Cli(binary, data, "--output json token issue " + args);
  if (!out) return "";
  Json j = Json::parse(*out, nullptr, false);
  return j.is_object() ? j.value("token", "") : "";
}

// The store: the round, then `tasks` open tasks across its units.
Status Build(const std::string& binary, const std::string& data, int64_t tasks) {
  for (const char* args : {"init", "--at 2023-03-01 template install xian2023", "--at 2023-03-02 campaign launch xian-2023-self-inspection"})
    if (!Cli(binary, data, args)) return Status::Storage(std::string("could not run `safecity ") + args + "`");
  EngineOptions o;
  o.domain = &DefaultDomain();
  o.data_dir = data;
  o.sync = false;  // building is not what is measured
  o.create_if_missing = false;
  auto opened = Engine::Open(o);
  if (!opened.ok()) return opened.status();
  Engine* e = opened.value().get();
  const std::vector<std::string> units = bench::EvaluatedUnitIds(e->store());
  if (units.size() != 48) return Status::Storage("the template registered " + std::to_string(units.size()) + " units, not 48");
  const int64_t now = NowMs();
  const std::string overdue = FormatIsoMs(now - 60LL * 86400000).substr(0, 10);
  const std::string later = FormatIsoMs(now + 365LL * 86400000).substr(0, 10);
  const Actor office{"office", "office"};
  constexpr int kLanes = 4;
  std::vector<std::thread> lanes;
  std::vector<Status> failed(kLanes);
  for (int lane = 0; lane < kLanes; ++lane) {
    lanes.emplace_back([&, lane] {
      for (int64_t n = lane; n < tasks; n += kLanes) {
        const std::string task = "S" + std::to_string(n);
        Json data{{"task_id", task},
                  {"title", "城镇燃气安全隐患整改 " + task},
                  {"category", "燃气安全"},
                  {"lead_unit", units[static_cast<size_t>(n) % units.size()]},
                  {"deadline", n % 10 == 0 ? overdue : later}};
        CommandResult r = e->Submit(bench::Command("a" + task, "task.assign", "task-" + task, office, std::move(data)));
        if (!r.status.ok() && failed[static_cast<size_t>(lane)].ok()) failed[static_cast<size_t>(lane)] = r.status;
      }
    });
  }
  for (auto& t : lanes) t.join();
  for (const Status& s : failed)
    if (!s.ok()) return s;
  auto settled = e->Settle();  // the units' notifications, as in real use
  if (!settled.ok()) return settled.status();
  std::ofstream(data + "/../built-for") << tasks;
  return Status::Ok();
}

long StatusKb(pid_t pid, const char* field) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  return 0;
}

struct Timing {
  std::string name;
  std::vector<double> ms;
  int failed = 0;
  double Percentile(double p) {
    std::sort(ms.begin(), ms.end());
    return ms.empty() ? 0.0 : ms[static_cast<size_t>(p * static_cast<double>(ms.size() - 1))];
  }
};

}  // namespace

int main(int argc, char** argv) {
  int64_t tasks = 1000000;
  int requests = 200;
  std::string dir = "/tmp/safecity-scale";
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--keep") keep = true;
    else if (a == "--open-tasks" && i + 1 < argc) tasks = std::atoll(argv[++i]);
    else if (a == "--requests" && i + 1 < argc) requests = std::atoi(argv[++i]);
    else if (a == "--dir" && i + 1 < argc) dir = argv[++i];
    else {
      std::fprintf(stderr, "scale_load: unknown option '%s'; use --open-tasks N, --requests K, --dir DIR, --keep\n", a.c_str());
      return 2;
    }
  }
  if (tasks < 48 || requests < 1) {
    std::fprintf(stderr, "scale_load: --open-tasks must be at least 48 and --requests at least 1\n");
    return 2;
  }
  const std::string binary = (std::filesystem::path(argv[0]).parent_path() / ".." / "safecity").string();
  if (!std::filesystem::exists(binary)) {
    std::fprintf(stderr, "scale_load: %s is missing; build the project first\n", binary.c_str());
    return 3;
  }
  const std::string data = dir + "/data";
  std::string built;
  std::ifstream(dir + "/built-for") >> built;
  if (!keep || built != std::to_string(tasks)) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(data);
    const auto t0 = Clock::now();
    Status s = Build(binary, data, tasks);
    if (!s.ok()) {
      std::fprintf(stderr, "scale_load: building the store: %s\n", s.ToString().c_str());
      return 3;
    }
    std::printf("built: %lld open tasks across 48 units in %.1f s\n", static_cast<long long>(tasks), Ms(Clock::now() - t0) / 1000);
  }
  const std::string office = Token(binary, data, "--role office --principal bench");
  std::vector<std::string> unit_tokens;
  for (const char* u : {"xa-yanta", "xa-beilin", "xa-gongan", "xa-jiaoyu"})
    unit_tokens.push_back(Token(binary, data, std::string("--role unit --unit ") + u));
  if (office.empty() || std::count(unit_tokens.begin(), unit_tokens.end(), "")) {
    std::fprintf(stderr, "scale_load: could not issue the tokens\n");
    return 3;
  }

  const int port = bench::FreeLoopbackPort();
  if (port < 0) {
    std::fprintf(stderr, "scale_load: no free loopback port\n");
    return 3;
  }
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  std::fflush(stdout);  // the child must not print this process's buffer again
  const pid_t server = fork();
  if (server == 0) {
    std::freopen((dir + "/serve.log").c_str(), "w", stdout);
    std::freopen((dir + "/serve.log").c_str(), "a", stderr);
    execl(binary.c_str(), binary.c_str(), "--data", data.c_str(), "serve", "--http", listen.c_str(), "--tick-every", "0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  bool ready = false;
  while (!ready && Clock::now() < deadline) {
    auto r = client.Get("/readyz");
    ready = r && r->status == 200;
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling a condition, with a deadline
  }
  if (!ready) {
    std::fprintf(stderr, "scale_load: the server was not ready within 120 s; see %s/serve.log\n", dir.c_str());
    kill(server, SIGKILL);
    waitpid(server, nullptr, 0);
    return 3;
  }
  const long idle_kb = StatusKb(server, "VmRSS:");

  const std::string dashboard = std::string("/v1/rounds/") + kRound + "/dashboard";
  std::vector<Timing> timings = {{"GET /v1/my/tasks", {}}, {"GET /v1/tasks?unit=&state=", {}}, {"GET /v1/tasks?overdue=true", {}},
                                 {"GET " + dashboard, {}}};
  const char* units[] = {"xa-yanta", "xa-beilin", "xa-gongan", "xa-jiaoyu"};
  for (int i = 0; i < requests; ++i) {
    const size_t u = static_cast<size_t>(i) % 4;
    const std::pair<std::string, std::string> calls[] = {
        {"/v1/my/tasks", unit_tokens[u]},
        {std::string("/v1/tasks?unit=") + units[u] + "&state=assigned", office},
        {"/v1/tasks?overdue=true", office},
        {dashboard, office}};
    for (size_t q = 0; q < 4; ++q) {
      const auto t0 = Clock::now();
      auto r = client.Get(calls[q].first.c_str(), httplib::Headers{{"Authorization", "Bearer " + calls[q].second}});
      timings[q].ms.push_back(Ms(Clock::now() - t0));
      if (!r || r->status != 200) {
        if (timings[q].failed++ == 0)
          std::fprintf(stderr, "scale_load: %s: %s\n", calls[q].first.c_str(), r ? (std::to_string(r->status) + " " + r->body).c_str() : "no answer");
      }
    }
  }
  const long rss_kb = StatusKb(server, "VmRSS:"), peak_kb = StatusKb(server, "VmHWM:");
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);

  std::printf("serve on %lld open tasks across 48 units, %d requests each, one client, keep-alive:\n",
              static_cast<long long>(tasks), requests);
  int failed = 0;
  for (Timing& t : timings) {
    std::printf("  %-52s p50 %7.2f ms  p99 %7.2f ms%s\n", t.name.c_str(), t.Percentile(0.5), t.Percentile(0.99),
                t.failed ? "  (FAILED)" : "");
    failed += t.failed;
  }
  std::printf("serve resident memory: %.0f MB when ready, %.0f MB after the queries, %.0f MB at peak\n", idle_kb / 1024.0,
              rss_kb / 1024.0, peak_kb / 1024.0);
  std::printf("serve resident / 2 GiB = %.3f\n", static_cast<double>(peak_kb) / (2.0 * 1024 * 1024));
  return failed ? 1 : 0;
}
