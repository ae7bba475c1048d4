// How the HTTP API says what went wrong: RFC 9457 problem details
// (application/problem+json) with the field at fault, mapped from a Status.
//
//   kInvalid -> 400, kUnauthenticated -> 401, kForbidden -> 403,
//   kNotFound -> 404, kRefused and kConflict -> 409 (the state does not allow
//   it now), kStorage -> 503, kNoSpace -> 507 (the disk is full: writes wait
//   for space, reads go on); and the transport's own 405, 408, 411, 413, 414,
//   415, 431, 500; 429 for an address past its failed authentications
//   (refusal_recorder.h) or its connections. Every status has its own title.
#pragma once

#include <string>

#include "connectors/http/http_message.h"
#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity::http {

int HttpStatusFor(const Status& s);

// {"type","title","status","detail","field"?,"code"} plus `extra`'s keys;
// for a refusal that carries its words (engine/message.h) also "reason" and
// "params", and `detail` in `lang` with the API's advice.
Json Problem(int http_status, const Status& s, const Json& extra = Json::object(), Language lang = Language::kZh);

inline constexpr const char* kProblemJson = "application/problem+json";

// The client's language: its Accept-Language, Chinese unless English is preferred.
Language LanguageOf(const Request& req);

// Makes `res` the problem document for `s` with `http_status`, in `lang`
// (a refusal with its words also says Content-Language and Vary).
void SetProblem(Response& res, int http_status, const Status& s, Language lang = Language::kZh);

}  // namespace safecity::http
