// The HTTP API under abuse, over raw sockets on loopback (tests/raw_client.h)
// against the real ApiServer on a real engine: clients that send a byte now
// and then, too many connections from one address or in all, slow sockets
// beside a normal request, chunked bodies past the limit, bodies that hide a
// second request, numbers out of range, media types, control bytes in a path,
// reused webhook deliveries, titles of error answers, 405, and a stop with a
// request in flight.
#include <algorithm>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "connectors/http/api_server.h"
#include "connectors/http/webhook_signature.h"
#include "engine/sha256.h"
#include "tests/integration/engine_fixture.h"
#include "tests/raw_client.h"
#include "tests/test_util.h"
#include "workflows/access/security_log.h"

namespace safecity::testing {
namespace {

class Transport : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    RegisterUnits();
    Must(Cmd("assign-Y1", "task.assign", "task-Y1", Office(), AssignData("Y1", "yanta", {}, "2031-04-15")));
    Must(Cmd("assign-Y2", "task.assign", "task-Y2", Office(), AssignData("Y2", "yanta", {}, "2031-04-15")));
    office_ = IssueTestToken(engine_.get(), "office-wang", "office", "", "wang");
    auditor_ = IssueTestToken(engine_.get(), "audit-li", "auditor", "", "li");
    Must(Cmd("whkey-yanta", "webhook_key.issue", "whkey-yanta-sys", Office(),
             Json{{"key_id", "yanta-sys"}, {"unit", "yanta"}, {"fingerprint", Sha256Hex(http::DeriveInboundSecret(kMasterKey, "yanta-sys"))}}));
    ASSERT_TRUE(engine_->Settle().ok());
  }
  void TearDown() override {
    if (server_) server_->Stop();
    server_.reset();
    EngineTest::TearDown();
  }

  // Starts the server with 4 handler threads, a 64 KiB body limit and the
  // default connection limits, changed by `tweak`.
  void Serve(void (*tweak)(http::ApiOptions&) = nullptr) {
    http::ApiOptions o;
    o.port = 0;
    o.max_body_bytes = 64 * 1024;
    o.threads = 4;
    o.tick_every_s = 0;
    o.webhook_master_key = kMasterKey;
    if (tweak) tweak(o);
    auto s = http::ApiServer::Start(engine_.get(), o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s.value());
    port_ = server_->port();
  }

  void Must(CommandEnvelope c) {
    CommandResult r = Do(std::move(c));
    ASSERT_TRUE(r.status.ok()) << r.body.dump();
  }

  RawReply Get(const std::string& path, const std::string& token) { return Exchange(port_, GetRequest(path, token)); }

  // A POST with the whole body and a Content-Length.
  static std::string PostRequest(const std::string& path, const std::string& body, const std::string& content_type,
                                 const std::string& extra_headers = "") {
    return "POST " + path + " HTTP/1.1\r\nHost: safecity\r\nContent-Type: " + content_type + "\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
  }

  // A delivery from yanta's system of `body`, signed now, sent as `content_type`.
  RawReply Deliver(const std::string& body, const std::string& content_type = "application/json") {
    const int64_t ts = NowMs() / 1000;
    const std::string headers = "X-Safecity-Key: yanta-sys\r\nX-Safecity-Timestamp: " + std::to_string(ts) +
                                "\r\nX-Safecity-Signature: " + http::WebhookSignature(http::DeriveInboundSecret(kMasterKey, "yanta-sys"), ts, body) +
                                "\r\n";
    return Exchange(port_, PostRequest("/v1/webhooks/inbound", body, content_type, headers));
  }

