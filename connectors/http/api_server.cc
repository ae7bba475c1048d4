#include "connectors/http/api_server.h"

#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "connectors/http/api_queries.h"
#include "connectors/http/command_body.h"
#include "connectors/http/openapi.h"
#include "connectors/http/problem.h"
#include "connectors/http/webhook_signature.h"
#include "engine/command_gateway.h"
#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/utf8.h"
#include "workflows/access/authenticate.h"
#include "workflows/access/security_log.h"

namespace safecity::http {

namespace {

constexpr const char* kJson = "application/json";
const Actor kApiActor{"api", "system"};

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    // Only ids of commands sent without an Idempotency-Key depend on this;
    // fall back on time and address rather than fail the request.
    raw = std::to_string(NowMs()) + std::to_string(reinterpret_cast<uintptr_t>(&raw));
  }
  return Sha256Hex(raw).substr(0, bytes * 2);
}

void Send(httplib::Response& res, int status, const Json& body, const char* type = kJson) {
  res.status = status;
  res.set_content(body.dump(), type);
}

Params ParamsOf(const httplib::Request& req) {
  Params p;
  for (const auto& [k, v] : req.params) p[k] = v;
  return p;
}

}  // namespace

struct ApiServer::Impl {
  CommandGateway* gateway = nullptr;
  ApiOptions options;
  httplib::Server server;
  ApiMetrics metrics;
  int port = 0;
  std::thread listener, settler, ticker, dispatcher;
  std::mutex mu;
  std::condition_variable wake;
  bool dirty = false;         // commands were accepted: the reactions have work
  bool deliveries = false;    // reactions ran: webhook copies may be queued
  bool stopping = false;

  Store* store() { return gateway->store(); }

  // --- who acts ---------------------------------------------------------
  Result<access::Principal> Authorize(const httplib::Request& req) {
    std::string h = req.get_header_value("Authorization");
    if (h.rfind("Bearer ", 0) != 0)
      return Status::Unauthenticated("Authorization",
                                     "send \"Authorization: Bearer <token>\"; the office issues tokens with `safecity token issue`");
    ReadModelReader reader(store());
    return access::Authenticate(reader, h.substr(7));
  }

  // Records a refused action in the security log before the answer goes
  // out; if that fails the client still gets its answer, and stderr says so.
  void RecordRefusal(const httplib::Request& req, const access::Principal* who, const std::string& action,
                     const std::string& target, const Status& why, const char* channel) {
    const bool unauth = why.code() == Status::Code::kUnauthenticated;
    metrics.CountRefusal(unauth ? "unauthenticated" : "forbidden");
    CommandEnvelope c;
    c.issued_at = NowMs();
    c.id = "sec-" + RandomHex(16);
    c.type = "security.record_refusal";
    c.stream = access::SecurityStreamFor(c.issued_at);
    c.actor = kApiActor;
    c.data = {{"principal", who ? who->actor.id : "anonymous"},
              {"role", who ? who->actor.role : "none"},
              {"channel", channel},
              {"action", TruncateUtf8(action, 200)},
              {"http_status", HttpStatusFor(why)},
              {"reason", unauth ? "unauthenticated" : "forbidden"},
              {"message", TruncateUtf8(why.ToString(), 1000)},
              {"remote", TruncateUtf8(req.remote_addr, 100)}};
    if (who && !who->token_id.empty()) c.data["token_id"] = who->token_id;
    if (!target.empty()) c.data["target"] = TruncateUtf8(target, 200);
    CommandResult r = gateway->Submit(c);
    if (!r.status.ok()) std::cerr << "api: could not record a refusal in " << c.stream << ": " << r.status.ToString() << "\n";
    MarkDirty();
  }

  // Accepted commands call for reactions: wake the settler.
  void MarkDirty() {
    {
      std::lock_guard<std::mutex> lock(mu);
      dirty = true;
    }
    wake.notify_all();
  }

  void Fail(const httplib::Request& req, httplib::Response& res, const access::Principal* who, const std::string& action,
            const std::string& target, const Status& s, const Json& extra = Json::object(), const char* channel = "http") {
    if (s.code() == Status::Code::kUnauthenticated || s.code() == Status::Code::kForbidden)
      RecordRefusal(req, who, action, target, s, channel);
    if (s.code() == Status::Code::kUnauthenticated) res.set_header("WWW-Authenticate", "Bearer realm=\"safecity\"");
    Send(res, HttpStatusFor(s), Problem(HttpStatusFor(s), s, extra), kProblemJson);
  }

