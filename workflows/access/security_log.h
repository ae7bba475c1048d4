// SecurityLogWorkflow: the record of refused actions (安全审计记录) that auditors
// read — a request without a valid token or signature, a principal acting
// where its role or unit does not allow. One stream per UTC day,
// "security-<YYYY-MM-DD>", so that a day's refusals are one hash chain.
//
// Commands (role "system" only: the HTTP API and the webhook receiver record
// what they refused, never a person):
//   security.record_refusal     -> AccessRefused {principal, role, token_id,
//       channel, action, target, http_status, reason, message, remote}: one
//       refusal, the first of its source (connectors/http/refusal_window.h);
//   security.summarise_refusals -> AccessRefusalsSummarised {the same fields,
//       of a sample, plus first, last (UTC times) and count}: the refusals of
//       one source (remote, principal, reason) in one minute after that first;
//       remote and principal "*" for the sources beyond the window's bound.
//   security.record_login       -> LoginSucceeded {login, principal, role,
//       remote}: a person logged in to the console (sessions.h), recorded
//       before the session's cookie is given.
// reason: unauthenticated (401), forbidden (403), rate_limited (429).
// State: {refusals: how many, last_at}. Read models: security/<day>/<version,
// 8 digits> -> the event's data plus "at"; counter cnt/security/<principal>
// (refusals, a summary counting as its count).
#pragma once

#include <memory>
#include <string>

#include "engine/workflow.h"

namespace safecity::access {

std::unique_ptr<Workflow> MakeSecurityLogWorkflow();

// The stream a refusal at `at_ms` (UTC) goes to: "security-YYYY-MM-DD".
std::string SecurityStreamFor(int64_t at_ms);

}  // namespace safecity::access
