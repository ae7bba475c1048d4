// How the HTTP API says what went wrong: RFC 9457 problem details
// (application/problem+json) with the field at fault, mapped from a Status.
//
//   kInvalid -> 400, kUnauthenticated -> 401, kForbidden -> 403,
//   kNotFound -> 404, kRefused and kConflict -> 409 (the state does not allow
//   it now), kStorage -> 503, kNoSpace -> 507 (the disk is full: writes wait
//   for space, reads go on); and the transport's own 405, 411, 413, 415.
#pragma once

#include <string>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity::http {

int HttpStatusFor(const Status& s);

// {"type","title","status","detail","field"?,"code"} plus `extra`'s keys.
Json Problem(int http_status, const Status& s, const Json& extra = Json::object());

inline constexpr const char* kProblemJson = "application/problem+json";

}  // namespace safecity::http