  // --- commands ---------------------------------------------------------
  void PostCommand(const httplib::Request& req, httplib::Response& res) {
    const std::string type = req.matches[1];
    const std::string& action = type;  // what the security log names
    auto who = Authorize(req);
    if (!who.ok()) return Fail(req, res, nullptr, "POST " + req.path, "", who.status());
    std::string ctype = req.get_header_value("Content-Type");
    if (ctype.rfind(kJson, 0) != 0) {
      Status s = Status::Invalid("Content-Type", "must be application/json");
      return Send(res, 415, Problem(415, s), kProblemJson);
    }
    CommandEnvelope c;
    Status read = DecodeCommandBody(req.body, {"stream", "data", "correlation_id"}, &c);
    if (!read.ok()) return Fail(req, res, &who.value(), action, "", read);
    c.type = type;
    c.actor = who.value().actor;
    c.issued_at = NowMs();
    std::string key = req.get_header_value("Idempotency-Key");
    if (key.size() > 200) return Fail(req, res, &who.value(), action, c.stream, Status::Invalid("Idempotency-Key", "must be at most 200 characters"));
    // A key is the principal's own: the same key from another principal is another command.
    c.id = key.empty() ? "api-" + RandomHex(16) : "idem-" + Sha256Hex(c.actor.role + "/" + c.actor.id + "/" + key).substr(0, 40);

    const auto started = std::chrono::steady_clock::now();
    CommandResult r = gateway->Submit(c);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics.CountCommand(type, r.status.ok() ? "accepted" : r.status.code_name(), seconds);
    if (r.body.value("duplicate", false)) res.set_header("Idempotent-Replayed", "true");
    if (!r.status.ok()) return Fail(req, res, &who.value(), action, c.stream, r.status, Json{{"result", r.body}});
    MarkDirty();
    Send(res, 200, r.body);
  }

  // --- inbound webhooks ---------------------------------------------------
  // A unit's system posts {"delivery_id", "type", "stream", "data"} signed
  // with its webhook key (webhook_signature.h). Bad keys, signatures,
  // timestamps and replayed deliveries are 401 and recorded; then the
  // command goes in as the unit, like any other.
  void PostInbound(const httplib::Request& req, httplib::Response& res) {
    const std::string action = "POST /v1/webhooks/inbound";
    auto refuse = [&](const access::Principal* who, const Status& s, const Json& extra = Json::object()) {
      Fail(req, res, who, action, "", s, extra, "webhook");
    };
    if (options.webhook_master_key.empty())
      return Send(res, 503, Problem(503, Status::Storage("inbound webhooks are not set up on this server")), kProblemJson);
    const std::string key_id = req.get_header_value("X-Safecity-Key");
    if (key_id.empty()) return refuse(nullptr, Status::Unauthenticated("X-Safecity-Key", "is missing; send the id of your webhook key"));
    ReadModelReader reader(store());
    Json key = reader.GetJson("whkey/" + key_id);
    if (!key.is_object() || key.value("state", "") != "active")
      return refuse(nullptr, Status::Unauthenticated("X-Safecity-Key", "unknown or revoked webhook key; ask the office for one "
                                                                       "(`safecity webhook key issue`)"));
    const std::string secret = DeriveInboundSecret(options.webhook_master_key, key_id);
    if (Sha256Hex(secret) != key.value("fingerprint", ""))
      return Send(res, 503,
                  Problem(503, Status::Storage("this server's webhook master key is not the one that issued key " + key_id +
                                               "; give every node the same webhook.key")),
                  kProblemJson);
    access::Principal who;
    who.actor = Actor{key["unit"].get<std::string>(), "unit"};
    who.token_id = "whkey:" + key_id;
    const std::string ts_text = req.get_header_value("X-Safecity-Timestamp");
    char* end = nullptr;
    const long long ts = std::strtoll(ts_text.c_str(), &end, 10);
    if (ts_text.empty() || *end)
      return refuse(&who, Status::Unauthenticated("X-Safecity-Timestamp", "must be the unix time in seconds at which you signed"));
    const long long skew = NowMs() / 1000 - ts;
    if (skew > kWebhookWindowSeconds || skew < -kWebhookWindowSeconds)
      return refuse(&who, Status::Unauthenticated("X-Safecity-Timestamp", "is " + std::to_string(skew) +
                                                                              " s from the server's clock, more than " +
                                                                              std::to_string(kWebhookWindowSeconds) +
                                                                              "; sign with the current time (is your clock set?)"));
    if (!ConstantTimeEqual(WebhookSignature(secret, ts, req.body), req.get_header_value("X-Safecity-Signature")))
      return refuse(&who, Status::Unauthenticated("X-Safecity-Signature",
                                                  "does not match the body; sign \"<timestamp>.<body>\" with HMAC-SHA256 and your key's secret"));
    CommandEnvelope c;
    Json body;
    Status read = DecodeCommandBody(req.body, {"delivery_id", "type", "stream", "data", "correlation_id"}, &c, &body);
    if (!read.ok()) return refuse(&who, read);
    const std::string delivery = body.value("delivery_id", "");
    if (delivery.empty() || delivery.size() > 128)
      return refuse(&who, Status::Invalid("delivery_id", "must be 1 to 128 characters, unique per delivery"));
    if (c.type.empty()) return refuse(&who, Status::Invalid("type", "is missing; name the command, e.g. task.acknowledge"));
    c.actor = who.actor;
    c.issued_at = NowMs();
    // Per unit, not per key: a delivery stays received when the key changes.
    c.id = "wh-" + Sha256Hex(who.actor.id + "/" + delivery).substr(0, 40);
    const auto started = std::chrono::steady_clock::now();
    CommandResult r = gateway->Submit(c);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (r.body.value("duplicate", false))
      return refuse(&who, Status::Unauthenticated("delivery_id", "delivery " + delivery + " was already received; its result is in `result`"),
                    Json{{"result", r.body}});
    metrics.CountCommand(c.type, r.status.ok() ? "accepted" : r.status.code_name(), seconds);
    if (!r.status.ok()) return refuse(&who, r.status, Json{{"result", r.body}});
    MarkDirty();
    Send(res, 200, r.body);
  }

