// slow_clients: a normal request's latency beside many slow sockets.
//
// Starts the real ApiServer (default limits, 8 handler threads) on 127.0.0.1
// over an embedded engine in a fresh directory, and measures GET /v1/whoami,
// each on a new connection as a new client would send it: first with nothing
// else connected (idle), then beside S slow sockets (loaded). Each slow socket
// comes from one of A loopback addresses (127.0.0.2, ...; at most 128 a
// address by default), sends half a request head, then one more byte a
// second, as a slowloris client does; one the server closes (at its request
// deadline, 10 s) is opened again. Idle requests go one every 10 ms, loaded
// ones one every 50 ms (15 s for 300: past the deadline). It prints p50, p99 and max of both runs,
// and as its last line the ratio of the loaded p50 to the idle p50.
//
//   slow_clients [--slow S (1000)] [--addresses A (10)] [--requests N (300)] [--dir DIR]
//
// Exit code 1 when a request was not answered 200, 2 on bad arguments, 3 when
// the engine or the server did not start.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "connectors/http/api_server.h"
#include "engine/engine.h"
#include "engine/sha256.h"
#include "tests/bench/bench_command.h"
#include "tests/raw_client.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kSecret = "sct_slow_clients_bench_office";
const std::string kSlowHead = "GET /v1/whoami HTTP/1.1\r\nHost: safecity\r\nX-Slow: ";

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
  int failed = 0;
};

// N requests for whoami, each on a new connection, one every `pace`.
Figures Measure(int port, int n, std::chrono::milliseconds pace) {
  std::vector<double> ms;
  Figures f;
  for (int i = 0; i < n; ++i) {
    if (i > 0) std::this_thread::sleep_for(pace);  // a benchmark: spread over the slow sockets' drips and deadlines
    const auto start = Clock::now();
    testing::RawReply r = testing::Exchange(port, testing::GetRequest("/v1/whoami", kSecret), "127.0.0.1", 30000);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (r.status != 200) ++f.failed;
  }
  std::sort(ms.begin(), ms.end());
  f.p50 = ms[ms.size() / 2];
  f.p99 = ms[static_cast<size_t>(0.99 * static_cast<double>(ms.size() - 1))];
  f.max = ms.back();
  return f;
}

// S sockets that send a head a byte a second, opened again when the server closes them.
class SlowSockets {
 public:
  SlowSockets(int port, int count, int addresses) : port_(port) {
    for (int i = 0; i < count; ++i) {
      addresses_.push_back("127.0.0." + std::to_string(2 + i % addresses));
      sockets_.push_back(Open(i));
    }
    drip_ = std::thread([this] { Drip(); });
  }
  ~SlowSockets() {
    stop_ = true;
    drip_.join();
  }
  int reopened() const { return reopened_; }

 private:
  std::unique_ptr<testing::RawClient> Open(int i) {
    auto c = std::make_unique<testing::RawClient>(port_, addresses_[i]);
    if (c->connected()) c->Send(kSlowHead);
    return c;
  }
  void Drip() {
    while (!stop_) {
      for (size_t i = 0; i < sockets_.size() && !stop_; ++i) {
        if (sockets_[i]->Receive(0) < 0 || !sockets_[i]->Send("x")) {
          sockets_[i] = Open(static_cast<int>(i));
          ++reopened_;
        }
      }
      std::this_thread::sleep_for(std::chrono::seconds(1));  // a benchmark: the drip is the load
    }
  }

  int port_;
  std::vector<std::string> addresses_;
  std::vector<std::unique_ptr<testing::RawClient>> sockets_;
  std::thread drip_;
  std::atomic<bool> stop_{false};
  std::atomic<int> reopened_{0};
};

}  // namespace

int main(int argc, char** argv) {
  int slow = 1000, addresses = 10, requests = 300;
  std::string dir;
  for (int i = 1; i < argc; i += 2) {
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (value && !std::strcmp(argv[i], "--slow")) slow = std::atoi(value);
    else if (value && !std::strcmp(argv[i], "--addresses")) addresses = std::atoi(value);
    else if (value && !std::strcmp(argv[i], "--requests")) requests = std::atoi(value);
    else if (value && !std::strcmp(argv[i], "--dir")) dir = value;
    else {
      std::fprintf(stderr, "usage: slow_clients [--slow S (1000)] [--addresses A (10)] [--requests N (300)] [--dir DIR (a temp dir)]\n");
      return 2;
    }
  }
  if (slow < 1 || addresses < 1 || addresses > 250 || requests < 1) {
    std::fprintf(stderr, "--slow >= 1, --addresses 1-250, --requests >= 1\n");
    return 2;
  }
  http::RaiseOpenFileLimit();
  const bool temp = dir.empty();
  if (temp) dir = (std::filesystem::temp_directory_path() / ("slow_clients-" + std::to_string(::getpid()))).string();
  EngineOptions eo;
  eo.domain = &DefaultDomain();
  eo.data_dir = dir;
  eo.create_if_missing = true;
  auto engine = Engine::Open(eo);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 3;
  }
  CommandResult issued = engine.value()->Submit(bench::Command(
      "issue-office-bench", "token.issue", "token-office-bench", Actor{"office", "office"},
      Json{{"token_id", "office-bench"}, {"role", "office"}, {"principal", "bench"}, {"sha256", Sha256Hex(kSecret)}}));
  if (!issued.status.ok() && !issued.body.value("duplicate", false)) {
    std::fprintf(stderr, "token: %s\n", issued.body.dump().c_str());
    return 3;
  }
  http::ApiOptions api;
  api.port = 0;
  api.tick_every_s = 0;
  auto server = http::ApiServer::Start(engine.value().get(), api);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 3;
  }
  const int port = server.value()->port();

  Measure(port, 20, std::chrono::milliseconds(0));  // warm up
  const Figures idle = Measure(port, requests, std::chrono::milliseconds(10));
  std::printf("idle:   whoami on a new connection: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d requests)\n", idle.p50, idle.p99, idle.max,
              requests);
  Figures loaded;
  int64_t open = 0;
  int reopened = 0;
  {
    SlowSockets sockets(port, slow, addresses);
    // Over 15 s by default: past the server's 10 s request deadline, so that
    // sockets it closes are opened again while requests go on.
    loaded = Measure(port, requests, std::chrono::milliseconds(50));
    open = server.value()->transport_stats().open_connections;
    reopened = sockets.reopened();
  }
  std::printf("loaded: whoami on a new connection: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d requests; %d slow sockets from %d addresses, "
              "%lld open at the server, %d opened again after the server closed them)\n",
              loaded.p50, loaded.p99, loaded.max, requests, slow, addresses, static_cast<long long>(open), reopened);
  server.value()->Stop();
  engine.value().reset();
  if (temp) std::filesystem::remove_all(dir);
  if (idle.failed + loaded.failed > 0) {
    std::fprintf(stderr, "%d requests were not answered 200\n", idle.failed + loaded.failed);
    return 1;
  }
  std::printf("loaded / idle p50: %.2f\n", loaded.p50 / idle.p50);
  return 0;
}
