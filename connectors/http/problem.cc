#include "connectors/http/problem.h"

namespace safecity::http {

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk: return 200;
    case Status::Code::kInvalid: return 400;
    case Status::Code::kUnauthenticated: return 401;
    case Status::Code::kForbidden: return 403;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kRefused:
    case Status::Code::kConflict: return 409;
    case Status::Code::kStorage: return 503;
    case Status::Code::kNoSpace: return 507;
  }
  return 500;
}

namespace {
const char* Title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 503: return "Service Unavailable";
    case 507: return "Insufficient Storage";
    default: return "Error";
  }
}
}  // namespace

Json Problem(int http_status, const Status& s, const Json& extra) {
  Json p{{"type", std::string("https://safecity.example/problems/") + s.code_name()},
         {"title", Title(http_status)},
         {"status", http_status},
         {"code", s.code_name()},
         {"detail", s.ToString()}};
  if (!s.field().empty()) p["field"] = s.field();
  for (auto it = extra.begin(); it != extra.end(); ++it) p[it.key()] = it.value();
  return p;
}

}  // namespace safecity::http
