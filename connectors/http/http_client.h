// The outgoing side of HTTP, shared by the CLI's server client
// (server_gateway.h), `safecity health` and webhook deliveries: an address
// split into its server and its path, and a cpp-httplib client for the server
// that, over https://, checks the server's certificate (its chain and that it
// names the host) against a CA file (`--ca-file`) or, without one, the
// system's CA store.
#pragma once

#include <httplib.h>

#include <memory>
#include <optional>
#include <string>

#include "engine/message.h"
#include "engine/status.h"

namespace safecity::http {

struct HttpUrl {
  std::string base;  // "http://HOST:PORT" or "https://HOST:PORT" (the port may be left out)
  std::string path;  // "/…" (with its query), or "" when the address named none
};

// "http(s)://HOST[:PORT][/PATH]" split; nullopt for anything else (HOST a
// name, an IPv4 address or a bracketed IPv6 address of digits and colons).
std::optional<HttpUrl> SplitHttpUrl(const std::string& url);
bool IsHttps(const std::string& url);
// `text` as one segment of a URL's path (a round id, a unit's name, a sheet
// reference): every byte but the unreserved and "@:" percent-encoded, so a
// '?', '#', '/' or '%' a user typed stays inside the segment.
std::string PathSegment(const std::string& text);

// A client of `base`; `ca_file` "" trusts the system's CAs. For an https://
// base a CA file given must be readable and PEM, else a refusal naming
// `ca_source` (the flag, variable or config entry it came from); for http://
// it is not read. No request is made yet.
Result<std::unique_ptr<httplib::Client>> NewHttpClient(const std::string& base, const std::string& ca_file,
                                                       const std::string& ca_source = "--ca-file");

// A request to `url` that got no answer, as a refusal: a certificate not
// trusted or not naming the host is kServerCertUntrusted (it names
// --ca-file); a handshake that failed otherwise (most often a plain HTTP
// port) is kServerTlsFailed; anything else is `unreachable` ({url} {detail}).
Status NoAnswer(const httplib::Client& client, httplib::Error error, const std::string& url, const Message& unreachable,
                const std::string& field);

}  // namespace safecity::http
