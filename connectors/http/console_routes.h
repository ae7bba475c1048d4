// The web console's routes: `/` and each page's path answer the console's
// index.html, `/assets/<file>` its scripts and styles (ConsoleAssets()), all
// under a Content-Security-Policy that allows no inline script or style, no
// other origin and no framing. The pages call the API (/v1/...) with the
// session's cookie; nothing here reads the store.
#pragma once

#include "connectors/http/http_router.h"

namespace safecity::http {

// The policy every console response carries (and an evidence file shown in
// the console's page is framed under).
inline constexpr const char* kConsoleCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// The console's page paths (the router's history mode), e.g. "/tasks/XA-1":
// each answers index.html, and the page's script shows the page.
bool IsConsolePage(const std::string& path);

void AddConsoleRoutes(Router& router);

}  // namespace safecity::http