  // Today's refusals in the security log, as the auditor reads them.
  Json Refusals() {
    RawReply r = Get("/v1/security/" + access::SecurityStreamFor(NowMs()).substr(9) + "?limit=500", auditor_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.value("items", Json::array());
  }

  const std::string kMasterKey = std::string(32, '\x3c');
  std::unique_ptr<http::ApiServer> server_;
  int port_ = 0;
  std::string office_, auditor_;
};

// Item 8: one deadline for the whole request, not one per byte, and the
// handler threads stay free for everyone else meanwhile.
TEST_F(Transport, ClientsThatSendAByteNowAndThenAreClosedAtTheRequestDeadline) {
  Serve([](http::ApiOptions& o) { o.limits.read_timeout_ms = 600; });
  constexpr int kSlow = 12;  // three times the handler threads
  std::vector<RawClient> slow;
  std::vector<int64_t> first_byte(kSlow), closed_at(kSlow, 0);
  std::vector<int> bytes_sent(kSlow, 0);
  for (int i = 0; i < kSlow; ++i) {
    slow.emplace_back(port_);
    ASSERT_TRUE(slow.back().connected());
    first_byte[i] = NowMs();
    ASSERT_TRUE(slow.back().Send("G"));
  }
  // A normal request meanwhile is answered at once.
  RawReply whoami = Exchange(port_, GetRequest("/v1/whoami", office_), "127.0.0.1", 3000);
  EXPECT_EQ(whoami.status, 200) << "the slow clients hold no handler thread";
  // Each slow client sends another byte of its head every 100 ms (waiting
  // on its socket for the close), far more often than the deadline.
  const int64_t give_up = NowMs() + 6000;
  while (NowMs() < give_up && std::count(closed_at.begin(), closed_at.end(), 0) > 0) {
    for (int i = 0; i < kSlow; ++i) {
      if (closed_at[i] != 0) continue;
      if (slow[i].Receive(100 / kSlow + 1) < 0 || !slow[i].Send("E")) {
        closed_at[i] = NowMs();
        continue;
      }
      ++bytes_sent[i];
    }
  }
  for (int i = 0; i < kSlow; ++i) {
    ASSERT_NE(closed_at[i], 0) << "client " << i << " still open after " << bytes_sent[i] << " bytes";
    EXPECT_LE(closed_at[i] - first_byte[i], 600 + 1500) << "client " << i;
    EXPECT_GE(bytes_sent[i], 3) << "client " << i << " sent bytes more often than the deadline";
    EXPECT_EQ(slow[i].received(), "") << "a deadline closes without an answer";
  }
}

// Item 8: caps per client address and in all; a closed connection frees its place.
TEST_F(Transport, ConnectionsAreCappedPerClientAddressAndInAll) {
  Serve([](http::ApiOptions& o) {
    o.limits.max_connections_per_address = 4;
    o.limits.max_connections = 6;
  });
  std::vector<RawClient> mine;
  for (int i = 0; i < 4; ++i) {
    mine.emplace_back(port_, "127.0.0.1");
    ASSERT_TRUE(mine.back().connected());
  }
  ASSERT_TRUE(mine[0].Send(GetRequest("/v1/whoami", office_)));
  EXPECT_EQ(mine[0].NextReply(3000).status, 200);

  RawClient fifth(port_, "127.0.0.1");
  RawReply too_many = fifth.NextReply(3000);
  EXPECT_EQ(too_many.status, 429) << too_many.head;
  EXPECT_EQ(too_many.Header("Retry-After"), "1");
  EXPECT_EQ(too_many.json.value("title", ""), "Too Many Requests");
  EXPECT_EQ(too_many.json.value("field", ""), "connection");
  EXPECT_TRUE(fifth.ClosedWithin(3000));

  // Another address has its own four; the server, six in all.
  RawClient other1(port_, "127.0.0.2"), other2(port_, "127.0.0.2");
  ASSERT_TRUE(other2.Send(GetRequest("/healthz")));
  EXPECT_EQ(other2.NextReply(3000).status, 200);
  RawReply full = Exchange(port_, GetRequest("/healthz"), "127.0.0.3", 3000);
  EXPECT_EQ(full.status, 503) << full.head;
  EXPECT_EQ(full.Header("Retry-After"), "1");
  EXPECT_EQ(server_->transport_stats().refused_connections, 2);

  // Closed connections free their places: the next try from 127.0.0.1 is served.
  for (auto& c : mine) c.Close();
  int status = 0;
  EXPECT_TRUE(WaitUntil([&] { return (status = Get("/v1/whoami", office_).status) == 200; }, 10, [](int) {})) << status;
}

// Item 8: a normal request beside many sockets that sent half a request head.
TEST_F(Transport, ANormalRequestStaysFastBesideManySlowSockets) {
  http::RaiseOpenFileLimit();
  Serve();  // the default limits: at most 128 connections from one address
  auto median_ms = [&](int n) {
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
      const auto start = std::chrono::steady_clock::now();
      RawReply r = Exchange(port_, GetRequest("/v1/whoami", office_), "127.0.0.1", 5000);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      if (r.status != 200) return 1e9;  // no answer in time
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  };
  const double idle = median_ms(25);
  // 400 sockets from four other addresses, each with half a head sent.
  constexpr int kSlow = 400;
  std::vector<RawClient> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.emplace_back(port_, "127.0.0." + std::to_string(2 + i % 4));
    ASSERT_TRUE(slow.back().connected()) << i;
    ASSERT_TRUE(slow.back().Send("GET /v1/whoami HTTP/1.1\r\nHost: safecity\r\nX-Slow: "));
  }
  const double loaded = median_ms(25);
  // The server accepts in order: once a later connection was answered, all 400 had been taken.
  EXPECT_GE(server_->transport_stats().open_connections, kSlow);
  std::cout << "whoami median on a new connection: idle " << idle << " ms, beside " << kSlow << " slow sockets " << loaded
            << " ms (x" << loaded / idle << ")\n";
  EXPECT_LT(loaded, 5 * idle + 5) << "idle " << idle << " ms";
}

