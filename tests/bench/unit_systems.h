// Units' own systems as the HTTP benchmarks drive them (http_load,
// kafka_http_load): unit u's system posts signed inbound webhooks
// (POST /v1/webhooks/inbound, X-Safecity-* signature under key "u<u>-sys")
// that walk each of its tasks through acknowledge → submit_plan → start →
// submit (with evidence), one request after another on its own keep-alive
// connection, as a real system acts task by task.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/envelope.h"

namespace safecity::bench {

std::string UnitId(int u);                // "u3"
std::string KeyId(int u);                 // "u3-sys", its webhook key
std::string TaskId(int u, int t);         // "T3-17"

// The mix: what a unit's system does with each of its tasks.
struct Step {
  const char* type;
  Json data;
};
std::vector<Step> Steps(const std::string& task);

struct Percentiles {
  double mean = 0, p50 = 0, p99 = 0, max = 0;
};
Percentiles Latencies(const std::vector<std::vector<double>>& per_thread);

struct SystemsRun {
  int64_t requests = 0, failed = 0;
  int64_t events = 0;  // of the answers' commands
  double secs = 0;
  double client_cpu = 0;  // the client threads' own CPU seconds
  Percentiles latency;    // ms per request
};

// One thread per unit, unit u's to 127.0.0.1:ports[u % ports.size()]; each
// connects (GET /healthz) before the clock starts, then `at_start` runs once
// and the clock starts. Every answer must be 200 (else counted as failed,
// the first few on stderr).
SystemsRun RunUnitSystems(const std::vector<int>& ports, const std::string& master_key, int units, int tasks,
                          const std::function<void()>& at_start);

}  // namespace safecity::bench
