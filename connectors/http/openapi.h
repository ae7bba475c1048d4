// The OpenAPI 3.1 document of the HTTP API (api_server.h): one path per
// command type, its request's `data` being the command's own JSON Schema from
// schemas/commands/, and the query paths. schemas/openapi.json is this
// document as `safecity openapi` prints it; a test keeps the two equal.
#pragma once

#include "engine/envelope.h"

namespace safecity::http {

Json OpenApiDocument();

}  // namespace safecity::http
