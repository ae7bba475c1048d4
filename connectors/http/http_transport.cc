#include "connectors/http/http_transport.h"

#include <sys/resource.h>

#include <array>
#include <atomic>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "connectors/http/api_refusals.h"
#include "connectors/http/problem.h"
#include "connectors/http/tls_context.h"

namespace safecity::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// How long, and how much, a closing connection is read after its answer.
constexpr auto kLinger = std::chrono::seconds(1);
constexpr size_t kMaxLingerBytes = 1 << 20;
// Connections refused over a cap whose 429/503 is still going out; past this
// many, a refused connection is closed without an answer.
constexpr int kMaxRefusing = 256;

// What the transport holds of a connection, whether it speaks HTTP or HTTPS.
class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  virtual void Serve() = 0;
  virtual void Refuse(int status, const Status& why) = 0;
  virtual void OnStop() = 0;
};

}  // namespace

struct HttpTransport::Impl {
  TransportOptions options;
  Handler handler;
  Observer observer;

  // Declared before the io_context: connections still queued in it when it
  // is destroyed unregister here.
  std::mutex mu;
  std::condition_variable all_closed;
  std::unordered_map<ConnectionBase*, std::weak_ptr<ConnectionBase>> connections;
  std::unordered_map<std::string, int> per_address;
  int refusing = 0;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> accepted{0}, refused{0}, timed_out{0}, tls_failed{0};
  std::atomic<int> uploads{0};  // upload bodies being read or handled now (max_concurrent_uploads)
  int64_t last_accept_error_ms = 0;

  std::shared_ptr<net::ssl::context> tls;  // HTTPS when set (tls_context.h)
  net::io_context ioc{1};
  // Keeps the I/O thread running while every connection waits on a handler
  // thread and none on a socket.
  net::executor_work_guard<net::io_context::executor_type> busy = net::make_work_guard(ioc);
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::steady_timer accept_retry{acceptor.get_executor()};
  std::unique_ptr<net::thread_pool> pool;
  std::thread io_thread;
  int port = 0;
  bool stopped = false;

  // The verdict on a new connection from `address`: 0 to serve it, else 429 or 503.
  int Admit(const std::string& address);
  void Forget(ConnectionBase* c, const std::string& address, bool counted);
  std::shared_ptr<ConnectionBase> NewConnection(tcp::socket socket, const std::string& address, bool counted);
  void DoAccept();
  void OnAccept(const beast::error_code& ec, tcp::socket socket);
  void StopAll();
};

namespace {

// One client connection, on its own strand of the I/O context. Over HTTPS it
// first shakes hands (Begin). Reads a request (WaitForRequest → ReadHead →
// ReadBody), hands it to a handler thread, writes the answer, and either
// waits for the next request or closes. `Stream` is a beast::tcp_stream
// (HTTP) or a beast::ssl_stream over one (HTTPS); deadlines and closing act
// on the TCP stream beneath either.
template <class Stream>
class Connection : public ConnectionBase, public std::enable_shared_from_this<Connection<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  Connection(HttpTransport::Impl* t, tcp::socket socket, std::string address, bool counted)
      : t_(t), stream_(MakeStream(std::move(socket), t)), address_(std::move(address)), counted_(counted) {}
  ~Connection() override {
    ReleaseUpload();
    t_->Forget(this, address_, counted_);
  }

