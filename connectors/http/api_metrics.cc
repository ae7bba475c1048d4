#include "connectors/http/api_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <sstream>
#include <vector>

#include "engine/build_info.h"
#include "engine/schema_registry.h"

namespace safecity::http {

namespace {

// The command types the API knows; anything else counts as "other".
const std::string& KnownType(const std::string& type) {
  static const std::set<std::string> known = [] {
    std::set<std::string> s;
    for (const std::string& t : SchemaRegistry::Default().CommandTypes()) s.insert(t);
    return s;
  }();
  static const std::string other = "other";
  auto it = known.find(type);
  return it == known.end() ? other : *it;
}

std::string KnownMethod(const std::string& method) {
  for (const char* m : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"})
    if (method == m) return method;
  return "other";
}

const prometheus::Histogram::BucketBoundaries& RequestBuckets() {
  static const prometheus::Histogram::BucketBoundaries b{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return b;
}

struct ProcessSample {
  double cpu_seconds = 0, resident_bytes = 0, virtual_bytes = 0, open_fds = 0, max_fds = 0;
};

// Field `n` of /proc/self/stat (proc(5)), 0 when absent: utime and stime
// (14, 15) and starttime (22) in clock ticks, vsize (23) in bytes, rss (24)
// in pages. The fields after the command name, which may hold spaces, are
// counted from its ')'.
class ProcStat {
 public:
  ProcStat() {
    std::ifstream stat("/proc/self/stat");
    std::string line;
    std::getline(stat, line);
    const size_t close = line.rfind(')');
    if (close == std::string::npos || close + 2 > line.size()) return;
    std::istringstream rest(line.substr(close + 2));
    fields_.assign(std::istream_iterator<std::string>(rest), std::istream_iterator<std::string>());  // from field 3 (state)
  }
  double operator()(size_t n) const { return n >= 3 && n - 3 < fields_.size() ? std::strtod(fields_[n - 3].c_str(), nullptr) : 0.0; }

 private:
  std::vector<std::string> fields_;
};

double ClockTicks() { return static_cast<double>(sysconf(_SC_CLK_TCK)); }

ProcessSample SampleProcess() {
  ProcessSample s;
  const ProcStat field;
  s.cpu_seconds = (field(14) + field(15)) / ClockTicks();
  s.virtual_bytes = field(23);
  s.resident_bytes = field(24) * static_cast<double>(sysconf(_SC_PAGESIZE));
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec))
    s.open_fds += 1;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) s.max_fds = static_cast<double>(limit.rlim_cur);
  return s;
}

// When the process started, in unix seconds: the boot time (/proc/stat
// "btime") plus field 22. It never changes: read once.
double ProcessStartSeconds() {
  std::ifstream stat("/proc/stat");
  std::string key;
  double boot = 0;
  while (stat >> key) {
    if (key == "btime") {
      stat >> boot;
      break;
    }
  }
  return boot + ProcStat()(22) / ClockTicks();
}

}  // namespace