// Item 9: a chunked body is counted as it comes, and refused at the limit
// before any token is looked at.
TEST_F(Transport, AChunkedBodyPastTheLimitIs413WhileItIsStillComing) {
  Serve();  // a 64 KiB limit
  RawClient c(port_);
  ASSERT_TRUE(c.Send("POST /v1/commands/task.acknowledge HTTP/1.1\r\nHost: safecity\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "4000\r\n" + std::string(0x4000, ' ') + "\r\n";  // 16 KiB of JSON whitespace
  constexpr size_t kBudget = 64 << 20;
  size_t sent = 0, pending = 0;
  while (sent < kBudget) {
    if (c.Receive(0) != 0) break;  // an answer, or the close
    const long n = c.SendSome(chunk.substr(pending));
    if (n < 0) break;
    pending = (pending + static_cast<size_t>(n)) % chunk.size();
    sent += static_cast<size_t>(n);
    if (n == 0 && c.Receive(50) != 0) break;  // the server reads no more: wait for its answer
  }
  RawReply r = c.NextReply(3000);
  EXPECT_EQ(r.status, 413) << r.head << r.body;
  EXPECT_EQ(r.json.value("title", ""), "Content Too Large");
  EXPECT_EQ(r.json.value("field", ""), "body");
  EXPECT_LT(sent, kBudget) << "the server read on past the limit";
  EXPECT_TRUE(c.ClosedWithin(3000));
  EXPECT_TRUE(Refusals().empty()) << "no token was looked at: nothing to refuse";
}

// Item 16: the bytes of a body the server did not read are never a request.
TEST_F(Transport, AnUnreadBodyIsNeverTakenForTheNextRequest) {
  Serve();
  // Any answer that is the smuggled GET /readyz.
  auto smuggled = [](RawClient& c) {
    std::vector<RawReply> replies;
    for (RawReply r = c.NextReply(3000); r.status != 0; r = c.NextReply(3000)) replies.push_back(r);
    bool ready = false;
    for (const RawReply& r : replies) ready = ready || (r.json.is_object() && r.json.contains("status") && r.json["status"] == "ready");
    return std::make_pair(replies, ready);
  };
  const std::string hidden = "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(hidden.size(), 33u);
  const std::string after = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  {
    RawClient c(port_);
    ASSERT_TRUE(c.Send("TRACE /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 33\r\n\r\n" + hidden + after));
    auto [replies, ready] = smuggled(c);
    ASSERT_FALSE(replies.empty());
    EXPECT_EQ(replies[0].status, 405) << replies[0].head;
    EXPECT_FALSE(ready) << "TRACE's body was answered as a request";
  }
  {
    const std::string body = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n" + hidden + "--b--\r\n";
    RawClient c(port_);
    ASSERT_TRUE(c.Send(PostRequest("/v1/commands/task.acknowledge", body, "multipart/form-data; boundary=b",
                                   "Authorization: Bearer " + office_ + "\r\n") +
                       after));
    auto [replies, ready] = smuggled(c);
    ASSERT_FALSE(replies.empty());
    EXPECT_EQ(replies[0].status, 415) << replies[0].body;
    EXPECT_EQ(replies[0].json.value("field", ""), "Content-Type");
    EXPECT_FALSE(ready) << "the form's body was answered as a request";
  }
  {
    // Refused at its head (413): the connection closes rather than read the body as requests.
    const std::string body = hidden + std::string(70 * 1024, ' ');
    RawClient c(port_);
    ASSERT_TRUE(c.Send(PostRequest("/v1/commands/task.acknowledge", body, "application/json") + after));
    auto [replies, ready] = smuggled(c);
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].status, 413);
    EXPECT_EQ(replies[0].Header("Connection"), "close");
    EXPECT_FALSE(ready);
  }
  {
    // Not HTTP at all: 400, and the connection closes.
    RawClient c(port_);
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost x\r\n\r\n" + hidden));
    auto [replies, ready] = smuggled(c);
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].status, 400);
    EXPECT_FALSE(ready);
    EXPECT_TRUE(c.closed());
  }
}

