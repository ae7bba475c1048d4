// RawClient: a TCP client that sends exactly the bytes it is given, for
// tests and benchmarks of the HTTP transport: slow, broken, oversized and
// smuggled requests that no HTTP library would send. It connects from a
// loopback address of its choice (127.0.0.2, 127.0.0.3, ... are this machine
// too, and each is another client address to the server) and waits on the
// socket itself (poll with a deadline), never sleeps.
#pragma once

#include <string>

#include "engine/envelope.h"

namespace safecity::testing {

struct RawReply {
  int status = 0;  // 0: no whole answer came
  std::string head;
  std::string body;
  Json json;  // the body parsed, or discarded
  // The first header of that name (case-insensitive), "" when absent.
  std::string Header(const std::string& name) const;
};

class RawClient {
 public:
  // Connects to 127.0.0.1:port from `from` (blocking).
  explicit RawClient(int port, const std::string& from = "127.0.0.1");
  ~RawClient();
  RawClient(RawClient&& other) noexcept;
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  bool closed() const { return closed_; }
  int fd() const { return fd_; }

  // Sends all of `bytes`; false once the server closed or reset the connection.
  bool Send(const std::string& bytes);
  // Sends what the socket takes now without waiting; the bytes sent, -1 when
  // the connection is closed.
  long SendSome(const std::string& bytes);
  // Waits up to `ms` for bytes and keeps them: the number read, 0 when none
  // came in time, -1 when the server closed (or reset) the connection.
  int Receive(int ms);
  // The next whole answer (head and Content-Length body) within `ms`.
  RawReply NextReply(int ms);
  // Whether the server closes the connection within `ms` (what comes before is kept).
  bool ClosedWithin(int ms);
  // Every byte received and not yet taken by NextReply.
  const std::string& received() const { return in_; }
  // Closes the connection from this side.
  void Close();

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string in_;
};

// "GET path HTTP/1.1" with a Host header and, when `token` is given, a bearer token.
std::string GetRequest(const std::string& path, const std::string& token = "");
// One request on a new connection from `from`, and its answer within `ms`.
RawReply Exchange(int port, const std::string& request, const std::string& from = "127.0.0.1", int ms = 5000);

}  // namespace safecity::testing
