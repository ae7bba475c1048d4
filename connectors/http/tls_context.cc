#include "connectors/http/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace safecity::http {

const Message kTlsHalf{"tls.half", "给了 {given} 却没有给 {missing}：HTTPS 需要证书（--tls-cert，PEM 证书链）和它的私钥（--tls-key，PEM）两者",
                       "{given} was given without {missing}: HTTPS needs the certificate (--tls-cert, a PEM chain) and its "
                       "private key (--tls-key, PEM), both"};
const Message kTlsCertUnreadable{"tls.cert_unreadable", "读不了证书 {file}（{detail}）；--tls-cert 须是本进程可读的 PEM 证书链文件",
                                 "cannot read the certificate {file} ({detail}); --tls-cert must be a PEM certificate chain this "
                                 "process may read"};
const Message kTlsKeyUnreadable{"tls.key_unreadable", "读不了私钥 {file}（{detail}）；--tls-key 须是本进程可读、不带口令的 PEM 私钥文件",
                                "cannot read the private key {file} ({detail}); --tls-key must be a PEM private key without a "
                                "passphrase that this process may read"};
const Message kTlsKeyMismatch{"tls.key_mismatch", "私钥 {key} 与证书 {cert} 不配对；请给出制作该证书时所用的私钥",
                              "the private key {key} does not belong to the certificate {cert}; give the key the certificate was "
                              "made for"};

const Message kTlsCertNotPem{"tls.cert_not_pem",
                             "{file} 不是 PEM 格式的证书（{detail}）；--tls-cert 须是 PEM 证书链：服务器证书在前，中间证书在后",
                             "{file} is not a PEM certificate ({detail}); --tls-cert must be a PEM chain: the server's "
                             "certificate first, then any intermediate ones"};
const Message kTlsKeyNotPem{"tls.key_not_pem",
                            "{file} 不是 PEM 格式的私钥；--tls-key 须是私钥文件（以 -----BEGIN PRIVATE KEY----- 或 -----BEGIN EC/RSA "
                            "PRIVATE KEY----- 开头），而不是证书",
                            "{file} is not a PEM private key; --tls-key must be the key file (it begins -----BEGIN PRIVATE KEY----- "
                            "or -----BEGIN EC/RSA PRIVATE KEY-----), not the certificate"};
const Message kTlsKeyPassphrase{"tls.key_passphrase",
                                "私钥 {file} 设有口令，服务进程无人值守时无法读取；请另存一份不带口令的私钥（openssl pkey -in {file} "
                                "-out 新文件，权限 0600）并用 --tls-key 指向它",
                                "the private key {file} is under a passphrase, which a service cannot type; write it without one "
                                "(openssl pkey -in {file} -out NEW, mode 0600) and give --tls-key NEW"};
const Message kTlsNeedsHttp{"tls.needs_http", "--tls-cert 与 --tls-key 用于 HTTP API；请同时给出 --http 主机:端口",
                            "--tls-cert and --tls-key are for the HTTP API; give --http HOST:PORT too"};

namespace {

// Why `path` cannot be opened, in the system's words; "" when it can.
std::string CannotOpen(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return in ? "" : std::strerror(errno);
}

// A key under a passphrase is refused, never asked for on a terminal.
int NoPassphrase(char*, int, int, void*) { return -1; }

// Whether a PEM key file says it is encrypted (PKCS#8 or the older PEM header).
bool UnderPassphrase(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string::npos || text.find("Proc-Type: 4,ENCRYPTED") != std::string::npos;
}

}  // namespace

Result<std::shared_ptr<boost::asio::ssl::context>> LoadServerTls(const TlsFiles& files) {
  namespace ssl = boost::asio::ssl;
  if (files.cert_file.empty())
    return Status::Refusal(Status::Code::kInvalid, "--tls-cert", kTlsHalf, {{"given", "--tls-key"}, {"missing", "--tls-cert"}});
  if (files.key_file.empty())
    return Status::Refusal(Status::Code::kInvalid, "--tls-key", kTlsHalf, {{"given", "--tls-cert"}, {"missing", "--tls-key"}});
  std::string why = CannotOpen(files.cert_file);
  if (!why.empty()) return Status::Refusal(Status::Code::kInvalid, "--tls-cert", kTlsCertUnreadable, {{"file", files.cert_file}, {"detail", why}});
  why = CannotOpen(files.key_file);
  if (!why.empty()) return Status::Refusal(Status::Code::kInvalid, "--tls-key", kTlsKeyUnreadable, {{"file", files.key_file}, {"detail", why}});

  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::single_dh_use);
  SSL_CTX* native = context->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  ERR_clear_error();
  boost::system::error_code ec;
  context->use_certificate_chain_file(files.cert_file, ec);
  if (ec) {
    ERR_clear_error();
    return Status::Refusal(Status::Code::kInvalid, "--tls-cert", kTlsCertNotPem, {{"file", files.cert_file}, {"detail", ec.message()}});
  }
  // The key read first, alone: a key that cannot be read and a key of
  // another certificate are different mistakes.
  EVP_PKEY* key = nullptr;
  if (FILE* f = std::fopen(files.key_file.c_str(), "r")) {
    key = PEM_read_PrivateKey(f, nullptr, NoPassphrase, nullptr);
    std::fclose(f);
  }
  if (!key) {
    ERR_clear_error();
    return Status::Refusal(Status::Code::kInvalid, "--tls-key", UnderPassphrase(files.key_file) ? kTlsKeyPassphrase : kTlsKeyNotPem,
                           {{"file", files.key_file}});
  }
  const bool paired = SSL_CTX_use_PrivateKey(native, key) == 1 && SSL_CTX_check_private_key(native) == 1;
  EVP_PKEY_free(key);
  if (!paired) {
    ERR_clear_error();
    return Status::Refusal(Status::Code::kInvalid, "--tls-key", kTlsKeyMismatch, {{"cert", files.cert_file}, {"key", files.key_file}});
  }
  return context;
}

const std::vector<const Message*>& TlsRefusals() {
  static const std::vector<const Message*> all = {&kTlsHalf, &kTlsCertUnreadable, &kTlsKeyUnreadable, &kTlsKeyMismatch, &kTlsNeedsHttp,
                                                  &kTlsCertNotPem, &kTlsKeyNotPem, &kTlsKeyPassphrase};
  return all;
}

}  // namespace safecity::http
