#include "connectors/http/api_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <set>

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
  prometheus::Family<prometheus::Counter>& deliveries =
      prometheus::BuildCounter().Name("safecity_webhook_deliveries_total").Help("Outbound webhook deliveries by outcome").Register(registry);
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter().Name("safecity_http_requests_total").Help("HTTP requests by method, route and status").Register(registry);
  prometheus::Family<prometheus::Counter>& refusals =
      prometheus::BuildCounter().Name("safecity_refusals_total").Help("Refused actions, each also in the security log").Register(registry);
};

ApiMetrics::ApiMetrics() : impl_(std::make_unique<Impl>()) {
  for (const char* outcome : {"delivered", "failed", "dead_lettered"}) impl_->deliveries.Add({{"outcome", outcome}});
  for (const char* reason : {"unauthenticated", "forbidden", "rate_limited"}) impl_->refusals.Add({{"reason", reason}});
}
ApiMetrics::~ApiMetrics() = default;

void ApiMetrics::CountCommand(const std::string& type, const std::string& result, double seconds) {
  impl_->commands.Add({{"type", KnownType(type)}, {"result", result}}).Increment();
  impl_->append_all.Observe(seconds);
}

void ApiMetrics::CountRequest(const std::string& method, const std::string& route, int status) {
  impl_->requests.Add({{"method", KnownMethod(method)}, {"route", route}, {"status", std::to_string(status)}}).Increment();
}

void ApiMetrics::CountRefusal(const std::string& reason) { impl_->refusals.Add({{"reason", reason}}).Increment(); }
void ApiMetrics::CountDelivery(const std::string& outcome) { impl_->deliveries.Add({{"outcome", outcome}}).Increment(); }

void ApiMetrics::SetLag(double projection_lag, double reaction_lag) {
  impl_->projection_lag.Set(projection_lag);
  impl_->reaction_lag.Set(reaction_lag);
}

std::string ApiMetrics::Text() const { return prometheus::TextSerializer().Serialize(impl_->registry.Collect()); }

}  // namespace safecity::http
