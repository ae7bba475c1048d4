// The server's TLS identity (`serve --tls-cert FILE --tls-key FILE`): a PEM
// certificate chain (the server's certificate first, then any intermediate
// ones) and its PEM private key without a passphrase, loaded into the context
// every HTTPS connection of the transport (http_transport.h) shakes hands
// with. TLS 1.2 at least; HTTP/1.1 only.
//
// Both files or neither: one alone, a file that cannot be read or is not PEM,
// or a key that does not belong to the certificate is a refusal that names
// the flag ("tls.*" reasons, in Chinese and English), before anything listens.
// The files are read once, at the start: a renewed certificate takes effect
// at the next start (a rolling restart of a cluster's nodes).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "engine/message.h"
#include "engine/status.h"

namespace safecity::http {

struct TlsFiles {
  std::string cert_file;  // --tls-cert
  std::string key_file;   // --tls-key
  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

Result<std::shared_ptr<boost::asio::ssl::context>> LoadServerTls(const TlsFiles& files);

extern const Message kTlsHalf;            // {given} {missing}
extern const Message kTlsCertUnreadable;  // {file} {detail}
extern const Message kTlsKeyUnreadable;   // {file} {detail}
extern const Message kTlsKeyMismatch;     // {cert} {key}
extern const Message kTlsCertNotPem;      // {file} {detail}
extern const Message kTlsKeyNotPem;       // {file}
extern const Message kTlsKeyPassphrase;   // {file}
extern const Message kTlsNeedsHttp;       // `serve --tls-cert` of a Kafka node without --http

const std::vector<const Message*>& TlsRefusals();

}  // namespace safecity::http
