#include "workflows/access/access_views.h"

namespace safecity::access {

namespace {
const std::string kTokens = "token/";
const std::string kTokenHashes = "tokenhash/";
const std::string kWebhookKeys = "whkey/";
const std::string kSubscriptions = "whsub/";
const std::string kSubscriptionsOfUnit = "whsubu/";

Status ForEachJson(ReadModelReader& reader, const std::string& prefix, const std::function<bool(const Json&)>& fn) {
  return reader.ScanJson(prefix, [&](const std::string&, const Json& row) { return fn(row); });
}
}  // namespace

std::string TokenKey(const std::string& token) { return kTokens + token; }
std::string TokenHashKey(const std::string& sha256) { return kTokenHashes + sha256; }
std::string WebhookKeyKey(const std::string& key) { return kWebhookKeys + key; }
std::string SubscriptionKey(const std::string& subscription) { return kSubscriptions + subscription; }
std::string SubscriptionOfUnitKey(const std::string& unit, const std::string& subscription) {
  return kSubscriptionsOfUnit + unit + "/" + subscription;
}

Json ReadToken(ReadModelReader& reader, const std::string& token) { return reader.GetJson(TokenKey(token)); }
Result<std::optional<std::string>> TokenWithHash(ReadModelReader& reader, const std::string& sha256) {
  return reader.Get(TokenHashKey(sha256));
}
bool IsActive(const Json& row) { return row.is_object() && row.value("state", "") == "active"; }

Status ForEachToken(ReadModelReader& reader, const std::function<bool(const Json&)>& fn) {
  return ForEachJson(reader, kTokens, fn);
}

Json ReadWebhookKey(ReadModelReader& reader, const std::string& key) { return reader.GetJson(WebhookKeyKey(key)); }
Status ForEachWebhookKey(ReadModelReader& reader, const std::function<bool(const Json&)>& fn) {
  return ForEachJson(reader, kWebhookKeys, fn);
}

Json ReadSubscription(ReadModelReader& reader, const std::string& subscription) {
  return reader.GetJson(SubscriptionKey(subscription));
}
Status ForEachSubscription(ReadModelReader& reader, const std::function<bool(const Json&)>& fn) {
  return ForEachJson(reader, kSubscriptions, fn);
}
Status ForEachSubscriptionOf(ReadModelReader& reader, const std::string& unit, const std::function<bool(const Json&)>& fn) {
  const std::string prefix = kSubscriptionsOfUnit + unit + "/";
  return reader.Scan(prefix, [&](const std::string& key, const std::string&) {
    Json s = ReadSubscription(reader, key.substr(prefix.size()));
    return !s.is_object() || fn(s);
  });
}

}  // namespace safecity::access
