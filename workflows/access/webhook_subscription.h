// WebhookSubscriptionWorkflow: where a unit wants its notifications delivered
// by webhook (webhook 订阅), in streams "whsub-<id>": a URL, the notification
// kinds (empty: all) and the SHA-256 fingerprint of the secret the deliveries
// are signed with (derived from the server's webhook master key, shown once,
// never logged). The process manager queues a webhook copy of each matching
// notification; the HTTP connector's WebhookDispatcher delivers it.
//
// Commands: webhook_subscription.create {subscription_id, unit, url, kinds, fingerprint},
//           webhook_subscription.cancel {subscription_id, reason}
//   by the office, or by the unit for itself.
// Events: WebhookSubscribed, WebhookUnsubscribed.
// Read models: whsub/<id> (the subscription), whsubu/<unit>/<id> (active ones by unit).
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::access {

std::unique_ptr<Workflow> MakeWebhookSubscriptionWorkflow();

}  // namespace safecity::access
