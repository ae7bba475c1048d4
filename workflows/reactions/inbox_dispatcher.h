// InboxDispatcher: delivers notifications of the "inbox" channel. A unit's
// inbox is a read model, so delivery cannot fail: a queued notification is
// sent (attempt 1) and, once sent, delivered. Webhook delivery, with its
// failures, retries and dead letters, is the HTTP connector's.
//
//   NotificationQueued (inbox)  -> notification.send
//   NotificationSent (inbox)    -> notification.deliver
#pragma once

#include <memory>

#include "engine/reactor.h"

namespace safecity::reactions {

std::unique_ptr<Reactor> MakeInboxDispatcher();

}  // namespace safecity::reactions
