#include "cli/webhook_cli.h"

#include <iostream>

#include "connectors/http/webhook_dispatcher.h"
#include "connectors/http/webhook_signature.h"
#include "cli/reports.h"
#include "engine/read_models.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/access/access_views.h"
#include "workflows/notification/notification_views.h"
#include "workflows/notification/recipient.h"

namespace safecity::cli {

namespace {

struct WebhookArgs {
  std::string id, unit, reason, type, stream, data = "{}", delivery, url, state;
  std::vector<std::string> kinds;
  bool all = false;
};

// The webhook master key of this data directory. Secrets derive from the
// server's own key, which never leaves the server: a CLI acting through
// --server cannot derive them, and a key of its own would sign nothing the
// server accepts.
Result<std::string> MasterKey(const Globals& g) {
  if (ServerMode(g))
    return Status::Invalid("--server", "webhook secrets derive from the server's master key (<data>/webhook.key), which stays on the "
                                       "server; run this on the server's machine with --data <its data directory>");
  return http::LoadOrCreateWebhookMasterKey(WebhookKeyPath(g));
}

int Subscribe(const Globals& g, const WebhookArgs& a) {
  auto master = MasterKey(g);
  if (!master.ok()) return Fail(master.status());
  const std::string id = a.id.empty() ? "ws" + Sha256Hex(a.unit + "/" + a.url + "/" + std::to_string(NowMs())).substr(0, 12) : a.id;
  const std::string secret = http::WebhookDispatcher::SubscriptionSecret(master.value(), id);
  return Submit(g, "webhook_subscription.create", "whsub-" + id, "office",
                Json{{"subscription_id", id}, {"unit", a.unit}, {"url", a.url}, {"kinds", a.kinds}, {"fingerprint", Sha256Hex(secret)}},
                Json{{"subscription_id", id},
                     {"secret", secret},
                     {"note", "the unit's system verifies each delivery with it as Standard Webhooks do (any standardwebhooks "
                              "library: Webhook(secret).verify(body, headers))"}});
}

int Subscriptions(const Globals& g, bool all) {
  auto rows = ListRows(g, "/v1/webhooks/subscriptions", {{"all", all ? "true" : "false"}}, access::ForEachSubscription,
                   [all](const Json& k) { return all || access::IsActive(k); });
  if (!rows.ok()) return Fail(rows.status());
  Table t({{"subscription_id", "订阅"}, {"unit", "单位"}, {"url", "地址"}, {"kinds", "通知类型"}, {"state", "状态"}, {"created_at", "创建"}});
  for (const Json& k : rows.value()) {
    const Json kinds_given = k.value("kinds", Json::array());
    std::string kinds;
    for (const auto& x : kinds_given)
      if (x.is_string()) kinds += (kinds.empty() ? "" : Label("、", ",")) + Term(x.get<std::string>());
    t.Add({k.value("subscription_id", ""), k.value("unit", ""), k.value("url", ""), kinds.empty() ? Label("（全部）", "(all)") : kinds,
           Term(k.value("state", "")), k.value("created_at", "")},
          {k.value("subscription_id", ""), k.value("unit", ""), k.value("url", ""), kinds_given, k.value("state", ""),
           k.value("created_at", "")});
  }
  return PrintTable(g, t);
}

// The delivery log: the webhook copies of notifications and where each stands.
int Deliveries(const Globals& g, const WebhookArgs& a) {
  std::string unit;
  if (!a.unit.empty()) {  // by id, name or alias, as the server takes it
    auto id = ResolveUnit(g, a.unit, "--unit");
    if (!id.ok()) return Fail(id.status());
    unit = id.value();
  }
  std::map<std::string, std::string> params;
  if (!a.state.empty()) params["state"] = a.state;
  if (!unit.empty()) params["unit"] = unit;
  auto rows = ListRows(g, "/v1/webhooks/deliveries", params, notification::ForEachNotification, [&](const Json& n) {
    return n.value("channel", "") == "webhook" && (a.state.empty() || n.value("state", "") == a.state) &&
           (unit.empty() || notification::IsRecipient(Actor{unit, "unit"}, n));
  });
  if (!rows.ok()) return Fail(rows.status());
  Table t({{"notification_id", "通知"}, {"recipient", "单位"}, {"subscription", "订阅"}, {"kind", "类型"}, {"state", "状态"},
           {"attempts", "次数"}, {"last_error", "最近错误"}});
  for (const Json& n : rows.value()) {
    const int64_t attempts = n.value("attempts", int64_t{0});
    t.Add({n.value("notification_id", ""), n.value("recipient", ""), n.value("subscription", ""), Term(n.value("kind", "")),
           Term(n.value("state", "")), std::to_string(attempts), n.value("last_error", "")},
          {n.value("notification_id", ""), n.value("recipient", ""), n.value("subscription", ""), n.value("kind", ""),
           n.value("state", ""), attempts, n.value("last_error", "")});
  }
  return PrintTable(g, t);
}

int Issue(const Globals& g, const WebhookArgs& a) {
  auto master = MasterKey(g);
  if (!master.ok()) return Fail(master.status());
  // The id must be known before the secret: it is derived from it.
  const std::string id = a.id.empty() ? "wk" + Sha256Hex(a.unit + "/" + std::to_string(NowMs())).substr(0, 12) : a.id;
  const std::string secret = http::DeriveInboundSecret(master.value(), id);
  return Submit(g, "webhook_key.issue", "whkey-" + id, "office",
                Json{{"key_id", id}, {"unit", a.unit}, {"fingerprint", Sha256Hex(secret)}},
                Json{{"key_id", id},
                     {"secret", secret},
                     {"note", "give the key id and secret to the unit's system now; it signs as Standard Webhooks do (any "
                              "standardwebhooks library with this secret) and posts to /v1/webhooks/inbound/" + id}});
}

int List(const Globals& g, bool all) {
  auto rows = ListRows(g, "/v1/webhooks/keys", {{"all", all ? "true" : "false"}}, access::ForEachWebhookKey,
                   [all](const Json& k) { return all || access::IsActive(k); });
  if (!rows.ok()) return Fail(rows.status());
  Table t({{"key_id", "密钥"}, {"unit", "单位"}, {"state", "状态"}, {"issued_at", "签发"}, {"revoked_at", "吊销"}});
  for (const Json& k : rows.value())
    t.Add({k.value("key_id", ""), k.value("unit", ""), Term(k.value("state", "")), k.value("issued_at", ""), k.value("revoked_at", "")},
          {k.value("key_id", ""), k.value("unit", ""), k.value("state", ""), k.value("issued_at", ""), k.value("revoked_at", "")});
  return PrintTable(g, t);
}

// Prints what a unit's system would send: the body and its headers, signed
// both ways (Standard Webhooks, and safecity's own for one version).
int Sign(const Globals& g, const WebhookArgs& a) {
  auto master = MasterKey(g);
  if (!master.ok()) return Fail(master.status());
  Json data = Json::parse(a.data, nullptr, false);
  if (!data.is_object()) return Fail(Status::Invalid("--data", "must be a JSON object, e.g. '{\"note\": \"已收到\"}'"));
  const std::string delivery = a.delivery.empty() ? "d" + std::to_string(NowMs()) : a.delivery;
  Json body{{"delivery_id", delivery},
            {"type", a.type},
            {"stream", a.stream},
            {"data", data}};
  const std::string text = body.dump();
  const int64_t ts = NowMs() / 1000;
  const std::string secret = http::DeriveInboundSecret(master.value(), a.id);
  std::cout << "X-Safecity-Key: " << a.id << "\n"
            << "X-Safecity-Timestamp: " << ts << "\n"
            << "X-Safecity-Signature: " << http::WebhookSignature(secret, ts, text) << "\n"
            << "webhook-id: " << delivery << "\n"
            << "webhook-timestamp: " << ts << "\n"
            << "webhook-signature: " << http::StandardWebhookSignature(secret, delivery, ts, text) << "\n\n"
            << text << "\n";
  return 0;
}

}  // namespace

std::string WebhookKeyPath(const Globals& g) { return http::WebhookMasterKeyPath(g.data); }

void AddWebhookCommands(CLI::App& app, Globals& g, int& rc) {
  static WebhookArgs a;
  auto* webhook = app.add_subcommand("webhook", "webhooks: keys for units' systems (入站 webhook 密钥), signing");
  webhook->require_subcommand(1);
  auto* key = webhook->add_subcommand("key", "the keys units' systems sign their actions with");
  key->require_subcommand(1);
  auto* issue = key->add_subcommand("issue", "issue a key to a unit's system; its secret is printed once");
  issue->add_option("--unit", a.unit, "the unit (id, name or alias); the system acts as that unit")->required();
  issue->add_option("--id", a.id, "the key's id (default: drawn)");
  issue->callback([&g, &rc] { rc = Issue(g, a); });
  auto* revoke = key->add_subcommand("revoke", "revoke a key: its signatures stop working at once");
  revoke->add_option("id", a.id, "the key's id (see `safecity webhook key list`)")->required();
  revoke->add_option("--reason", a.reason, "why, e.g. 密钥泄露")->required();
  revoke->callback([&g, &rc] {
    rc = Submit(g, "webhook_key.revoke", "whkey-" + a.id, "office", Json{{"key_id", a.id}, {"reason", a.reason}});
  });
  auto* list = key->add_subcommand("list", "the keys (never their secrets)");
  list->add_flag("--all", a.all, "revoked ones too");
  list->callback([&g, &rc] { rc = List(g, a.all); });

  auto* subscribe = webhook->add_subcommand("subscribe", "deliver a unit's notifications to its system's URL; the signing secret is printed once");
  subscribe->add_option("--unit", a.unit, "the unit (id, name or alias)")->required();
  subscribe->add_option("--url", a.url, "where deliveries are POSTed, http:// or https://")->required();
  subscribe->add_option("--kinds", a.kinds, "notification kinds to deliver, e.g. task_assigned task_returned (default: all)");
  subscribe->add_option("--id", a.id, "the subscription's id (default: drawn)");
  subscribe->callback([&g, &rc] { rc = Subscribe(g, a); });
  auto* unsubscribe = webhook->add_subcommand("unsubscribe", "cancel a subscription: nothing more is queued for it");
  unsubscribe->add_option("id", a.id, "the subscription's id")->required();
  unsubscribe->add_option("--reason", a.reason, "why")->required();
  unsubscribe->callback([&g, &rc] {
    rc = Submit(g, "webhook_subscription.cancel", "whsub-" + a.id, "office", Json{{"subscription_id", a.id}, {"reason", a.reason}});
  });
  auto* subs = webhook->add_subcommand("subscriptions", "the subscriptions (never their secrets)");
  subs->add_flag("--all", a.all, "cancelled ones too");
  subs->callback([&g, &rc] { rc = Subscriptions(g, a.all); });

  auto* deliveries = app.add_subcommand("deliveries", "outbound webhook deliveries (投递记录): list, retry a dead letter");
  deliveries->require_subcommand(1);
  auto* dlist = deliveries->add_subcommand("list", "every webhook delivery, its state, attempts and last error");
  dlist->add_option("--state", a.state, "queued, sent, delivered, failed, retry_scheduled, dead_lettered");
  dlist->add_option("--unit", a.unit, "the recipient unit (id, name or alias)");
  dlist->callback([&g, &rc] { rc = Deliveries(g, a); });
  auto* dretry = deliveries->add_subcommand("retry", "send a dead-lettered delivery again (one more attempt, by the server)");
  dretry->add_option("id", a.id, "the notification id")->required();
  dretry->callback([&g, &rc] {
    rc = Submit(g, "notification.schedule_retry", "notification-" + a.id, "office", Json{{"retry_at", FormatIsoMs(NowMs())}});
  });

  auto* sign = webhook->add_subcommand("sign", "print a signed inbound delivery (headers, then body) to send with curl");
  sign->add_option("--key", a.id, "the webhook key's id")->required();
  sign->add_option("--type", a.type, "the command, e.g. task.acknowledge")->required();
  sign->add_option("--stream", a.stream, "the stream, e.g. task-XA-001")->required();
  sign->add_option("--data", a.data, "the command's data as JSON (default {})");
  sign->add_option("--delivery", a.delivery, "the delivery id (default: drawn from the time)");
  sign->callback([&g, &rc] { rc = Sign(g, a); });
}

}  // namespace safecity::cli
