#include "connectors/http/http_client.h"

#include <cctype>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <regex>

#include "connectors/http/server_client_refusals.h"

namespace safecity::http {

std::optional<HttpUrl> SplitHttpUrl(const std::string& url) {
  // The host as cpp-httplib reads it: a name or IPv4 address, or an IPv6
  // address of digits and colons in brackets; anything else it would take
  // for a host name and fail on later with a vague error.
  static const std::regex kUrl(R"((https?://(\[[0-9:]+\]|[^:/?#\[\]\s@]+)(:([0-9]{1,5}))?)([/?][^\s]*)?)");
  std::smatch m;
  if (!std::regex_match(url, m, kUrl)) return std::nullopt;
  if (m[4].matched && std::stoi(m[4].str()) > 65535) return std::nullopt;
  std::string path = m[5].matched ? m[5].str() : "";
  if (!path.empty() && path[0] == '?') path.insert(0, "/");  // a query alone is the root's
  return HttpUrl{m[1].str(), path};
}

bool IsHttps(const std::string& url) { return url.rfind("https://", 0) == 0; }

std::string PathSegment(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

namespace {

// A CA file the client will trust, readable and PEM; `field` names where it came from.
Status CheckCaFile(const std::string& ca_file, const std::string& field) {
  FILE* f = std::fopen(ca_file.c_str(), "r");
  if (!f) return Status::Refusal(Status::Code::kInvalid, field, kCaFileUnreadable, {{"file", ca_file}, {"detail", std::strerror(errno)}});
  X509* first = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (!first) return Status::Refusal(Status::Code::kInvalid, field, kCaFileUnreadable, {{"file", ca_file}, {"detail", "no PEM certificate"}});
  X509_free(first);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<httplib::Client>> NewHttpClient(const std::string& base, const std::string& ca_file, const std::string& ca_source) {
  auto client = std::make_unique<httplib::Client>(base);
  if (IsHttps(base)) {
    if (!ca_file.empty()) {
      Status ca = CheckCaFile(ca_file, ca_source);
      if (!ca.ok()) return ca;
      client->set_ca_cert_path(ca_file);
    }
    client->enable_server_certificate_verification(true);
  }
  return client;
}

Status NoAnswer(const httplib::Client& client, httplib::Error error, const std::string& url, const Message& unreachable,
                const std::string& field) {
  if (error == httplib::Error::SSLServerVerification) {
    const long verify = client.get_openssl_verify_result();
    const std::string detail = verify != X509_V_OK ? X509_verify_cert_error_string(verify) : "the certificate does not name this host";
    return Status::Refusal(Status::Code::kStorage, "--ca-file", kServerCertUntrusted, {{"url", url}, {"detail", detail}});
  }
  if (error == httplib::Error::SSLConnection)
    return Status::Refusal(Status::Code::kStorage, field, kServerTlsFailed, {{"url", url}, {"detail", httplib::to_string(error)}});
  return Status::Refusal(Status::Code::kStorage, field, unreachable, {{"url", url}, {"detail", httplib::to_string(error)}});
}

}  // namespace safecity::http
