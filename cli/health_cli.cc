#include "cli/health_cli.h"

#include <algorithm>
#include <iostream>

#include "connectors/http/http_client.h"
#include "connectors/http/server_client_refusals.h"

namespace safecity::cli {

namespace {

int Health(const std::string& url, const std::string& ca_file, const std::string& ca_source, int timeout_s) {
  const auto split = http::SplitHttpUrl(url);
  if (!split) return Fail(Status::Refusal(Status::Code::kInvalid, "--url", http::kServerAddress, {{"url", url}}));
  auto opened = http::NewHttpClient(split->base, ca_file, ca_source);
  if (!opened.ok()) return Fail(opened.status());
  auto& client = opened.value();
  client->set_connection_timeout(timeout_s, 0);
  client->set_read_timeout(timeout_s, 0);
  const std::string path = split->path.empty() ? "/readyz" : split->path;
  auto res = client->Get(path.c_str());
  if (!res) return Fail(http::NoAnswer(*client, res.error(), url, http::kProbeUnreachable, "--url"));
  if (res->status != 200) {
    std::string detail = res->body.substr(0, 300);
    if (!detail.empty() && detail.back() == '\n') detail.pop_back();
    return Fail(Status::Refusal(Status::Code::kRefused, "", http::kServerNotReady,
                                {{"url", url}, {"status", std::to_string(res->status)}, {"detail", detail}}));
  }
  std::cout << res->body << (res->body.empty() || res->body.back() != '\n' ? "\n" : "");
  return 0;
}

}  // namespace

void AddHealth(CLI::App& app, Globals& g, int& rc) {
  static std::string url = "http://127.0.0.1:8080/readyz";
  auto* health = app.add_subcommand("health", "ask a serving process whether it is ready (GET /readyz); exit 0 when it is");
  health->add_option("--url", url, "the route to ask (default http://127.0.0.1:8080/readyz; https://… with --ca-file under TLS)");
  // At most 10 s (--timeout, when shorter): a probe that hangs is a failed probe.
  health->callback([&g, &rc] { rc = Health(url, g.ca_file, g.ca_file_source, std::max(1, std::min(g.timeout_s, 10))); });
}

}  // namespace safecity::cli
