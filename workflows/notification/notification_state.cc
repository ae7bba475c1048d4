#include "workflows/notification/notification_state.h"

#include <stdexcept>

#include "engine/state_keys.h"
#include "engine/time_util.h"
#include "workflows/common.h"
#include "workflows/notification/recipient.h"

namespace safecity::notification {

namespace {

bool IsQueuedKey(const std::string& k) {
  static const char* const kKeys[] = {"notification_id", "recipient", "recipient_role", "channel", "kind",
                                      "subject",         "body",      "ref",            "subscription"};
  for (const char* key : kKeys)
    if (k == key) return true;
  return false;
}

bool IsStateKey(const std::string& k) {
  return IsQueuedKey(k) || IsOneOf(k, {"state", "queued_at", "queued_at_ms", "attempts", "last_error", "updated_at",
                                       "delivered_at", "acknowledged_at", "retry_at"});
}

// What queueing fixes, from NotificationQueued's data or a state's JSON
// (which has it under the same keys).
void ReadQueued(const Json& j, Notification* n) {
  n->notification_id = j.at("notification_id").get<std::string>();
  n->recipient = j.at("recipient").get<std::string>();
  if (j.contains("recipient_role")) n->recipient_role = j["recipient_role"].get<std::string>();
  n->channel = j.at("channel").get<std::string>();
  n->kind = j.value("kind", "");
  n->subject = j.value("subject", "");
  n->body = j.value("body", "");
  n->ref = j.value("ref", "");
  if (j.contains("subscription")) n->subscription = j["subscription"].get<std::string>();
  n->other = OtherKeys(j, IsStateKey);
}


}  // namespace

bool Notification::operator==(const Notification& o) const {
  return state == o.state && notification_id == o.notification_id && recipient == o.recipient &&
         recipient_role == o.recipient_role && channel == o.channel && kind == o.kind && subject == o.subject &&
         body == o.body && ref == o.ref && subscription == o.subscription && queued_at == o.queued_at &&
         attempts == o.attempts && last_error == o.last_error && updated_at == o.updated_at &&
         delivered_at == o.delivered_at && acknowledged_at == o.acknowledged_at && retry_at == o.retry_at &&
         other == o.other;
}

std::string Notification::RecipientRoleOrDefault() const {
  return RecipientRoleOf(recipient_role.value_or(""), recipient, kind);
}

std::string Notification::InboxOwner() const { return notification::InboxOwner(RecipientRoleOrDefault(), recipient); }

bool Notification::IsRecipient(const Actor& who) const {
  return IsRecipientOf(who, RecipientRoleOrDefault(), recipient);
}

Json Notification::ToJson() const {
  if (state == "none") return Json();
  Json j = other;
  j["notification_id"] = notification_id;
  j["recipient"] = recipient;
  if (recipient_role) j["recipient_role"] = *recipient_role;
  j["channel"] = channel;
  j["kind"] = kind;
  j["subject"] = subject;
  j["body"] = body;
  j["ref"] = ref;
  if (subscription) j["subscription"] = *subscription;
  j["state"] = state;
  j["queued_at"] = FormatIsoMs(queued_at);
  j["queued_at_ms"] = queued_at;
  j["attempts"] = attempts;
  j["last_error"] = last_error;
  j["updated_at"] = FormatIsoMs(updated_at);
  if (delivered_at) j["delivered_at"] = FormatIsoMs(*delivered_at);
  if (acknowledged_at) j["acknowledged_at"] = FormatIsoMs(*acknowledged_at);
  if (retry_at) j["retry_at"] = *retry_at;
  return j;
}

Notification Notification::FromJson(const Json& j) {
  Notification n;
  if (j.is_null()) return n;
  n.state = j.at("state").get<std::string>();
  if (n.state == "none" || n.state.empty()) throw std::invalid_argument("notification state: no state");
  ReadQueued(j, &n);
  n.queued_at = j.at("queued_at_ms").get<int64_t>();
  n.attempts = j.value("attempts", int64_t{0});
  n.last_error = j.value("last_error", "");
  n.updated_at = StateTimeMs(j, "updated_at", "notification state");
  if (j.contains("delivered_at")) n.delivered_at = StateTimeMs(j, "delivered_at", "notification state");
  if (j.contains("acknowledged_at")) n.acknowledged_at = StateTimeMs(j, "acknowledged_at", "notification state");
  if (j.contains("retry_at")) n.retry_at = j["retry_at"].get<std::string>();
  return n;
}

void ApplyNotificationEvent(Notification& n, const EventEnvelope& e) {
  const Json& d = e.data;
  const std::string& t = e.type;
  if (t == "NotificationQueued") {
    Notification fresh;
    ReadQueued(d, &fresh);
    fresh.state = "queued";
    fresh.queued_at = e.occurred_at;
    n = std::move(fresh);
  } else if (t == "NotificationSent") {
    n.state = "sent";
    n.attempts = d.at("attempt").get<int64_t>();
  } else if (t == "NotificationDelivered") {
    n.state = "delivered";
    n.delivered_at = e.occurred_at;
  } else if (t == "NotificationAcknowledged") {
    n.state = "acknowledged";
    n.acknowledged_at = e.occurred_at;
  } else if (t == "NotificationFailed") {
    n.state = "failed";
    n.last_error = d.at("error").get<std::string>();
  } else if (t == "NotificationRetryScheduled") {
    n.state = "retry_scheduled";
    n.retry_at = d.at("retry_at").get<std::string>();
  } else if (t == "NotificationDeadLettered") {
    n.state = "dead_lettered";
  }
  n.updated_at = e.occurred_at;
}

}  // namespace safecity::notification