// Item 13: every number read from a request is range-checked.
TEST_F(Transport, NumbersOutOfRangeAreRefusedNamingTheField) {
  Serve();
  for (const char* path : {"/v1/log?after=9223372036854775807", "/v1/log?after=99999999999999999999", "/v1/log?after=+5",
                           "/v1/log?after=%205"}) {
    RawReply r = Get(path, office_);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_EQ(r.json.value("field", ""), "after") << path;
  }
  for (const char* path : {"/v1/streams/task-Y1/events?after_version=9223372036854775807",
                           "/v1/streams/task-Y1/events?after_version=9007199254740992"}) {
    RawReply r = Get(path, office_);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_EQ(r.json.value("field", ""), "after_version") << path;
  }
  EXPECT_EQ(Get("/v1/streams/task-Y1/events?after_version=9007199254740991", office_).status, 200) << "the largest one taken";
  EXPECT_EQ(Get("/v1/tasks?limit=9223372036854775808", office_).json.value("field", ""), "limit");
  for (const std::string ts : {"-9223372036854775808", "9223372036854775807", "+1700000000", "1e9"}) {
    const std::string body = Json{{"delivery_id", "d-ts"}, {"type", "task.acknowledge"}, {"stream", "task-Y1"}}.dump();
    const std::string headers = "X-Safecity-Key: yanta-sys\r\nX-Safecity-Timestamp: " + ts + "\r\nX-Safecity-Signature: sha256=00\r\n";
    RawReply r = Exchange(port_, PostRequest("/v1/webhooks/inbound", body, "application/json", headers));
    EXPECT_EQ(r.status, 401) << ts;
    EXPECT_EQ(r.json.value("field", ""), "X-Safecity-Timestamp") << ts;
    EXPECT_EQ(r.json.value("reason", ""), "api.timestamp_not_a_time") << ts << ": " << r.body;
    EXPECT_NE(r.json.value("detail", "").find("Unix 时间（秒）"), std::string::npos) << "in Chinese when no language is asked for";
  }
  // A time with an offset no place has (item 14).
  RawReply offset = Get("/v1/streams/task-Y1/state?as_of=2023-03-01T09:30:00%2B99:00", office_);
  EXPECT_EQ(offset.status, 400) << offset.body;
  EXPECT_EQ(offset.json.value("field", ""), "as_of");
}

