// What the HTTP tests need of a client of the API: a reply as status, JSON
// body, text, headers and content type, and the bearer header of a token;
// and the security log's rows as the store holds them.
#pragma once

#include <string>

#include <httplib.h>

#include "engine/envelope.h"
#include "engine/read_models.h"

namespace safecity::testing {

struct Reply {
  int status = 0;  // 0: no answer
  Json body;       // discarded when the body is not JSON
  httplib::Headers headers;
  std::string text;
  std::string content_type;
};

inline Reply From(const httplib::Result& r) {
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.text = r->body;
  out.headers = r->headers;
  out.content_type = r->get_header_value("Content-Type");
  out.body = Json::parse(r->body, nullptr, false);
  return out;
}

// "Authorization: Bearer <token>" (none for an empty token) beside `extra`.
inline httplib::Headers Auth(const std::string& token, httplib::Headers extra = {}) {
  if (!token.empty()) extra.emplace("Authorization", "Bearer " + token);
  return extra;
}

// Every row of the security log, of all days, oldest day first (read after
// the server stopped, so that the summaries it still counted are written).
inline Json SecurityRows(Store* store) {
  Json rows = Json::array();
  ReadModelReader(store).Scan("security/", [&](const std::string&, const std::string& v) {
    rows.push_back(Json::parse(v));
    return true;
  });
  return rows;
}

// The refusals rows stand for: one each, a summary its count.
inline int64_t RefusalsCounted(const Json& rows) {
  int64_t n = 0;
  for (const Json& r : rows) n += r.value("count", int64_t{1});
  return n;
}

}  // namespace safecity::testing
