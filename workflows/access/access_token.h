// AccessTokenWorkflow: the tokens (访问令牌) with which people and systems act
// through the HTTP API — the office, each unit's system, inspectors and
// auditors — in streams "token-<id>". The secret itself is never in the log:
// the CLI draws it (random, shown once) and sends only its SHA-256, so the log
// says who issued which token to whom, and when it was revoked.
//
// Commands: token.issue, token.revoke (office only).
// Events: TokenIssued {token_id, principal, role, unit?, label, sha256},
//         TokenRevoked {token_id, reason}.
// Read models: token/<id> (the token without its hash, plus state and the
// times), tokenhash/<sha256> -> id.
//
// A unit's token acts as that unit (principal = unit id); the others act as
// their principal (a person's or system's name) in their role.
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::access {

std::unique_ptr<Workflow> MakeAccessTokenWorkflow();

}  // namespace safecity::access
