#include "tests/bench/unit_systems.h"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "connectors/http/webhook_signature.h"
#include "engine/sha256.h"
#include "engine/time_util.h"

namespace safecity::bench {

namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

std::string UnitId(int u) { return "u" + std::to_string(u); }
std::string KeyId(int u) { return UnitId(u) + "-sys"; }
std::string TaskId(int u, int t) { return "T" + std::to_string(u) + "-" + std::to_string(t); }

std::vector<Step> Steps(const std::string& task) {
  return {{"task.acknowledge", Json{{"note", "已签收"}}},
          {"task.submit_plan", Json{{"plan", "排查辖区全部燃气管道并建立台账"}}},
          {"task.start", Json::object()},
          {"task.submit",
           Json{{"evidence", Json::array({Json{{"name", "report.pdf"}, {"sha256", Sha256Hex(task)}, {"uri", "file:///r.pdf"}}})}}}};
}

Percentiles Latencies(const std::vector<std::vector<double>>& per_thread) {
  std::vector<double> all;
  for (auto& l : per_thread) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[static_cast<size_t>(p * static_cast<double>(all.size() - 1))]; };
  double sum = 0;
  for (double x : all) sum += x;
  return {all.empty() ? 0.0 : sum / static_cast<double>(all.size()), pct(0.5), pct(0.99), pct(1.0)};
}

SystemsRun RunUnitSystems(const std::vector<int>& ports, const std::string& master_key, int units, int tasks,
                          const std::function<void()>& at_start) {
  std::vector<std::vector<double>> latencies(static_cast<size_t>(units));
  std::atomic<int64_t> failed{0}, events{0};
  std::atomic<int64_t> client_cpu_ns{0};
  std::mutex print_mu;
  // Every client connects before the clock starts: the measured window
  // holds requests only, not the setting up of connections.
  std::mutex ready_mu;
  std::condition_variable ready_cv;
  int ready = 0;
  bool go = false;
  std::vector<std::thread> clients;
  for (int u = 0; u < units; ++u)
    clients.emplace_back([&, u] {
      const std::string secret = http::DeriveInboundSecret(master_key, KeyId(u));
      httplib::Client client("127.0.0.1", ports[static_cast<size_t>(u) % ports.size()]);
      client.set_keep_alive(true);
      // A request goes out in two writes (head, then body): without this,
      // Nagle holds the body back until the server's delayed ACK, some 40 ms.
      client.set_tcp_nodelay(true);
      client.set_read_timeout(120, 0);
      auto hello = client.Get("/healthz");
      if (!hello || hello->status != 200) ++failed;
      {
        std::unique_lock<std::mutex> lock(ready_mu);
        ++ready;
        ready_cv.notify_all();
        ready_cv.wait(lock, [&] { return go; });
      }
      const double my_cpu0 = ThreadCpuSeconds();
      auto& lat = latencies[static_cast<size_t>(u)];
      lat.reserve(static_cast<size_t>(tasks) * 4);
      for (int t = 0; t < tasks; ++t) {
        const std::string task = TaskId(u, t);
        int step = 0;
        for (auto& s : Steps(task)) {
          const std::string body = Json{{"delivery_id", task + "-" + std::to_string(step++)},
                                        {"type", s.type},
                                        {"stream", "task-" + task},
                                        {"data", std::move(s.data)}}
                                       .dump();
          const int64_t ts = NowMs() / 1000;  // the sender's clock, as the protocol asks
          httplib::Headers h{{"X-Safecity-Key", KeyId(u)},
                             {"X-Safecity-Timestamp", std::to_string(ts)},
                             {"X-Safecity-Signature", http::WebhookSignature(secret, ts, body)}};
          const auto sent = Clock::now();
          auto res = client.Post("/v1/webhooks/inbound", h, body, "application/json");
          lat.push_back(Seconds(Clock::now() - sent) * 1000.0);
          if (!res || res->status != 200) {
            if (failed.fetch_add(1) < 5) {
              std::lock_guard<std::mutex> lock(print_mu);
              std::fprintf(stderr, "%s %s: %s\n", task.c_str(), s.type,
                           res ? (std::to_string(res->status) + " " + res->body).c_str() : httplib::to_string(res.error()).c_str());
            }
            continue;
          }
          Json answer = Json::parse(res->body, nullptr, false);
          if (answer.is_object() && answer.contains("events")) events += static_cast<int64_t>(answer["events"].size());
        }
      }
      client_cpu_ns += static_cast<int64_t>((ThreadCpuSeconds() - my_cpu0) * 1e9);
    });
  Clock::time_point t0;
  {
    std::unique_lock<std::mutex> lock(ready_mu);
    ready_cv.wait(lock, [&] { return ready == units; });
    if (at_start) at_start();
    t0 = Clock::now();
    go = true;
  }
  ready_cv.notify_all();
  for (auto& c : clients) c.join();
  SystemsRun r;
  r.secs = Seconds(Clock::now() - t0);
  r.requests = static_cast<int64_t>(units) * tasks * 4;
  r.failed = failed.load();
  r.events = events.load();
  r.client_cpu = static_cast<double>(client_cpu_ns.load()) / 1e9;
  r.latency = Latencies(latencies);
  return r;
}

}  // namespace safecity::bench
