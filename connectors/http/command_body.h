// The command a request's JSON body describes, for POST /v1/commands/{type}
// and POST /v1/webhooks/inbound: "stream" (a string, required), "data" (an
// object, default {}), "correlation_id", and whichever other string fields the
// endpoint allows ("type", "delivery_id"). A field the endpoint does not know
// is refused by name, so a misspelt key is never silently dropped.
//
// Only the shape is checked here; the data's JSON Schema, the actor and the
// stream's kind are checked by CheckCommand (engine/intake.h) like any other
// command's. Never throws, whatever the bytes.
#pragma once

#include <initializer_list>
#include <string>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity::http {

// Fills c->stream, c->data, c->correlation_id and, when allowed and present,
// c->type; `parsed`, when given, receives the whole body. kInvalid naming
// the field at fault.
Status DecodeCommandBody(const std::string& text, std::initializer_list<const char*> allowed, CommandEnvelope* c,
                         Json* parsed = nullptr);

}  // namespace safecity::http
