// The routes of the HTTP API as templates ("/v1/streams/{stream}/events"):
// which one a request's path is, and which methods it answers. The server's
// handlers match the same patterns (api_server.cc); /metrics labels requests
// by template, never by path, and a path that is a route answers a method it
// does not have with 405 and Allow.
#pragma once

#include <string>

namespace safecity::http {

// The route template `path` matches, e.g. "/v1/streams/{stream}/events" for
// "/v1/streams/task-XA-1/events"; "other" when it is no route of the API.
std::string RouteTemplate(const std::string& path);

// The Allow header of a route template: "POST" or "GET, HEAD"; "" for "other".
std::string AllowedMethods(const std::string& route_template);

}  // namespace safecity::http