  void Serve() override {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      self->Begin([self] { self->WaitForRequest(); });
    });
  }

  // Answers `status` (429, 503) at once and closes: a connection over a cap.
  void Refuse(int status, const Status& why) override {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this(), status, why] {
      self->Begin([self, status, why] {
        Response res;
        SetProblem(res, status, why);
        res.set_header("Retry-After", "1");
        self->request_.remote_addr = self->address_;
        self->close_after_ = true;
        self->Write(std::move(res));
      });
    });
  }

  // The server stops: an idle connection closes now, a busy one after its answer.
  void OnStop() override {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      beast::error_code ec;
      if (self->phase_ == Phase::kIdle && self->tcp().socket().available(ec) == 0) self->tcp().cancel();
    });
  }

 private:
  enum class Phase { kIdle, kReading, kHandling, kWriting, kClosing };

  static Stream MakeStream(tcp::socket socket, HttpTransport::Impl* t) {
    if constexpr (kTls)
      return Stream(std::move(socket), *t->tls);
    else
      return Stream(std::move(socket));
  }

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }
  const ConnectionLimits& limits() const { return t_->options.limits; }

  // Over HTTPS, the handshake, within the read deadline; then `next`. A
  // client that sends plain HTTP to the port is told to use https:// (in
  // plain HTTP, the only thing it can read) instead of being cut off.
  void Begin(std::function<void()> next) {
    if constexpr (!kTls) {
      next();
    } else {
      // Idle until its first byte, as a plain connection: a stop closes it at once.
      tcp().expires_after(std::chrono::milliseconds(limits().read_timeout_ms));
      tcp().async_read_some(buffer_.prepare(4096), [self = this->shared_from_this(), next](beast::error_code ec, size_t n) {
        if (ec) return self->OnReadError(ec, false);
        self->phase_ = Phase::kReading;
        self->buffer_.commit(n);
        if (self->t_->stopping) return self->Close();
        constexpr unsigned char kTlsHandshakeRecord = 0x16;
        if (static_cast<const unsigned char*>(self->buffer_.data().data())[0] != kTlsHandshakeRecord) return self->PlainToTls();
        self->stream_.async_handshake(net::ssl::stream_base::server, self->buffer_.data(),
                                      [self, next](beast::error_code hs, size_t used) {
                                        if (hs) {
                                          if (hs == beast::error::timeout)
                                            ++self->t_->timed_out;
                                          else
                                            ++self->t_->tls_failed;
                                          return self->Close();
                                        }
                                        self->buffer_.consume(used);
                                        self->secure_ = true;
                                        next();
                                      });
      });
    }
  }

  void PlainToTls() {
    ++t_->tls_failed;
    request_.remote_addr = address_;
    close_after_ = true;
    Response res;
    SetProblem(res, 400, Status::Refusal(Status::Code::kInvalid, "request", kPlainHttpToTls, {}));
    Write(std::move(res), /*plain=*/true);
  }

  void WaitForRequest() {
    if (t_->stopping) return Close();
    phase_ = Phase::kIdle;
    if (buffer_.size() > 0) return ReadHead();  // the next request came with the last
    tcp().expires_after(std::chrono::milliseconds(limits().idle_timeout_ms));
    stream_.async_read_some(buffer_.prepare(4096), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
      if (ec) return self->OnReadError(ec, false);
      self->buffer_.commit(n);
      self->ReadHead();
    });
  }

  // From the first byte of a request, one deadline for the whole of it.
  void ReadHead() {
    phase_ = Phase::kReading;
    request_ = Request();
    request_.remote_addr = address_;
    request_.received_at = std::chrono::steady_clock::now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits().max_header_bytes));
    // No limit until the target is known (OnHead sets it, and refuses a
    // declared length over it, before any of the body is parsed). Not
    // boost::none: Beast 1.74 compares a Content-Length with the optional,
    // and every length is "greater" than none.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    tcp().expires_after(std::chrono::milliseconds(limits().read_timeout_ms));
    bhttp::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->OnReadError(ec, true);
      self->OnHead();
    });
  }

  void OnHead() {
    const auto& head = parser_->get();
    request_.method = std::string(head.method_string());
    request_.target = std::string(head.target());
    if (request_.target.size() > limits().max_target_bytes)
      return Answer(414, Status::Refusal(Status::Code::kInvalid, "path", kTargetTooLong, {{"max", std::to_string(limits().max_target_bytes)}}));
    // An upload gets its larger limit only from someone who may upload (a
    // valid token or session, checked on the head before any body is read),
    // and only while fewer than max_concurrent_uploads are in memory; anyone
    // else keeps max_body_bytes.
    const bool upload = IsUpload() && MayUpload();
    if (upload) {
      int taken = t_->uploads.load();
      do {
        if (taken >= t_->options.max_concurrent_uploads)
          return Answer(503, Status::Refusal(Status::Code::kStorage, "body", kUploadsBusy, {{"max", std::to_string(t_->options.max_concurrent_uploads)}}), 5);
      } while (!t_->uploads.compare_exchange_weak(taken, taken + 1));
      upload_slot_ = true;
    }
    // Now the body's own limit: a declared length over it is 413 before any
    // of the body is read; a chunked body is cut off where it passes it.
    const size_t max_body = upload ? t_->options.max_upload_bytes : t_->options.max_body_bytes;
    if (const auto declared = parser_->content_length(); declared && *declared > max_body)
      return Answer(413, Status::Refusal(Status::Code::kInvalid, "body", kBodyTooLarge, {{"max", std::to_string(max_body)}}));
    parser_->body_limit(max_body);
    if (upload)
      tcp().expires_after(std::chrono::milliseconds(std::max(t_->options.upload_read_timeout_ms, limits().read_timeout_ms)));
    if (parser_->is_done()) return Handle();
    if (beast::iequals(head[bhttp::field::expect], "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(kContinue), [self = this->shared_from_this()](beast::error_code ec, size_t) {
        if (ec) return self->OnReadError(ec, true);
        self->ReadBody();
      });
    }
    ReadBody();
  }

  // Whether the request read now is a file upload: POST to upload_path (query aside).
  bool IsUpload() const {
    const std::string& up = t_->options.upload_path;
    const std::string& target = request_.target;
    return request_.method == "POST" && !up.empty() && target.compare(0, up.size(), up) == 0 &&
           (target.size() == up.size() || target[up.size()] == '?');
  }
  // Whether the head comes from someone who may upload (TransportOptions::may_upload).
  bool MayUpload() const {
    if (!t_->options.may_upload) return false;
    Request head;
    head.method = request_.method;
    head.target = request_.target;
    head.remote_addr = address_;
    for (const auto& field : parser_->get()) head.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    return t_->options.may_upload(head);
  }
  void ReleaseUpload() {
    if (upload_slot_) t_->uploads.fetch_sub(1);
    upload_slot_ = false;
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->OnReadError(ec, true);
      self->Handle();
    });
  }

  // `began`: some of a request had come. A transport error answers and
  // closes; a closed or timed-out connection just closes.
  void OnReadError(const beast::error_code& ec, bool began) {
    const bool was_upload = upload_slot_;
    ReleaseUpload();
    if (ec == beast::error::timeout) {
      ++t_->timed_out;
      return Close();
    }
    if (!began || ec.category() != bhttp::make_error_code(bhttp::error::end_of_stream).category() ||
        ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message)
      return Close();
    if (parser_ && parser_->got_some()) {
      const auto& head = parser_->get();
      request_.method = std::string(head.method_string());
      request_.target = std::string(head.target());
    }
    if (ec == bhttp::error::body_limit) {
      const size_t max = was_upload ? t_->options.max_upload_bytes : t_->options.max_body_bytes;
      return Answer(413, Status::Refusal(Status::Code::kInvalid, "body", kBodyTooLarge, {{"max", std::to_string(max)}}));
    }
    if (ec == bhttp::error::header_limit) {
      // The parser takes the request line as soon as it is whole: without a
      // target it was the line that was too long.
      if (request_.target.empty())
        return Answer(414, Status::Refusal(Status::Code::kInvalid, "path", kRequestLineTooLong, {{"max", std::to_string(limits().max_header_bytes)}}));
      return Answer(431, Status::Refusal(Status::Code::kInvalid, "headers", kHeadersTooLarge, {{"max", std::to_string(limits().max_header_bytes)}}));
    }
    Answer(400, Status::Refusal(Status::Code::kInvalid, "request", kNotHttp, {{"why", ec.message()}}));
  }

  // An answer of the transport's own to a request not read whole: the connection then closes.
  // `retry_after_s` > 0: also Retry-After (a cap that frees soon).
  void Answer(int status, const Status& why, int retry_after_s = 0) {
    Response res;
    // In the client's language when its headers were read (a body too large), else Chinese.
    const Language lang = parser_ && parser_->got_some()
                              ? LanguageFromAcceptLanguage(std::string(parser_->get()[bhttp::field::accept_language]))
                              : Language::kZh;
    SetProblem(res, status, why, lang);
    if (retry_after_s > 0) res.set_header("Retry-After", std::to_string(retry_after_s));
    close_after_ = true;
    Write(std::move(res));
  }

  void Handle() {
    phase_ = Phase::kHandling;
    auto message = parser_->release();
    parser_.reset();
    keep_alive_ = message.keep_alive();
    head_only_ = message.method() == bhttp::verb::head;
    version_ = message.version();
    for (const auto& field : message) request_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request_.body = std::move(message.body());
    Status target = ParseTarget(&request_);
    if (!target.ok()) {
      Response res;
      SetProblem(res, 400, target, LanguageOf(request_));
      return Write(std::move(res));
    }
    auto request = std::make_shared<Request>(std::move(request_));
    net::post(*t_->pool, [self = this->shared_from_this(), request] {
      Response res;
      try {
        // Routes match on the request where it now stays (req.matches point into its path).
        self->t_->handler(*request, res);
      } catch (const std::exception& e) {
        std::cerr << "api: a handler failed: " << e.what() << "\n";
        res = Response();
        SetProblem(res, 500, Status::Refusal(Status::Code::kStorage, "", kServerFailed, {{"what", e.what()}}), LanguageOf(*request));
      }
      net::post(self->stream_.get_executor(), [self, request, res = std::move(res)]() mutable {
        self->request_ = std::move(*request);
        self->Write(std::move(res));
      });
    });
  }

  // `plain`: in plain HTTP on an HTTPS port (PlainToTls).
  void Write(Response res, bool plain = false) {
    ReleaseUpload();  // the body and its handling are done
    if (t_->observer) t_->observer(request_, res);
    std::string().swap(request_.body);  // an upload's memory goes with its slot
    phase_ = Phase::kWriting;
    const bool keep = keep_alive_ && !close_after_ && !t_->stopping;
    answer_ = {};
    answer_.version(version_);
    answer_.result(static_cast<unsigned>(res.status));
    for (const auto& [name, value] : res.headers) answer_.insert(name, value);
    answer_.body() = std::move(res.body);
    answer_.prepare_payload();
    if (head_only_) answer_.body().clear();  // the Content-Length stays that of the GET
    answer_.keep_alive(keep);
    tcp().expires_after(std::chrono::milliseconds(limits().write_timeout_ms));
    auto written = [self = this->shared_from_this(), keep](beast::error_code ec, size_t) {
      if (ec) {
        if (ec == beast::error::timeout) ++self->t_->timed_out;
        return self->Close();
      }
      if (keep) return self->WaitForRequest();
      self->Linger();
    };
    if (plain)
      bhttp::async_write(tcp(), answer_, std::move(written));
    else
      bhttp::async_write(stream_, answer_, std::move(written));
  }

  // Stops sending, then reads and drops what the client still sends (its
  // unread body) until it closes too, for a second at most: closed at once,
  // the connection would be reset and the client could lose the answer.
  // Over HTTPS the close is first said in TLS (close_notify), so that the
  // client knows the answer was not cut short.
  // The second second of closing is not granted: after a TLS shutdown the
  // drain has what is left of the same second.
  void Linger(bool rearm = true) {
    phase_ = Phase::kClosing;
    if (rearm) tcp().expires_after(kLinger);
    if constexpr (kTls) {
      if (secure_) {
        secure_ = false;
        return stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->Linger(false); });
      }
    }
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
    Drain();
  }

  // Reads raw bytes (the TLS records too, undecrypted) and drops them.
  void Drain() {
    tcp().async_read_some(net::buffer(drain_), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kMaxLingerBytes) return self->Close();
      self->Drain();
    });
  }

  void Close() {
    phase_ = Phase::kClosing;
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp().close();
  }

  HttpTransport::Impl* t_;
  Stream stream_;
  const std::string address_;
  const bool counted_;  // in the caps (a refused connection is not)
  bool upload_slot_ = false;  // holds one of max_concurrent_uploads
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request request_;  // the request being read or answered
  bhttp::response<bhttp::string_body> answer_;
  Phase phase_ = Phase::kIdle;
  bool keep_alive_ = false, close_after_ = false, head_only_ = false;
  unsigned version_ = 11;
  std::array<char, 16384> drain_;
  size_t drained_ = 0;
  bool secure_ = false;  // the TLS handshake is done and no close_notify sent yet
};

}  // namespace

