// Notification (通知): the folded state of one notification stream, a plain
// struct decided from and folded in place (engine/typed_workflow.h).
//
// Its JSON form (ToJson: the snapshot, `safecity show`) has the keys the
// notification's state has always had: NotificationQueued's data as queued,
// then state, queued_at, queued_at_ms, attempts, last_error, updated_at, and
// once they happen delivered_at, acknowledged_at, retry_at.
// FromJson(ToJson(n)) == n; keys this build does not name are kept in
// `other` and written back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/envelope.h"

namespace safecity::notification {

struct Notification {
  // The machine's state (notification_machine.h): "none" before queueing.
  std::string state = "none";
  // What queueing fixes (NotificationQueued's data).
  std::string notification_id;
  std::string recipient;                     // a unit id, "office", an inspector's name
  std::optional<std::string> recipient_role;  // absent on notifications queued before it (recipient.h)
  std::string channel;                        // "inbox" | "webhook"
  std::string kind;
  std::string subject;
  std::string body;
  std::string ref;
  std::optional<std::string> subscription;  // the webhook channel's subscription
  int64_t queued_at = 0;                     // UTC ms
  // What later events change.
  int64_t attempts = 0;
  std::string last_error;
  int64_t updated_at = 0;  // UTC ms
  std::optional<int64_t> delivered_at, acknowledged_at;
  std::optional<std::string> retry_at;  // ISO text, as the event gave it
  Json other = Json::object();          // keys this build does not name

  bool operator==(const Notification& o) const;
  bool operator!=(const Notification& o) const { return !(*this == o); }

  // recipient.h's rules on the typed fields.
  std::string RecipientRoleOrDefault() const;
  std::string InboxOwner() const;
  bool IsRecipient(const Actor& who) const;

  Json ToJson() const;
  static Notification FromJson(const Json& j);  // throws when `j` is not a notification's state
};

// Folds one event of the notification into `n` (an event type this build
// does not know only moves updated_at, as it always has).
void ApplyNotificationEvent(Notification& n, const EventEnvelope& e);

}  // namespace safecity::notification
