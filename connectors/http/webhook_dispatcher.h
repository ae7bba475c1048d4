// WebhookDispatcher: delivers the webhook copies of notifications (通知) to
// the URLs units subscribed (workflows/access/webhook_subscription.h), and
// records every attempt in the notification's own stream, so the delivery
// log is the event log:
//
//   queued | retry_scheduled, due  -> notification.send (attempt n)
//   POST <url>  application/cloudevents+json (CloudEvents 1.0, structured),
//               X-Safecity-Delivery: <notification id> (the same on every attempt:
//               the receiver's deduplication key), X-Safecity-Timestamp,
//               X-Safecity-Signature (webhook_signature.h, the subscription's secret)
//   2xx                 -> notification.deliver
//   otherwise           -> notification.fail {error}, then schedule_retry at
//                          now + first_backoff * 2^(n-1) (capped, with jitter of up
//                          to half), or dead_letter once max_attempts are spent.
//
// An attempt the server did not live to record (state "sent" for longer than
// two timeouts) counts as failed and goes down the same path: nothing is lost
// when the server stops mid-delivery. A dead letter waits for `safecity
// deliveries retry` (one more attempt). The send of attempt n has a fixed
// command id: a dispatcher that finds it already recorded (another node, or a
// view of the store a moment old) leaves that attempt to whoever recorded it.
// Not thread-safe: one dispatcher, on one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>

#include "connectors/http/api_metrics.h"
#include "engine/command_processor.h"
#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {
class CommandGateway;
}

namespace safecity::http {

struct DispatchOptions {
  int max_attempts = 8;
  int64_t first_backoff_ms = 5000;
  int64_t max_backoff_ms = 3600 * 1000;
  int timeout_ms = 10000;  // to connect, and to read the answer
  // Which notification streams this dispatcher delivers; empty: all. On a
  // Kafka cluster each node delivers those in the partitions it owns, so a
  // receiver is not sent the same attempt by every node.
  std::function<bool(const std::string& stream)> mine;
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(CommandGateway* gateway, std::string master_key, DispatchOptions options, ApiMetrics* metrics);
  // Attempts every delivery due at `now_ms`; how many were attempted.
  // `next_due_ms` is set to when the next waiting one is due (0: none waits).
  Result<int> RunDue(int64_t now_ms, int64_t* next_due_ms);

  // The outbound secret of subscription `id` ("whsec_" + 64 hex).
  static std::string SubscriptionSecret(const std::string& master_key, const std::string& id);
  // The CloudEvent a notification is delivered as.
  static Json CloudEvent(const Json& notification);

 private:
  Status Attempt(const std::string& id, int64_t now_ms);
  // POSTs the notification to the subscription's URL; "" on a 2xx, else what went wrong.
  std::string Post(const std::string& id, const Json& notification, const Json& subscription);
  CommandResult Record(const std::string& id, const std::string& type, int attempt, Json data, int64_t now_ms);

  CommandGateway* gateway_;
  std::string master_key_;
  DispatchOptions options_;
  ApiMetrics* metrics_;
  std::mt19937_64 jitter_;
};

}  // namespace safecity::http