// Item 14: application/json exactly (parameters aside), on commands and webhooks.
TEST_F(Transport, OnlyApplicationJsonIsTakenAsJson) {
  Serve();
  const std::string ack = Json{{"stream", "task-Y1"}}.dump();
  const std::string auth = "Authorization: Bearer " + office_ + "\r\n";
  for (const char* type : {"application/jsonx", "application/json-seq", "text/plain", "multipart/form-data; boundary=x"}) {
    RawReply r = Exchange(port_, PostRequest("/v1/commands/task.acknowledge", ack, type, auth));
    EXPECT_EQ(r.status, 415) << type << ": " << r.body;
    EXPECT_EQ(r.json.value("field", ""), "Content-Type") << type;
    EXPECT_EQ(r.json.value("title", ""), "Unsupported Media Type") << type;
  }
  const std::string delivery = Json{{"delivery_id", "d-plain"}, {"type", "task.acknowledge"}, {"stream", "task-Y1"}}.dump();
  RawReply plain = Deliver(delivery, "text/plain");
  EXPECT_EQ(plain.status, 415) << plain.body;
  EXPECT_EQ(plain.json.value("field", ""), "Content-Type");
  EXPECT_EQ(engine_->store()->ReadStream("task-Y1").value().size(), 1u) << "neither acted";
  RawReply json = Deliver(delivery, "Application/JSON; charset=utf-8");
  EXPECT_EQ(json.status, 200) << json.body;
}

// Item 14: a path segment with NUL or another control byte names no stream.
TEST_F(Transport, ControlBytesInAPathAreRefused) {
  Serve();
  for (const char* path : {"/v1/streams/task-Y1%00/events", "/v1/streams/task-Y1%0A/events", "/v1/tasks/Y1%1B", "/v1/tasks/Y1%ff",
                           "/v1/tasks/Y1%zz"}) {
    RawReply r = Get(path, office_);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_EQ(r.json.value("field", ""), "path") << path;
  }
  EXPECT_EQ(Get("/v1/streams/task-Y1/events", office_).status, 200);
  EXPECT_EQ(Get("/v1/tasks/Y%31", office_).json.value("task_id", ""), "Y1") << "an escaped printable byte is that byte";
}

// Item 14: a delivery id sent again with another body is refused and recorded, like a replay.
TEST_F(Transport, ADeliveryIdReusedWithAnotherBodyIsRefusedAndRecorded) {
  Serve();
  ASSERT_EQ(Deliver(Json{{"delivery_id", "d-7"}, {"type", "task.acknowledge"}, {"stream", "task-Y1"}}.dump()).status, 200);
  RawReply reused = Deliver(Json{{"delivery_id", "d-7"}, {"type", "task.acknowledge"}, {"stream", "task-Y2"}}.dump());
  EXPECT_EQ(reused.status, 401) << reused.body;
  EXPECT_EQ(reused.json.value("field", ""), "delivery_id");
  Json refusals = Refusals();
  ASSERT_EQ(refusals.size(), 1u) << refusals.dump(1);
  EXPECT_EQ(refusals[0]["principal"], "yanta");
  EXPECT_EQ(refusals[0]["channel"], "webhook");
  EXPECT_EQ(refusals[0]["http_status"], 401);
  EXPECT_EQ(engine_->store()->ReadStream("task-Y2").value().size(), 1u) << "task-Y2 was not acknowledged";
}