struct ApiMetrics::Impl {
  prometheus::Registry registry;
  prometheus::Family<prometheus::Counter>& commands =
      prometheus::BuildCounter().Name("safecity_commands_total").Help("Commands by type and result").Register(registry);
  prometheus::Family<prometheus::Histogram>& append =
      prometheus::BuildHistogram()
          .Name("safecity_event_append_seconds")
          .Help("Time from a command's intake to its durable result (the event log's group commit)")
          .Register(registry);
  prometheus::Histogram& append_all = append.Add(
      {}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
  prometheus::Family<prometheus::Gauge>& lag =
      prometheus::BuildGauge().Name("safecity_projection_lag_events").Help("Log position minus the read models' position").Register(registry);
  prometheus::Gauge& projection_lag = lag.Add({});
  prometheus::Family<prometheus::Gauge>& reaction =
      prometheus::BuildGauge().Name("safecity_reaction_lag_events").Help("Events not yet reacted to (process manager, inbox, deadlines)").Register(registry);
  prometheus::Gauge& reaction_lag = reaction.Add({});
  prometheus::Counter& uploads = prometheus::BuildCounter()
                                     .Name("safecity_attachments_uploaded_total")
                                     .Help("Evidence files taken in (POST /v1/attachments)")
                                     .Register(registry)
                                     .Add({});
  prometheus::Counter& upload_bytes = prometheus::BuildCounter()
                                          .Name("safecity_attachment_bytes_uploaded_total")
                                          .Help("Bytes of the evidence files taken in")
                                          .Register(registry)
                                          .Add({});
  prometheus::Family<prometheus::Counter>& deliveries =
      prometheus::BuildCounter().Name("safecity_webhook_deliveries_total").Help("Outbound webhook deliveries by outcome").Register(registry);
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter().Name("safecity_http_requests_total").Help("HTTP requests by method, route and status").Register(registry);
  prometheus::Family<prometheus::Counter>& refusals =
      prometheus::BuildCounter().Name("safecity_refusals_total").Help("Refused actions, each also in the security log").Register(registry);
  prometheus::Family<prometheus::Histogram>& durations =
      prometheus::BuildHistogram()
          .Name("safecity_http_request_duration_seconds")
          .Help("HTTP requests from their first byte to their answer, by route template")
          .Register(registry);
  prometheus::Family<prometheus::Gauge>& build =
      prometheus::BuildGauge().Name("safecity_build_info").Help("The binary's version and git revision").Register(registry);
  prometheus::Family<prometheus::Counter>& cpu =
      prometheus::BuildCounter().Name("process_cpu_seconds_total").Help("User and system CPU time spent in seconds").Register(registry);
  prometheus::Counter& cpu_seconds = cpu.Add({});
  prometheus::Gauge& resident = prometheus::BuildGauge()
                                    .Name("process_resident_memory_bytes")
                                    .Help("Resident memory size in bytes")
                                    .Register(registry)
                                    .Add({});
  prometheus::Gauge& virtual_memory = prometheus::BuildGauge()
                                          .Name("process_virtual_memory_bytes")
                                          .Help("Virtual memory size in bytes")
                                          .Register(registry)
                                          .Add({});
  prometheus::Gauge& open_fds =
      prometheus::BuildGauge().Name("process_open_fds").Help("Number of open file descriptors").Register(registry).Add({});
  prometheus::Gauge& max_fds =
      prometheus::BuildGauge().Name("process_max_fds").Help("Maximum number of open file descriptors").Register(registry).Add({});
  prometheus::Gauge& start_time = prometheus::BuildGauge()
                                      .Name("process_start_time_seconds")
                                      .Help("Start time of the process since unix epoch in seconds")
                                      .Register(registry)
                                      .Add({});
  prometheus::Gauge& open_connections = prometheus::BuildGauge()
                                            .Name("safecity_http_open_connections")
                                            .Help("HTTP connections open now")
                                            .Register(registry)
                                            .Add({});
  prometheus::Counter& accepted_connections = prometheus::BuildCounter()
                                                  .Name("safecity_http_connections_total")
                                                  .Help("Connections admitted (each client that does not keep its connection opens one per request)")
                                                  .Register(registry)
                                                  .Add({});
  prometheus::Counter& refused_connections = prometheus::BuildCounter()
                                                 .Name("safecity_http_connections_refused_total")
                                                 .Help("Connections over a cap, answered 429 or 503")
                                                 .Register(registry)
                                                 .Add({});
  prometheus::Counter& timed_out = prometheus::BuildCounter()
                                       .Name("safecity_http_connections_timed_out_total")
                                       .Help("Connections closed at a deadline (read, idle, write, TLS handshake)")
                                       .Register(registry)
                                       .Add({});
  prometheus::Counter& tls_failures = prometheus::BuildCounter()
                                          .Name("safecity_http_tls_handshake_failures_total")
                                          .Help("HTTPS handshakes that failed, and plain HTTP sent to the HTTPS port")
                                          .Register(registry)
                                          .Add({});
  TransportStats transport_seen;  // what the counters hold, to add the difference
  prometheus::Family<prometheus::Gauge>* consumer_lag = nullptr;  // made on a Kafka node's first scrape
  prometheus::Family<prometheus::Histogram>* transactions = nullptr;
  std::map<int, prometheus::Gauge*> lag_by_partition;
  std::mutex mu;  // the Kafka families, the process counters
};

ApiMetrics::ApiMetrics() : impl_(std::make_unique<Impl>()) {
  impl_->build.Add({{"version", BuildVersion()}, {"revision", BuildRevision()}}).Set(1);
  impl_->start_time.Set(ProcessStartSeconds());
  for (const char* outcome : {"delivered", "failed", "dead_lettered"}) impl_->deliveries.Add({{"outcome", outcome}});
  for (const char* reason : {"unauthenticated", "forbidden", "rate_limited"}) impl_->refusals.Add({{"reason", reason}});
}
ApiMetrics::~ApiMetrics() = default;

void ApiMetrics::CountCommand(const std::string& type, const std::string& result, double seconds) {
  impl_->commands.Add({{"type", KnownType(type)}, {"result", result}}).Increment();
  impl_->append_all.Observe(seconds);
}

void ApiMetrics::CountRequest(const std::string& method, const std::string& route, int status, double seconds) {
  impl_->requests.Add({{"method", KnownMethod(method)}, {"route", route}, {"status", std::to_string(status)}}).Increment();
  impl_->durations.Add({{"route", route}}, RequestBuckets()).Observe(seconds);
}

void ApiMetrics::SetTransport(const TransportStats& stats) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->open_connections.Set(static_cast<double>(stats.open_connections));
  auto add = [](prometheus::Counter& c, int64_t now, int64_t* seen) {
    if (now > *seen) c.Increment(static_cast<double>(now - *seen));
    *seen = std::max(*seen, now);
  };
  add(impl_->accepted_connections, stats.accepted_connections, &impl_->transport_seen.accepted_connections);
  add(impl_->refused_connections, stats.refused_connections, &impl_->transport_seen.refused_connections);
  add(impl_->timed_out, stats.timed_out, &impl_->transport_seen.timed_out);
  add(impl_->tls_failures, stats.tls_handshake_failures, &impl_->transport_seen.tls_handshake_failures);
}

