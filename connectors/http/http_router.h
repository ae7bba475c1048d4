// Router: the API's routes, each a method and a regular expression over the
// whole decoded path, whose groups the handler reads as req.matches.
//
// Dispatch runs the first route whose method and pattern match. A path that
// some route's pattern matches under other methods only is 405 with an
// `Allow` header naming them; a path no pattern matches is 404. HEAD is
// answered as GET (the transport sends no body). Both are problem documents.
#pragma once

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "connectors/http/http_message.h"

namespace safecity::http {

class Router {
 public:
  using Handler = std::function<void(const Request&, Response&)>;

  void Get(const std::string& pattern, Handler handler);
  void Post(const std::string& pattern, Handler handler);
  void Delete(const std::string& pattern, Handler handler);
  void Dispatch(Request& req, Response& res) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::regex regex;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace safecity::http
