#include "connectors/http/problem.h"

#include "engine/command_processor.h"

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
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return status >= 500 ? "Server Error" : "Client Error";
  }
}
}  // namespace

Json Problem(int http_status, const Status& s, const Json& extra, Language lang) {
  Json p{{"type", std::string("https://safecity.example/problems/") + s.code_name()},
         {"title", Title(http_status)},
         {"status", http_status},
         {"code", s.code_name()},
         {"detail", s.Render(lang, Edge::kHttp)}};
  if (!s.field().empty()) p["field"] = s.field();
  AddRefusalWords(s, &p);
  for (auto it = extra.begin(); it != extra.end(); ++it) p[it.key()] = it.value();
  return p;
}

Language LanguageOf(const Request& req) { return LanguageFromAcceptLanguage(req.get_header_value("Accept-Language")); }

void SetProblem(Response& res, int http_status, const Status& s, Language lang) {
  res.status = http_status;
  if (!s.reason().empty()) {
    res.set_header("Content-Language", lang == Language::kZh ? "zh" : "en");
    res.set_header("Vary", "Accept-Language");
  }
  res.set_content(Problem(http_status, s, Json::object(), lang).dump(), kProblemJson);
}

}  // namespace safecity::http