// Items 14 and 17: a known path with another method is 405 naming the allowed ones.
TEST_F(Transport, AWrongMethodOnAKnownRouteIs405WithAllow) {
  Serve();
  struct Case {
    std::string request, allow;
  };
  const std::vector<Case> cases{
      {PostRequest("/v1/whoami", "{}", "application/json"), "GET, HEAD"},
      {"DELETE /v1/tasks/Y1 HTTP/1.1\r\nHost: x\r\n\r\n", "GET, HEAD"},
      {GetRequest("/v1/commands/task.acknowledge"), "POST"},
      {"PUT /v1/webhooks/inbound HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", "POST"},
  };
  for (const Case& c : cases) {
    RawReply r = Exchange(port_, c.request);
    EXPECT_EQ(r.status, 405) << c.request;
    EXPECT_EQ(r.Header("Allow"), c.allow) << c.request;
    EXPECT_EQ(r.json.value("title", ""), "Method Not Allowed");
    EXPECT_EQ(r.json.value("field", ""), "method");
  }
  EXPECT_EQ(Exchange(port_, GetRequest("/v1/commands/NOT-A-TYPE")).status, 404) << "no route's pattern takes that path";
  RawClient head(port_);
  ASSERT_TRUE(head.Send("HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_TRUE(head.ClosedWithin(3000));
  EXPECT_EQ(head.received().rfind("HTTP/1.1 200", 0), 0u) << head.received();
  EXPECT_EQ(head.received().substr(head.received().size() - 4), "\r\n\r\n") << "HEAD is GET without the body";
}

// Item 14: each error status has its own title; too long a target or head closes.
TEST_F(Transport, ErrorAnswersCarryTheirStatusesTitles) {
  Serve();
  RawClient long_target(port_);
  ASSERT_TRUE(long_target.Send(GetRequest("/v1/tasks/" + std::string(9000, 'x'))));
  RawReply r414 = long_target.NextReply(3000);
  EXPECT_EQ(r414.status, 414);
  EXPECT_EQ(r414.json.value("title", ""), "URI Too Long");
  EXPECT_TRUE(long_target.ClosedWithin(3000));

  RawReply r431 = Exchange(port_, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n");
  EXPECT_EQ(r431.status, 431) << r431.body;
  EXPECT_EQ(r431.json.value("title", ""), "Request Header Fields Too Large");

  RawReply r400 = Exchange(port_, "BREW /pot HTCPCP/1.0\r\n\r\n");
  EXPECT_EQ(r400.status, 400);
  EXPECT_EQ(r400.json.value("title", ""), "Bad Request");
}

// Stop() answers a request whose body is still coming, closes idle connections, then returns.
TEST_F(Transport, StopAnswersTheRequestInFlightAndClosesIdleConnections) {
  Serve();
  RawClient idle(port_), busy(port_);
  ASSERT_TRUE(idle.Send(GetRequest("/healthz")));
  ASSERT_EQ(idle.NextReply(3000).status, 200);
  const std::string body = Json{{"stream", "task-Y1"}}.dump();
  const std::string request = PostRequest("/v1/commands/task.acknowledge", body, "application/json", "Authorization: Bearer " + office_ + "\r\n");
  ASSERT_TRUE(busy.Send(request.substr(0, request.size() - 5)));
  // The head has come (the server reads the body next) before the stop begins.
  ASSERT_TRUE(WaitUntil([&] { return server_->transport_stats().open_connections == 2; }, 10, [&](int ms) { idle.Receive(ms); }));
  std::thread stopping([&] { server_->Stop(); });
  EXPECT_TRUE(idle.ClosedWithin(5000)) << "an idle connection closes at the stop";
  ASSERT_TRUE(busy.Send(request.substr(request.size() - 5)));
  RawReply answer = busy.NextReply(5000);
  stopping.join();
  EXPECT_NE(answer.status, 0) << "the request in flight was answered";
  EXPECT_EQ(answer.Header("Connection"), "close");
  EXPECT_TRUE(busy.ClosedWithin(3000));
  EXPECT_EQ(Exchange(port_, GetRequest("/healthz"), "127.0.0.1", 1000).status, 0) << "no longer accepting";
}

}  // namespace
}  // namespace safecity::testing