void ApiMetrics::SetConsumerLag(const std::map<int, int64_t>& lag_by_partition) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (!impl_->consumer_lag)
    impl_->consumer_lag = &prometheus::BuildGauge()
                               .Name("safecity_kafka_consumer_lag_records")
                               .Help("Records of an owned commands partition not yet decided")
                               .Register(impl_->registry);
  for (auto it = impl_->lag_by_partition.begin(); it != impl_->lag_by_partition.end();) {
    if (lag_by_partition.count(it->first)) {
      ++it;
    } else {
      impl_->consumer_lag->Remove(it->second);  // another node owns it now
      it = impl_->lag_by_partition.erase(it);
    }
  }
  for (const auto& [p, lag] : lag_by_partition) {
    auto& g = impl_->lag_by_partition[p];
    if (!g) g = &impl_->consumer_lag->Add({{"partition", std::to_string(p)}});
    g->Set(static_cast<double>(lag));
  }
}

void ApiMetrics::ObserveTransaction(double seconds) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (!impl_->transactions)
    impl_->transactions = &prometheus::BuildHistogram()
                               .Name("safecity_kafka_transaction_seconds")
                               .Help("A node's transactions, from the first record to the commit")
                               .Register(impl_->registry);
  impl_->transactions->Add({}, prometheus::Histogram::BucketBoundaries{0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10})
      .Observe(seconds);
}

void ApiMetrics::UpdateProcess() {
  ProcessSample now = SampleProcess();
  std::lock_guard<std::mutex> lock(impl_->mu);
  const double counted = impl_->cpu_seconds.Value();
  if (now.cpu_seconds > counted) impl_->cpu_seconds.Increment(now.cpu_seconds - counted);
  impl_->resident.Set(now.resident_bytes);
  impl_->virtual_memory.Set(now.virtual_bytes);
  impl_->open_fds.Set(now.open_fds);
  impl_->max_fds.Set(now.max_fds);
}

void ApiMetrics::CountRefusal(const std::string& reason) { impl_->refusals.Add({{"reason", reason}}).Increment(); }
void ApiMetrics::CountDelivery(const std::string& outcome) { impl_->deliveries.Add({{"outcome", outcome}}).Increment(); }

void ApiMetrics::CountUpload(int64_t bytes) {
  impl_->uploads.Increment();
  impl_->upload_bytes.Increment(static_cast<double>(bytes));
}

void ApiMetrics::SetLag(double projection_lag, double reaction_lag) {
  impl_->projection_lag.Set(projection_lag);
  impl_->reaction_lag.Set(reaction_lag);
}

std::string ApiMetrics::Text() const { return prometheus::TextSerializer().Serialize(impl_->registry.Collect()); }

}  // namespace safecity::http
