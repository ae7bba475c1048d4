// Request and Response: one HTTP exchange as the API's handlers see it, apart
// from the transport that read it (http_transport.h) and the route that chose
// the handler (http_router.h). The member names are those of cpp-httplib,
// which the handlers were first written against.
//
// A Request's path is percent-decoded, its query split into params (decoded,
// '+' read as a space); ParseTarget refuses what no route can mean: a target
// that is not a path, a malformed %-escape, control bytes (NUL included) or
// bytes that are not UTF-8. `matches` are the route's groups over `path`,
// so a Request is not copied or moved once routed.
#pragma once

#include <chrono>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "engine/status.h"

namespace safecity::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;                              // as sent, e.g. "GET"
  std::string target;                              // as sent, e.g. "/v1/log?after=5"
  std::string path;                                // decoded, e.g. "/v1/log"
  std::multimap<std::string, std::string> params;  // the query, decoded
  Headers headers;
  std::string body;
  std::string remote_addr;  // the client's address
  std::smatch matches;      // the route's groups over `path`
  std::string route;        // the matching route's pattern, "" when none matched
  // When its first byte came (the transport's clock), for its duration.
  std::chrono::steady_clock::time_point received_at{};
  // Who it turned out to be and which work it belongs to, noted by the
  // handler for the access log (which sees the request as const).
  struct Note {
    std::string principal;       // "role:id" once authenticated
    std::string correlation_id;  // the command's, or the traceparent's trace id
  };
  mutable Note note;

  // The first header of that name (case-insensitive), "" when absent.
  std::string get_header_value(const std::string& name) const;
  bool has_header(const std::string& name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  void set_header(const std::string& name, const std::string& value);
  void set_content(std::string content, const std::string& content_type);
  std::string get_header_value(const std::string& name) const;
};

// The trace id of a W3C Trace Context `traceparent` header
// ("00-<32 hex>-<16 hex>-<2 hex>"), taken as the correlation id of what the
// request does; "" when the header is absent or not of that form.
std::string TraceIdOf(const Request& req);


// Fills req->path and req->params from req->target; kInvalid naming "path"
// or the parameter at fault.
Status ParseTarget(Request* req);

// Whether a Content-Type names `type` ("application/json"), parameters such as
// "; charset=utf-8" aside; "application/jsonx" is not "application/json".
bool MediaTypeIs(const std::string& content_type, const std::string& type);

}  // namespace safecity::http
