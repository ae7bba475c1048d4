#include "tests/raw_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "engine/time_util.h"

namespace safecity::testing {

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerCase(std::string s) {
  for (char& c : s) c = Lower(c);
  return s;
}

}  // namespace

std::string RawReply::Header(const std::string& name) const {
  const std::string h = LowerCase(head), want = "\r\n" + LowerCase(name) + ":";
  const size_t at = h.find(want);
  if (at == std::string::npos) return "";
  size_t begin = at + want.size();
  while (begin < head.size() && head[begin] == ' ') ++begin;
  return head.substr(begin, head.find("\r\n", begin) - begin);
}

RawClient::RawClient(int port, const std::string& from) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) return;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
}

RawClient::~RawClient() { Close(); }

RawClient::RawClient(RawClient&& other) noexcept
    : fd_(other.fd_), connected_(other.connected_), closed_(other.closed_), in_(std::move(other.in_)) {
  other.fd_ = -1;
}

void RawClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool RawClient::Send(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

long RawClient::SendSome(const std::string& bytes) {
  const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n >= 0) return n;
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
}

int RawClient::Receive(int ms) {
  if (closed_ || fd_ < 0) return -1;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, ms) <= 0) return 0;
  char buf[65536];
  const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    closed_ = true;
    return -1;
  }
  in_.append(buf, static_cast<size_t>(n));
  return static_cast<int>(n);
}

RawReply RawClient::NextReply(int ms) {
  const int64_t deadline = NowMs() + ms;
  for (;;) {
    const size_t end = in_.find("\r\n\r\n");
    if (end != std::string::npos) {
      RawReply r;
      r.head = in_.substr(0, end + 2);
      const std::string length = r.Header("Content-Length");
      const size_t body = length.empty() ? 0 : std::stoul(length);
      if (in_.size() >= end + 4 + body) {
        if (r.head.rfind("HTTP/1.", 0) == 0 && r.head.size() > 12) r.status = std::stoi(r.head.substr(9, 3));
        r.body = in_.substr(end + 4, body);
        r.json = Json::parse(r.body, nullptr, false);
        in_.erase(0, end + 4 + body);
        return r;
      }
    }
    const int64_t left = deadline - NowMs();
    if (left <= 0 || Receive(static_cast<int>(left)) < 0) return RawReply();
  }
}

bool RawClient::ClosedWithin(int ms) {
  const int64_t deadline = NowMs() + ms;
  for (;;) {
    if (closed_) return true;
    const int64_t left = deadline - NowMs();
    if (left <= 0) return false;
    Receive(static_cast<int>(left));
  }
}

std::string GetRequest(const std::string& path, const std::string& token) {
  return "GET " + path + " HTTP/1.1\r\nHost: safecity\r\n" + (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
}

RawReply Exchange(int port, const std::string& request, const std::string& from, int ms) {
  RawClient c(port, from);
  if (!c.connected() || !c.Send(request)) return RawReply();
  return c.NextReply(ms);
}

}  // namespace safecity::testing
