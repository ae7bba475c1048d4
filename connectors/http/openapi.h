// The OpenAPI 3.1 document of the HTTP API (api_server.h): one path per
// command type that a token may send, its request's `data` being the
// command's own JSON Schema from schemas/commands/ (and `data` required when
// that schema requires anything), `stream` as <kind>-<id> of the command's
// workflow; the query paths with their parameters' patterns and the shapes
// of their answers (Task, Event, Notification, Refusal), every error the
// server gives there. schemas/openapi.json is this document as `safecity
// openapi` prints it; a test keeps the two equal, and tests/http/
// schemathesis.sh checks a live server against it.
#pragma once

#include <string>

#include "engine/envelope.h"

namespace safecity::http {

Json OpenApiDocument();

// A command only the engine issues (its schema says "x-issued-by"): every
// token gets 403 on it, and the document does not list it.
bool InternalCommand(const std::string& type);

}  // namespace safecity::http
