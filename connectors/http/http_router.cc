#include "connectors/http/http_router.h"

#include "connectors/http/api_refusals.h"
#include "connectors/http/problem.h"

namespace safecity::http {

void Router::Get(const std::string& pattern, Handler handler) {
  routes_.push_back(Route{"GET", pattern, std::regex(pattern), std::move(handler)});
}

void Router::Post(const std::string& pattern, Handler handler) {
  routes_.push_back(Route{"POST", pattern, std::regex(pattern), std::move(handler)});
}

void Router::Delete(const std::string& pattern, Handler handler) {
  routes_.push_back(Route{"DELETE", pattern, std::regex(pattern), std::move(handler)});
}

void Router::Dispatch(Request& req, Response& res) const {
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  std::string allow;
  for (const Route& r : routes_) {
    if (!std::regex_match(req.path, req.matches, r.regex)) continue;
    if (r.method == method) {
      req.route = r.pattern;
      r.handler(req, res);
      return;
    }
    const std::string methods = r.method == "GET" ? "GET, HEAD" : r.method;
    if (allow.find(methods) == std::string::npos) allow += (allow.empty() ? "" : ", ") + methods;
  }
  req.matches = std::smatch();
  if (allow.empty())
    return SetProblem(res, 404, Status::Refusal(Status::Code::kNotFound, "path", kNoSuchRoute, {{"path", req.path}}), LanguageOf(req));
  SetProblem(res, 405, Status::Refusal(Status::Code::kInvalid, "method", kMethodNotAllowed, {{"method", req.method}, {"path", req.path}, {"allow", allow}}),
             LanguageOf(req));
  res.set_header("Allow", allow);
}

}  // namespace safecity::http
