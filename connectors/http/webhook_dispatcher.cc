#include "connectors/http/webhook_dispatcher.h"

#include <algorithm>
#include <vector>

#include "connectors/http/http_client.h"
#include "connectors/http/webhook_signature.h"
#include "engine/command_gateway.h"
#include "engine/read_models.h"
#include "engine/time_util.h"
#include "engine/utf8.h"
#include "workflows/access/access_views.h"
#include "workflows/notification/notification_views.h"

namespace safecity::http {

namespace {
const Actor kDispatcher{"webhook-dispatcher", "system"};

// A refusal means the notification moved on without us (nothing to do); only
// a storage failure stops the dispatcher's round.
Status StorageOnly(const CommandResult& r) {
  return r.status.storage_failure() ? r.status : Status::Ok();
}
}  // namespace

WebhookDispatcher::WebhookDispatcher(CommandGateway* gateway, std::string master_key, DispatchOptions options, ApiMetrics* metrics)
    : gateway_(gateway), master_key_(std::move(master_key)), options_(options), metrics_(metrics), jitter_(std::random_device{}()) {}

std::string WebhookDispatcher::SubscriptionSecret(const std::string& master_key, const std::string& id) {
  return "whsec_" + HmacSha256Hex(master_key, "safecity/webhook/outbound/" + id);
}

Json WebhookDispatcher::CloudEvent(const Json& n) {
  return Json{{"specversion", "1.0"},
              {"id", n.value("notification_id", "")},
              {"source", "/safecity/notification"},
              {"type", "safecity.notification." + n.value("kind", "")},
              {"subject", n.value("ref", "")},
              {"time", n.value("queued_at", "")},
              {"datacontenttype", "application/json"},
              {"data",
               {{"notification_id", n.value("notification_id", "")},
                {"recipient", n.value("recipient", "")},
                {"kind", n.value("kind", "")},
                {"subject", n.value("subject", "")},
                {"body", n.value("body", "")},
                {"ref", n.value("ref", "")}}}};
}

Result<int> WebhookDispatcher::RunDue(int64_t now_ms, int64_t* next_due_ms) {
  *next_due_ms = 0;
  std::vector<std::string> due;
  ReadModelReader reader(gateway_->store());
  Status s = notification::ForEachQueuedWebhook(reader, [&](const std::string& id, const std::string& value) {
    if (options_.mine && !options_.mine("notification-" + id)) return true;
    // An attempt in flight is due only once it can no longer be running.
    const bool in_flight = value.rfind("sent ", 0) == 0;
    auto at = ParseIsoMs(in_flight ? value.substr(5) : value);
    const int64_t when = (at ? *at : 0) + (in_flight ? 2LL * options_.timeout_ms + 1000 : 0);
    if (when <= now_ms) due.push_back(id);
    else if (*next_due_ms == 0 || when < *next_due_ms) *next_due_ms = when;
    return true;
  });
  if (!s.ok()) return s;
  for (const std::string& id : due) {
    Status a = Attempt(id, now_ms);
    if (!a.ok()) return a;
  }
  return static_cast<int>(due.size());
}

CommandResult WebhookDispatcher::Record(const std::string& id, const std::string& type, int attempt, Json data, int64_t now_ms) {
  CommandEnvelope c;
  c.id = "wh-" + type.substr(type.find('.') + 1) + "-" + id + "-" + std::to_string(attempt);
  c.type = type;
  c.stream = "notification-" + id;
  c.actor = kDispatcher;
  c.issued_at = now_ms;
  c.data = std::move(data);
  return gateway_->Submit(std::move(c));
}

Status WebhookDispatcher::Attempt(const std::string& id, int64_t now_ms) {
  ReadModelReader reader(gateway_->store());
  Json n = notification::ReadNotification(reader, id);
  if (!n.is_object()) return Status::Ok();
  std::string error;
  int attempt = n.value("attempts", 0);
  if (n.value("state", "") == "sent") {
    // The server stopped during this attempt: its outcome is unknown, so it
    // counts as failed and is tried again (the receiver deduplicates by id).
    error = "attempt " + std::to_string(attempt) + " was interrupted before its outcome was recorded";
  } else {
    ++attempt;
    CommandResult sent = Record(id, "notification.send", attempt, Json::object(), now_ms);
    if (!sent.status.ok()) return StorageOnly(sent);  // the state moved on without us
    if (sent.body.value("duplicate", false)) return Status::Ok();  // another dispatcher is making this attempt
    Json sub = access::ReadSubscription(reader, n.value("subscription", ""));
    error = sub.is_object() && sub.value("state", "") == "active"
                ? Post(id, n, sub)
                : "subscription " + n.value("subscription", "") + " is cancelled or unknown";
  }

  // The outcome is counted before its event is written, so that whoever sees
  // the event sees the count too.
  if (error.empty()) {
    if (metrics_) metrics_->CountDelivery("delivered");
    return StorageOnly(Record(id, "notification.deliver", attempt, Json::object(), NowMs()));
  }
  Status failed = StorageOnly(Record(id, "notification.fail", attempt, Json{{"error", TruncateUtf8(error, 1000)}}, NowMs()));
  if (!failed.ok()) return failed;
  if (attempt >= options_.max_attempts) {
    if (metrics_) metrics_->CountDelivery("dead_lettered");
    return StorageOnly(Record(id, "notification.dead_letter", attempt,
                              Json{{"reason", "gave up after " + std::to_string(attempt) + " attempts; last: " + TruncateUtf8(error, 900)}},
                              NowMs()));
  }
  int64_t backoff = options_.first_backoff_ms;
  for (int i = 1; i < attempt && backoff < options_.max_backoff_ms; ++i) backoff *= 2;
  backoff = std::min(backoff, options_.max_backoff_ms);
  backoff -= static_cast<int64_t>(jitter_() % static_cast<uint64_t>(backoff / 2 + 1));  // up to half earlier: senders spread out
  if (metrics_) metrics_->CountDelivery("failed");
  return StorageOnly(Record(id, "notification.schedule_retry", attempt, Json{{"retry_at", FormatIsoMs(NowMs() + backoff)}}, NowMs()));
}

std::string WebhookDispatcher::Post(const std::string& id, const Json& notification, const Json& sub) {
  const std::string url = sub["url"];
  const auto split = SplitHttpUrl(url);
  if (!split) return "not an http:// or https:// address: " + url;
  const std::string& base = split->base;
  const std::string path = split->path.empty() ? "/" : split->path;
  const std::string body = CloudEvent(notification).dump();
  const int64_t ts = NowMs() / 1000;
  auto receiver = NewHttpClient(base, "");  // https: the system's CAs, as any webhook sender (no CA file: cannot fail)
  httplib::Client& client = *receiver.value();
  client.set_connection_timeout(options_.timeout_ms / 1000, (options_.timeout_ms % 1000) * 1000);
  client.set_read_timeout(options_.timeout_ms / 1000, (options_.timeout_ms % 1000) * 1000);
  client.set_write_timeout(options_.timeout_ms / 1000, (options_.timeout_ms % 1000) * 1000);
  client.set_tcp_nodelay(true);  // head and body go out in two writes: no 40 ms wait for a delayed ACK
  const std::string secret = SubscriptionSecret(master_key_, sub["subscription_id"]);
  // Standard Webhooks, and safecity's own headers beside them for one version.
  httplib::Headers headers{{"webhook-id", id},
                           {"webhook-timestamp", std::to_string(ts)},
                           {"webhook-signature", StandardWebhookSignature(secret, id, ts, body)},
                           {"X-Safecity-Delivery", id},
                           {"X-Safecity-Timestamp", std::to_string(ts)},
                           {"X-Safecity-Signature", WebhookSignature(secret, ts, body)},
                           {"User-Agent", "safecity-webhook/1"}};
  auto res = client.Post(path.c_str(), headers, body, "application/cloudevents+json");
  if (!res) return "no answer from " + base + ": " + httplib::to_string(res.error());
  if (res->status < 200 || res->status > 299) return "HTTP " + std::to_string(res->status) + " from " + url;
  return "";
}

}  // namespace safecity::http
