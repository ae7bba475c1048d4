// Authenticate: who is acting, from the secret of an access token
// (access_token.h). The secret is hashed (SHA-256) and looked up in the
// `tokenhash/` read model; an unknown or revoked token is kUnauthenticated,
// with a message that says what to do and never echoes the secret.
//
// The actor: a unit's token acts as {unit id, "unit"}; the others as
// {principal, role}. `token_id` names the token in the record of the action.
#pragma once

#include <string>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::access {

struct Principal {
  Actor actor;
  std::string token_id;
};

Result<Principal> Authenticate(ReadModelReader& reader, const std::string& secret);

// A new secret: "sct_" and 43 characters of base64url over 32 random bytes
// (OpenSSL's RAND_bytes). Used by the CLI, never by a workflow.
Result<std::string> NewTokenSecret();

}  // namespace safecity::access
