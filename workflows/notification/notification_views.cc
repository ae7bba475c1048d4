#include "workflows/notification/notification_views.h"

#include "engine/store.h"

namespace safecity::notification {

namespace {
const std::string kNotifications = "ntf/";
const std::string kInbox = "inbox/";
const std::string kWebhookQueue = "whq/";
}  // namespace

std::string NotificationKey(const std::string& notification) { return kNotifications + notification; }
std::string InboxPrefix(const std::string& owner) { return kInbox + owner + "/"; }
std::string InboxKey(const std::string& owner, int64_t queued_at_ms, const std::string& notification) {
  return InboxPrefix(owner) + Store::BigEndian64(static_cast<uint64_t>(queued_at_ms)) + "/" + notification;
}
std::string UnreadCounterKey(const std::string& owner) { return "cnt/" + owner + "/unread"; }
std::string WebhookQueueKey(const std::string& notification) { return kWebhookQueue + notification; }

Json ReadNotification(ReadModelReader& reader, const std::string& notification) {
  return reader.GetJson(NotificationKey(notification));
}

std::string NotificationListPrefix() { return kNotifications; }

Status ForEachNotification(ReadModelReader& reader, const std::function<bool(const Json&)>& fn) {
  return reader.ScanJson(kNotifications, [&](const std::string&, const Json& n) { return fn(n); });
}

Status ForEachInInbox(ReadModelReader& reader, const std::string& owner, const std::function<bool(const Json&)>& fn) {
  return reader.ScanJson(InboxPrefix(owner), [&](const std::string&, const Json& n) { return fn(n); });
}

Status ForEachQueuedWebhook(ReadModelReader& reader, const std::function<bool(const std::string&, const std::string&)>& fn) {
  return reader.Scan(kWebhookQueue, [&](const std::string& key, const std::string& value) {
    return fn(key.substr(kWebhookQueue.size()), value);
  });
}

}  // namespace safecity::notification
