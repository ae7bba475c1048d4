#include "connectors/http/console_routes.h"

#include <regex>

#include "connectors/http/console_assets.h"
#include "connectors/http/problem.h"

namespace safecity::http {
namespace {

// The pages of web/src/router.ts.
const char* const kPagePattern = R"(/(login|dashboard|tasks|my|rounds|bulletins|inbox|verifications|imports|audit|forbidden)(/[^/]+)?)";

void SecurityHeaders(Response& res) {
  res.set_header("Content-Security-Policy", kConsoleCsp);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
}

void SendIndex(const Request& req, Response& res) {
  const ConsoleAsset* index = FindConsoleAsset("/index.html");
  if (!index) {
    // A build without the console (-DSAFECITY_CONSOLE=OFF) says so, in both languages.
    return SetProblem(res, 404,
                      Status::Invalid("console", LanguageOf(req) == Language::kEn
                                                     ? "this safecity was built without the web console: build it with -DSAFECITY_CONSOLE=ON (needs Node.js and npm)"
                                                     : "此 safecity 构建时未包含 Web 控制台：请以 -DSAFECITY_CONSOLE=ON 构建（需要 Node.js 与 npm）"),
                      LanguageOf(req));
  }
  SecurityHeaders(res);
  // The page names its scripts by their hashes: always asked for again.
  res.set_header("Cache-Control", "no-cache");
  res.set_header("ETag", std::string(index->etag));
  res.status = 200;
  res.set_content(std::string(index->body), std::string(index->content_type));
}

}  // namespace

const ConsoleAsset* FindConsoleAsset(std::string_view path) {
  for (const auto& a : ConsoleAssets())
    if (a.path == path) return &a;
  return nullptr;
}

bool IsConsolePage(const std::string& path) {
  static const std::regex kPages(kPagePattern);
  return path == "/" || std::regex_match(path, kPages);
}

void AddConsoleRoutes(Router& router) {
  router.Get("/", SendIndex);
  router.Get(kPagePattern, SendIndex);
  router.Get(R"(/assets/([A-Za-z0-9._-]+))", [](const Request& req, Response& res) {
    const ConsoleAsset* a = FindConsoleAsset(req.path);
    if (!a) return SetProblem(res, 404, Status::NotFound("path", "no such console file: " + req.path), LanguageOf(req));
    SecurityHeaders(res);
    // Vite names each file by its content's hash: it never changes under its name.
    res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    res.set_header("ETag", std::string(a->etag));
    res.status = 200;
    res.set_content(std::string(a->body), std::string(a->content_type));
  });
}

}  // namespace safecity::http
