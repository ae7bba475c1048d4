#include "connectors/http/routes.h"

#include <regex>
#include <utility>

#include "connectors/http/console_routes.h"

namespace safecity::http {

std::string RouteTemplate(const std::string& path) {
  for (const char* fixed : {"/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/whoami", "/v1/tasks", "/v1/my/tasks", "/v1/inbox",
                            "/v1/hazards", "/v1/verifications", "/v1/units", "/v1/rounds", "/v1/log", "/v1/webhooks/inbound", "/v1/checkpoints", "/v1/consistency", "/v1/leaves", "/v1/imports/tasks", "/v1/imports/units", "/v1/reports/period", "/v1/reports/bulletin", "/v1/sheets", "/v1/clock", "/v1/attachments"})
    if (path == fixed) return fixed;
  // The console's page paths are one route (the same index.html), its files another.
  if (IsConsolePage(path)) return "/{console page}";
  if (path.rfind("/assets/", 0) == 0) return "/assets/{file}";
  static const std::pair<std::regex, const char*> kRoutes[] = {
      {std::regex(R"(/v1/commands/[a-z_]+\.[a-z_]+)"), "/v1/commands/{type}"},
      {std::regex(R"(/v1/tasks/[^/]+)"), "/v1/tasks/{id}"},
      {std::regex(R"(/v1/tasks/[^/]+/evidence/[^/]+)"), "/v1/tasks/{id}/evidence/{sha256}"},
      {std::regex(R"(/v1/units/.+)"), "/v1/units/{ref}"},
      {std::regex(R"(/v1/sheets/.+)"), "/v1/sheets/{ref}"},
      {std::regex(R"(/v1/plan-tasks/.+/tracks)"), "/v1/plan-tasks/{id}/tracks"},
      {std::regex(R"(/v1/rounds/[^/]+)"), "/v1/rounds/{id}"},
      {std::regex(R"(/v1/rounds/[^/]+/dashboard)"), "/v1/rounds/{id}/dashboard"},
      {std::regex(R"(/v1/rounds/[^/]+/feedback)"), "/v1/rounds/{id}/feedback"},
      {std::regex(R"(/v1/streams/[^/]+/events)"), "/v1/streams/{stream}/events"},
      {std::regex(R"(/v1/streams/[^/]+/state)"), "/v1/streams/{stream}/state"},
      {std::regex(R"(/v1/read-models/.+)"), "/v1/read-models/{key}"},
      {std::regex(R"(/v1/security/[^/]+)"), "/v1/security/{day}"},
      {std::regex(R"(/v1/proofs/.+)"), "/v1/proofs/{event}"},
      {std::regex(R"(/v1/webhooks/inbound/[^/]+)"), "/v1/webhooks/inbound/{key}"},
  };
  for (const auto& [pattern, name] : kRoutes)
    if (std::regex_match(path, pattern)) return name;
  return "other";
}

std::string AllowedMethods(const std::string& route_template) {
  if (route_template == "other") return "";
  if (route_template == "/v1/commands/{type}" || route_template == "/v1/webhooks/inbound" ||
      route_template == "/v1/webhooks/inbound/{key}" || route_template == "/v1/imports/tasks" ||
      route_template == "/v1/imports/units" || route_template == "/v1/attachments")
    return "POST";
  return "GET, HEAD";
}

}  // namespace safecity::http
