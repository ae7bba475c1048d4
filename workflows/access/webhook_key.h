// WebhookKeyWorkflow: the keys with which a unit's own system signs the
// actions it posts to /v1/webhooks/inbound (入站 webhook 密钥), in streams
// "whkey-<id>". The secret is derived from the server's webhook master key and
// never logged (connectors/http/webhook_signature.h); the log keeps who got
// which key, its secret's SHA-256 fingerprint, and when it was revoked.
//
// Commands: webhook_key.issue {key_id, unit, fingerprint},
//           webhook_key.revoke {key_id, reason}  (office only)
// Events: WebhookKeyIssued, WebhookKeyRevoked.
// Read models: whkey/<id> -> {key_id, unit, fingerprint, state, issued_at, ...}.
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::access {

std::unique_ptr<Workflow> MakeWebhookKeyWorkflow();

}  // namespace safecity::access
