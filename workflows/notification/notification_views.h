// Notification views (通知读模型): the read models the notification workflow
// keeps, their keys, and the reads the dispatchers, the CLI, the HTTP API and
// the access rules share. No file outside this folder spells these keys.
//
//   ntf/<id>                                  the summary
//   inbox/<owner>/<BE64 queued_at>/<id>       the recipient's inbox, oldest first (the
//                                             same row); the owner is recipient.h's
//                                             InboxOwner ("office", a unit id,
//                                             "inspector:<name>")
//   cnt/<owner>/unread                        delivered and not yet acknowledged (inbox)
//   whq/<id> -> ISO time | "sent <ISO time>"  webhook channel: waiting for an attempt from
//                                             then, or an attempt in flight since then
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::notification {

std::string NotificationKey(const std::string& notification);
std::string InboxKey(const std::string& owner, int64_t queued_at_ms, const std::string& notification);
// The prefix of an owner's inbox rows: a page of them starts after a key under it.
std::string InboxPrefix(const std::string& owner);
std::string UnreadCounterKey(const std::string& owner);
std::string WebhookQueueKey(const std::string& notification);

// The prefix of every notification's summary, in id order: a page of them
// starts after a key under it.
std::string NotificationListPrefix();
// The notification's summary; null when there is none.
Json ReadNotification(ReadModelReader& reader, const std::string& notification);
// Every notification's summary, in id order.
Status ForEachNotification(ReadModelReader& reader, const std::function<bool(const Json& summary)>& fn);
// The owner's inbox, oldest first.
Status ForEachInInbox(ReadModelReader& reader, const std::string& owner, const std::function<bool(const Json& row)>& fn);
// The webhook queue: each notification waiting for an attempt, with when it
// is due from (`value` as whq/ holds it: an ISO time, or "sent <ISO time>").
Status ForEachQueuedWebhook(ReadModelReader& reader,
                            const std::function<bool(const std::string& notification, const std::string& value)>& fn);

}  // namespace safecity::notification
