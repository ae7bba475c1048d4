// Access views (令牌、密钥与订阅的读模型): the read models of the access
// tokens, the inbound webhook keys and the webhook subscriptions, their keys,
// and the reads the authentication, the CLI, the HTTP API and the process
// manager share. No file outside this folder spells these keys.
//
//   token/<id>                 the token without its hash: token_id, principal,
//                              role, unit, label, state, issued_at, revoked_at …
//   tokenhash/<sha256>         the token a secret's SHA-256 names -> id
//   whkey/<id>                 an inbound webhook key: key_id, unit,
//                              fingerprint, state, issued_at …
//   whsub/<id>                 a webhook subscription: subscription_id, unit,
//                              url, kinds, fingerprint, state …
//   whsubu/<unit>/<id>         the unit's active subscriptions -> ""
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::access {

// Whether a token, key, subscription or account (its read model) is in
// force: state "active".
bool IsActive(const Json& row);

std::string TokenKey(const std::string& token);
std::string TokenHashKey(const std::string& sha256);
std::string WebhookKeyKey(const std::string& key);
std::string SubscriptionKey(const std::string& subscription);
std::string SubscriptionOfUnitKey(const std::string& unit, const std::string& subscription);

// The token (null when none), and the id of the token whose secret has this
// SHA-256 (none when no token has).
Json ReadToken(ReadModelReader& reader, const std::string& token);
Result<std::optional<std::string>> TokenWithHash(ReadModelReader& reader, const std::string& sha256);
Status ForEachToken(ReadModelReader& reader, const std::function<bool(const Json& token)>& fn);

Json ReadWebhookKey(ReadModelReader& reader, const std::string& key);
Status ForEachWebhookKey(ReadModelReader& reader, const std::function<bool(const Json& key)>& fn);

Json ReadSubscription(ReadModelReader& reader, const std::string& subscription);
Status ForEachSubscription(ReadModelReader& reader, const std::function<bool(const Json& subscription)>& fn);
// The unit's active subscriptions, in id order.
Status ForEachSubscriptionOf(ReadModelReader& reader, const std::string& unit,
                             const std::function<bool(const Json& subscription)>& fn);

}  // namespace safecity::access
