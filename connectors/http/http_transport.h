// HttpTransport: HTTP/1.1 over TCP, or over TLS (HTTPS) when TransportOptions
// names a certificate and key, for the API server (Boost.Beast on Asio). An
// HTTPS port answers a plain HTTP request 400, telling it to use https://.
//
// Sockets are served by one I/O thread, asynchronously: an idle or slow
// client costs a socket and a buffer, never a thread. Each request read whole
// goes to a pool of `handler_threads`, where the handler may block (a command
// waits for its commit); the answer goes back to the I/O thread to be
// written. Keep-alive, TCP_NODELAY.
//
// What a client is held to (ConnectionLimits):
//   - at most max_connections_per_address connections from one address and
//     max_connections in all; beyond them a new connection is answered 429
//     (its address has too many) or 503 (the server is full), with
//     Retry-After, and closed;
//   - a kept-alive connection waits idle_timeout_ms at most for its next request;
//   - a request, head and body, must be read whole within read_timeout_ms of
//     its first byte: one deadline for the whole read, not per byte, so a
//     client that sends a byte now and then is closed all the same; an
//     answer must be taken within write_timeout_ms;
//   - a head over max_header_bytes is 431 (414 when its request line alone
//     is too long), a target over max_target_bytes 414, a body over
//     max_body_bytes 413 the moment the limit is passed, whether it comes
//     with a Content-Length or chunked: before the handler (and any
//     authentication) runs, and without reading the rest;
//   - an upload (POST to upload_path, /v1/attachments) whose head
//     may_upload accepts (a valid token or session of a role that uploads) may
//     carry up to max_upload_bytes and take upload_read_timeout_ms: a photo
//     or a scanned PDF from a phone on a slow line; at most
//     max_concurrent_uploads at once (then 503 with Retry-After), so that
//     uploads cannot fill the memory; without credentials max_body_bytes;
//   - bytes that are not an HTTP/1.1 request are 400.
// After an answer to a request that was not read whole the connection is
// closed, so its unread bytes are never taken for the next request. Closing,
// the server first stops sending and reads what the client still sends for a
// moment (at most a second), so that the answer reaches the client before
// the close.
//
// Errors of the transport's own are problem documents (problem.h). A handler
// that throws is answered 500.
//
// Stop() stops accepting, closes idle connections, answers the requests in
// flight (their connections then close) and returns once every connection is
// closed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "connectors/http/http_message.h"
#include "connectors/http/tls_context.h"
#include "engine/status.h"

namespace safecity::http {

struct ConnectionLimits {
  int max_connections = 2048;
  int max_connections_per_address = 128;
  int idle_timeout_ms = 30000;
  int read_timeout_ms = 10000;
  int write_timeout_ms = 10000;
  size_t max_header_bytes = 16 * 1024;
  size_t max_target_bytes = 8 * 1024;
};

struct TransportOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  size_t max_body_bytes = 1 << 20;
  std::string upload_path = "/v1/attachments";  // the targets whose bodies are files
  size_t max_upload_bytes = 20 << 20;
  int upload_read_timeout_ms = 120000;
  int max_concurrent_uploads = 8;  // upload bodies in memory at once; beyond, 503 with Retry-After
  // Whether an upload's head (method, target, headers; no body yet) comes
  // from someone who may upload: only then does it get max_upload_bytes and
  // a slot. Runs on the I/O thread; empty: no upload gets more than max_body_bytes.
  std::function<bool(const Request&)> may_upload;
  int handler_threads = 8;
  ConnectionLimits limits;
  TlsFiles tls;  // HTTPS when given (tls_context.h); the deadlines include the handshake
};

// What the transport saw, for metrics and tests.
struct TransportStats {
  int64_t open_connections = 0;
  int64_t accepted_connections = 0;  // admitted since the start
  int64_t refused_connections = 0;  // over a cap: 429 or 503
  int64_t timed_out = 0;            // closed at a deadline
  int64_t tls_handshake_failures = 0;  // HTTPS: a handshake that failed, or plain HTTP to the port
};

class HttpTransport {
 public:
  // Runs on a handler thread for each request read whole.
  using Handler = std::function<void(Request&, Response&)>;
  // Sees every answer as it goes out (the transport's own too), on the I/O thread.
  using Observer = std::function<void(const Request&, const Response&)>;

  static Result<std::unique_ptr<HttpTransport>> Start(const TransportOptions& options, Handler handler, Observer observer);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  int port() const;
  TransportStats stats() const;
  void Stop();

  struct Impl;  // public only for the connections in http_transport.cc

 private:
  explicit HttpTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Every connection is an open file: raises this process's limit of open
// files from the usual soft 1,024 to the hard limit the system sets.
void RaiseOpenFileLimit();

}  // namespace safecity::http
