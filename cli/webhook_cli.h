// safecity webhook key issue|revoke|list: the keys with which units' systems
// sign the actions they post to /v1/webhooks/inbound (入站 webhook 密钥);
// safecity webhook subscribe|unsubscribe|subscriptions: where a unit's
// notifications are delivered; safecity deliveries list|retry: the delivery
// log and re-sending a dead letter; safecity webhook sign: the headers and
// body a unit's system sends, for trying it with curl.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace safecity::cli {

// The webhook master key file of a data directory: <data>/webhook.key.
std::string WebhookKeyPath(const Globals& g);

void AddWebhookCommands(CLI::App& app, Globals& g, int& rc);

}  // namespace safecity::cli