  // --- queries ----------------------------------------------------------
  template <typename F>
  void Query(const httplib::Request& req, httplib::Response& res, const std::string& target, F run) {
    auto who = Authorize(req);
    if (!who.ok()) return Fail(req, res, nullptr, "GET " + req.path, target, who.status());
    Result<Json> out = run(who.value().actor);
    if (!out.ok()) return Fail(req, res, &who.value(), "GET " + req.path, target, out.status());
    Send(res, 200, out.value());
  }

  void Routes() {
    server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { Send(res, 200, Json{{"status", "ok"}}); });
    server.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
      Status s = store()->Health();  // writes refused (a full disk) until the store resumes
      if (s.ok()) s = CheckReadModelsCurrent(store());
      if (!s.ok()) return Send(res, 503, Problem(503, s), kProblemJson);
      Send(res, 200, Json{{"status", "ready"}, {"log_position", store()->LastPosition()}});
    });
    server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      UpdateLag();
      res.set_content(metrics.Text(), "text/plain; version=0.0.4");
    });
    server.Get("/openapi.json", [](const httplib::Request&, httplib::Response& res) { Send(res, 200, OpenApiDocument()); });
    server.Post(R"(/v1/commands/([a-z_]+\.[a-z_]+))", [this](const httplib::Request& req, httplib::Response& res) { PostCommand(req, res); });
    server.Post("/v1/webhooks/inbound", [this](const httplib::Request& req, httplib::Response& res) { PostInbound(req, res); });
    server.Get("/v1/whoami", [this](const httplib::Request& req, httplib::Response& res) {
      Query(req, res, "", [&](const Actor& a) -> Result<Json> { return Json{{"id", a.id}, {"role", a.role}}; });
    });
    server.Get("/v1/tasks", [this](const httplib::Request& req, httplib::Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListTasks(store(), a, ParamsOf(req)); });
    });
    server.Get("/v1/my/tasks", [this](const httplib::Request& req, httplib::Response& res) {
      Query(req, res, "", [&](const Actor& a) -> Result<Json> {
        if (a.role != "unit") return Status::Forbidden("actor", "my tasks are a unit's; the " + a.role + " lists tasks at /v1/tasks");
        return ListTasks(store(), a, ParamsOf(req));
      });
    });
    server.Get(R"(/v1/tasks/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string id = req.matches[1];
      Query(req, res, "task-" + id, [&](const Actor& a) { return GetTask(store(), a, id); });
    });
    server.Get(R"(/v1/streams/([^/]+)/events)", [this](const httplib::Request& req, httplib::Response& res) {
      std::string stream = req.matches[1];
      Query(req, res, stream, [&](const Actor& a) { return StreamEvents(store(), a, stream, ParamsOf(req)); });
    });
    server.Get(R"(/v1/streams/([^/]+)/state)", [this](const httplib::Request& req, httplib::Response& res) {
      std::string stream = req.matches[1];
      Query(req, res, stream, [&](const Actor& a) { return StreamStateAsOf(store(), a, stream, ParamsOf(req)); });
    });
    server.Get(R"(/v1/read-models/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string key = req.matches[1];
      Query(req, res, key, [&](const Actor& a) { return GetReadModel(store(), a, key); });
    });
    server.Get("/v1/inbox", [this](const httplib::Request& req, httplib::Response& res) {
      Query(req, res, "", [&](const Actor& a) { return Inbox(store(), a, ParamsOf(req)); });
    });
    server.Get("/v1/log", [this](const httplib::Request& req, httplib::Response& res) {
      Query(req, res, "", [&](const Actor& a) { return LogPage(store(), a, ParamsOf(req)); });
    });
    server.Get(R"(/v1/security/(\d{4}-\d{2}-\d{2}))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string day = req.matches[1];
      Query(req, res, "security-" + day, [&](const Actor& a) { return SecurityLog(store(), a, day, ParamsOf(req)); });
    });

    // Whatever no handler answered: a problem document, never an empty body.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      Status s = res.status == 413   ? Status::Invalid("body", "is larger than this server accepts; send at most the documented size")
                 : res.status == 404 ? Status::NotFound("path", req.path + " is not a route of this API; see /openapi.json")
                 : res.status == 405 ? Status::Invalid("method", req.method + " is not allowed on " + req.path)
                                     : Status::Invalid("request", "cannot be read as HTTP/1.1");
      res.set_content(Problem(res.status, s).dump(), kProblemJson);
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown error";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      std::cerr << "api: a handler failed: " << what << "\n";
      Send(res, 500, Problem(500, Status::Storage("the server failed to answer: " + what)), kProblemJson);
    });
    server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      metrics.CountRequest(req.method, RouteOf(req.path), res.status);
    });
  }

  // Low-cardinality route names for the request counter.
  static std::string RouteOf(const std::string& path) {
    for (const char* fixed : {"/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/whoami", "/v1/tasks", "/v1/my/tasks", "/v1/inbox", "/v1/log"})
      if (path == fixed) return fixed;
    if (path == "/v1/webhooks/inbound") return path;
    for (const char* prefix : {"/v1/commands/", "/v1/tasks/", "/v1/streams/", "/v1/read-models/", "/v1/security/"})
      if (path.rfind(prefix, 0) == 0) return std::string(prefix) + "*";
    return "other";
  }

  void UpdateLag() {
    auto cp = store()->Get(Cf::kMeta, "checkpoint/projections");
    auto rp = store()->Get(Cf::kMeta, "checkpoint/reactions");
    auto pos = [](const Result<std::optional<std::string>>& v) {
      return v.ok() && v.value() ? static_cast<double>(Store::FromBigEndian64(*v.value())) : 0.0;
    };
    const double last = static_cast<double>(store()->LastPosition());
    // A Kafka node's store keeps no reactions checkpoint: the cluster's
    // reactions are the consumer group "<group>.reactions", whose lag the
    // broker reports. Here that lag is 0 rather than the whole log.
    const bool reacts_here = rp.ok() && rp.value();
    metrics.SetLag(last - pos(cp), reacts_here ? last - pos(rp) : 0.0);
  }

  // --- background ---------------------------------------------------------
  void SettleLoop() {
    std::unique_lock<std::mutex> lock(mu);
    while (!stopping) {
      wake.wait(lock, [&] { return dirty || stopping; });
      if (stopping) break;
      dirty = false;
      lock.unlock();
      auto s = gateway->Settle();
      if (!s.ok()) std::cerr << "api: reactions: " << s.status().ToString() << "\n";
      lock.lock();
      deliveries = true;
      wake.notify_all();
    }
  }

  void DispatchLoop() {
    WebhookDispatcher d(gateway, options.webhook_master_key, options.dispatch, &metrics);
    std::unique_lock<std::mutex> lock(mu);
    while (!stopping) {
      deliveries = false;
      lock.unlock();
      int64_t next_due = 0;
      auto n = d.RunDue(NowMs(), &next_due);
      if (!n.ok()) std::cerr << "api: webhook deliveries: " << n.status().ToString() << "\n";
      lock.lock();
      if (n.ok() && n.value() > 0) {
        dirty = true;  // the attempts' events, for the reactions
        wake.notify_all();
      }
      // Until the next retry is due (at most a second), or the reactions queue more.
      const int64_t wait_ms = next_due == 0 ? 1000 : std::clamp<int64_t>(next_due - NowMs(), 0, 1000);
      wake.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] { return stopping || deliveries; });
    }
  }

  void TickLoop() {
    std::unique_lock<std::mutex> lock(mu);
    while (!stopping) {
      // Not a sleep waiting for something: the clock ticks on a timer, and a stop ends the wait.
      wake.wait_for(lock, std::chrono::seconds(options.tick_every_s), [&] { return stopping; });
      if (stopping) break;
      lock.unlock();
      // The time is rounded down to the period, and the id follows from it:
      // every node of a cluster sends the same tick, carried out once.
      const int64_t period_ms = options.tick_every_s * 1000LL;
      CommandEnvelope c;
      c.issued_at = NowMs() / period_ms * period_ms;
      c.id = "tick-" + std::to_string(c.issued_at);
      c.type = "clock.tick";
      c.stream = "clock-city";
      c.actor = kApiActor;
      CommandResult r = gateway->Submit(c);
      if (!r.status.ok() && r.status.code() != Status::Code::kRefused)
        std::cerr << "api: clock tick: " << r.status.ToString() << "\n";
      lock.lock();
      dirty = true;
      wake.notify_all();
    }
  }
};

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiServer::~ApiServer() { Stop(); }