int HttpTransport::Impl::Admit(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu);
  if (static_cast<int>(connections.size()) >= options.limits.max_connections) return 503;
  int& mine = per_address[address];
  if (mine >= options.limits.max_connections_per_address) {
    if (mine == 0) per_address.erase(address);
    return 429;
  }
  ++mine;
  return 0;
}

std::shared_ptr<ConnectionBase> HttpTransport::Impl::NewConnection(tcp::socket socket, const std::string& address, bool counted) {
  if (tls) return std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(this, std::move(socket), address, counted);
  return std::make_shared<Connection<beast::tcp_stream>>(this, std::move(socket), address, counted);
}

void HttpTransport::Impl::Forget(ConnectionBase* c, const std::string& address, bool counted) {
  std::lock_guard<std::mutex> lock(mu);
  if (counted) {
    connections.erase(c);
    auto it = per_address.find(address);
    if (it != per_address.end() && --it->second <= 0) per_address.erase(it);
  } else {
    --refusing;
  }
  if (connections.empty() && refusing == 0) all_closed.notify_all();
}

void HttpTransport::Impl::DoAccept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
}

void HttpTransport::Impl::OnAccept(const beast::error_code& ec, tcp::socket socket) {
  if (stopping || ec == net::error::operation_aborted) return;
  if (ec) {
    // Out of file descriptors, most likely: try again shortly rather than spin.
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    if (now - last_accept_error_ms > 10000)
      std::cerr << "api: cannot accept connections: " << ec.message() << " (raise `ulimit -n` or lower --max-connections)\n";
    last_accept_error_ms = now;
    accept_retry.expires_after(std::chrono::milliseconds(100));
    accept_retry.async_wait([this](beast::error_code wait) {
      if (!wait && !stopping) DoAccept();
    });
    return;
  }
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  const auto remote = socket.remote_endpoint(ignored);
  if (!ignored) {
    const std::string address = remote.address().to_string();
    const int verdict = Admit(address);
    if (verdict == 0) {
      ++accepted;
      auto c = NewConnection(std::move(socket), address, true);
      {
        std::lock_guard<std::mutex> lock(mu);
        connections.emplace(c.get(), c);
      }
      c->Serve();
    } else {
      ++refused;
      bool answer = false;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (refusing < kMaxRefusing) {
          ++refusing;
          answer = true;
        }
      }
      if (answer) {
        auto c = NewConnection(std::move(socket), address, false);
        if (verdict == 429)
          c->Refuse(429, Status::Refusal(Status::Code::kInvalid, "connection", kConnectionsFromAddress,
                                         {{"address", address}, {"max", std::to_string(options.limits.max_connections_per_address)}}));
        else
          c->Refuse(503, Status::Refusal(Status::Code::kStorage, "", kServerFull, {{"max", std::to_string(options.limits.max_connections)}}));
      }
    }
  }
  DoAccept();
}