Result<std::unique_ptr<ApiServer>> ApiServer::Start(CommandGateway* gateway, const ApiOptions& options) {
  if (options.max_body_bytes < 1024) return Status::Invalid("max-body", "must be at least 1024 bytes");
  if (options.threads < 1 || options.threads > 256) return Status::Invalid("threads", "must be 1 to 256");
  auto impl = std::make_unique<Impl>();
  impl->gateway = gateway;
  impl->options = options;
  impl->server.set_payload_max_length(options.max_body_bytes);
  // Headers and body go out in separate writes: without TCP_NODELAY the body
  // waits for the client's delayed ACK, some 40 ms per request.
  impl->server.set_tcp_nodelay(true);
  const int threads = options.threads;
  impl->server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  impl->Routes();
  if (options.port == 0) {
    impl->port = impl->server.bind_to_any_port(options.host);
    if (impl->port <= 0) return Status::Invalid("http", "cannot listen on " + options.host + "; give an address of this machine");
  } else {
    if (!impl->server.bind_to_port(options.host, options.port))
      return Status::Invalid("http", "cannot listen on " + options.host + ":" + std::to_string(options.port) +
                                         " (in use, or not an address of this machine); choose another --http");
    impl->port = options.port;
  }
  Impl* self = impl.get();
  impl->listener = std::thread([self] { self->server.listen_after_bind(); });
  impl->settler = std::thread([self] { self->SettleLoop(); });
  if (options.tick_every_s > 0) impl->ticker = std::thread([self] { self->TickLoop(); });
  if (!options.webhook_master_key.empty()) impl->dispatcher = std::thread([self] { self->DispatchLoop(); });
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

int ApiServer::port() const { return impl_->port; }
ApiMetrics& ApiServer::metrics() { return impl_->metrics; }

void ApiServer::Stop() {
  if (!impl_) return;
  impl_->server.stop();
  if (impl_->listener.joinable()) impl_->listener.join();
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->settler.joinable()) impl_->settler.join();
  if (impl_->ticker.joinable()) impl_->ticker.join();
  if (impl_->dispatcher.joinable()) impl_->dispatcher.join();
}

}  // namespace safecity::http