void HttpTransport::Impl::StopAll() {
  stopping = true;
  net::post(acceptor.get_executor(), [this] {
    beast::error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
  });
  std::vector<std::shared_ptr<ConnectionBase>> open;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [raw, weak] : connections)
      if (auto c = weak.lock()) open.push_back(c);
  }
  for (auto& c : open) c->OnStop();
  open.clear();
  // Requests in flight get their answers; a connection reading a request
  // finishes it (its deadline bounds how long).
  const auto& l = options.limits;
  const auto bound = std::chrono::milliseconds(l.read_timeout_ms + l.write_timeout_ms) + kLinger + std::chrono::seconds(1);
  {
    std::unique_lock<std::mutex> lock(mu);
    all_closed.wait_for(lock, bound, [&] { return connections.empty() && refusing == 0; });
  }
  busy.reset();
  ioc.stop();
  if (io_thread.joinable()) io_thread.join();
  pool->join();
}

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpTransport::~HttpTransport() { Stop(); }

Result<std::unique_ptr<HttpTransport>> HttpTransport::Start(const TransportOptions& options, Handler handler, Observer observer) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  impl->observer = std::move(observer);
  if (options.tls.enabled()) {
    auto tls = LoadServerTls(options.tls);
    if (!tls.ok()) return tls.status();
    impl->tls = tls.value();
  }
  // Every connection is a file descriptor, and so is every table file of the
  // store: connections may take half of what the process may open.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY &&
      static_cast<rlim_t>(options.limits.max_connections) > files.rlim_cur / 2) {
    impl->options.limits.max_connections = static_cast<int>(files.rlim_cur / 2);
    std::cerr << "api: at most " << impl->options.limits.max_connections << " connections, not " << options.limits.max_connections
              << ": this process may open " << files.rlim_cur << " files (ulimit -n)\n";
  }
  const std::string where = options.host + ":" + std::to_string(options.port);
  beast::error_code ec;
  tcp::resolver resolver(impl->ioc);
  auto endpoints = resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) return Status::Invalid("http", "cannot listen on " + options.host + ": not an address of this machine");
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Status::Invalid("http", "cannot listen on " + where + " (" + ec.message() +
                                       "; in use, or not an address of this machine); choose another --http");
  impl->port = impl->acceptor.local_endpoint().port();
  impl->pool = std::make_unique<net::thread_pool>(static_cast<size_t>(options.handler_threads));
  impl->DoAccept();
  Impl* self = impl.get();
  impl->io_thread = std::thread([self] { self->ioc.run(); });
  return std::unique_ptr<HttpTransport>(new HttpTransport(std::move(impl)));
}

void RaiseOpenFileLimit() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur == files.rlim_max) return;
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
}

int HttpTransport::port() const { return impl_->port; }

TransportStats HttpTransport::stats() const {
  TransportStats s;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    s.open_connections = static_cast<int64_t>(impl_->connections.size());
  }
  s.accepted_connections = impl_->accepted;
  s.refused_connections = impl_->refused;
  s.timed_out = impl_->timed_out;
  s.tls_handshake_failures = impl_->tls_failed;
  return s;
}

void HttpTransport::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl_->StopAll();
}

}  // namespace safecity::http
