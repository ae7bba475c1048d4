// HTTPS (`serve --tls-cert FILE --tls-key FILE`, `--server https://… --ca-file
// FILE`) with certificates the test makes as an operator would, with
// deploy/tls/make-certs.sh (openssl): the API answers a client that trusts
// the cluster's CA, keeps connections alive and still refuses a body past the
// limit; a client that does not trust the certificate, or reaches a host the
// certificate does not name, learns why and what to give; plain HTTP to the
// HTTPS port is told to use https://; a handshake that never finishes is
// closed at the read deadline; bad files are refused naming their flag
// before anything is opened; and the CLI, the health probe and a config
// file's CA work against a real `safecity serve`.
#include <httplib.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include <thread>

#include <gtest/gtest.h>

#include "connectors/http/api_server.h"
#include "connectors/http/http_client.h"
#include "connectors/http/server_client_refusals.h"
#include "connectors/http/tls_context.h"
#include "tests/integration/engine_fixture.h"
#include "tests/raw_client.h"
#include "tests/test_util.h"

namespace safecity::testing {
namespace {

// Makes DIR/ca.pem and, per "NAME=HOST,…", DIR/NAME.pem and DIR/NAME.key.
void MakeCerts(const std::string& dir, const std::string& nodes) {
  const std::string cmd = "bash " SAFECITY_SOURCE_DIR "/deploy/tls/make-certs.sh --out '" + dir + "' " + nodes + " > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

class Tls : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    RegisterUnits();
    office_ = IssueTestToken(engine_.get(), "office-wang", "office", "", "wang");
    ASSERT_TRUE(engine_->Settle().ok());
    certs_ = dir_.sub("tls");
    // node-a is this machine as the clients name it; node-b is another host.
    MakeCerts(certs_, "node-a=127.0.0.1,localhost node-b=node-b.example");
  }
  void TearDown() override {
    if (server_) server_->Stop();
    server_.reset();
    EngineTest::TearDown();
  }

  void Serve(const std::string& node, void (*tweak)(http::ApiOptions&) = nullptr) {
    http::ApiOptions o;
    o.port = 0;
    o.max_body_bytes = 64 * 1024;
    o.threads = 4;
    o.tick_every_s = 0;
    o.tls = {certs_ + "/" + node + ".pem", certs_ + "/" + node + ".key"};
    if (tweak) tweak(o);
    auto s = http::ApiServer::Start(engine_.get(), o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s.value());
    base_ = "https://127.0.0.1:" + std::to_string(server_->port());
  }

  std::unique_ptr<httplib::Client> Client(const std::string& ca_file) {
    auto c = std::move(http::NewHttpClient(base_, ca_file).value());
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(5, 0);
    c->set_keep_alive(true);
    return c;
  }
  std::string ca() const { return certs_ + "/ca.pem"; }

  std::string office_, certs_, base_;
  std::unique_ptr<http::ApiServer> server_;
};

TEST_F(Tls, AClientThatTrustsTheClustersCaIsAnsweredOverOneKeptAliveConnection) {
  Serve("node-a");
  auto client = Client(ca());
  const httplib::Headers auth{{"Authorization", "Bearer " + office_}};
  for (int i = 0; i < 3; ++i) {
    auto who = client->Get("/v1/whoami", auth);
    ASSERT_TRUE(who) << httplib::to_string(who.error());
    EXPECT_EQ(who->status, 200) << who->body;
    EXPECT_EQ(Json::parse(who->body)["role"], "office");
  }
  EXPECT_EQ(server_->transport_stats().open_connections, 1) << "the three requests went over one TLS connection";

  // A command over HTTPS is carried out like any other.
  const Json body{{"stream", "task-T1"},
                  {"data", {{"task_id", "T1"}, {"title", "消防通道堵塞"}, {"lead_unit", "yanta"}, {"deadline", "2031-05-01"}}}};
  auto assigned = client->Post("/v1/commands/task.assign", auth, body.dump(), "application/json");
  ASSERT_TRUE(assigned) << httplib::to_string(assigned.error());
  EXPECT_EQ(assigned->status, 200) << assigned->body;
  auto events = engine_->store()->ReadStream("task-T1");
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events.value().size(), 1u);

  // The body limit holds over TLS, and the 413 reaches the client.
  auto big = client->Post("/v1/commands/task.assign", auth, std::string(80 * 1024, 'x'), "application/json");
  ASSERT_TRUE(big) << httplib::to_string(big.error());
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(Json::parse(big->body, nullptr, false).value("reason", ""), "api.body_too_large") << big->body;
}

TEST_F(Tls, AClientThatDoesNotTrustTheCertificateIsToldToGiveTheCa) {
  Serve("node-a");
  auto untrusting = Client("");  // the system's CAs do not know the cluster's
  auto r = untrusting->Get("/healthz");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), httplib::Error::SSLServerVerification);
  Status s = http::NoAnswer(*untrusting, r.error(), base_, http::kServerUnreachable, "--server");
  EXPECT_EQ(s.reason(), "client.server_cert_untrusted");
  EXPECT_EQ(s.field(), "--ca-file");
  EXPECT_NE(s.ToString().find("unable to get local issuer certificate"), std::string::npos) << s.ToString();
  EXPECT_EQ(engine_->store()->ReadStream("task-T1").value().size(), 0u);
}

TEST_F(Tls, ACertificateForAnotherHostIsRefusedEvenFromTheTrustedCa) {
  Serve("node-b");  // made for node-b.example, served on 127.0.0.1
  auto client = Client(ca());
  auto r = client->Get("/healthz");
  ASSERT_FALSE(r) << "a certificate that does not name the host it came from is not that host's";
  EXPECT_EQ(r.error(), httplib::Error::SSLServerVerification);
  Status s = http::NoAnswer(*client, r.error(), base_, http::kServerUnreachable, "--server");
  EXPECT_EQ(s.reason(), "client.server_cert_untrusted");
  EXPECT_NE(s.ToString().find("does not name this host"), std::string::npos) << s.ToString();
}

TEST_F(Tls, PlainHttpToTheHttpsPortIsToldToUseHttps) {
  Serve("node-a");
  RawReply r = Exchange(server_->port(), GetRequest("/healthz"));
  EXPECT_EQ(r.status, 400) << r.head;
  EXPECT_EQ(r.json.value("reason", ""), "api.plain_http_to_tls") << r.body;
  EXPECT_NE(r.body.find("https://"), std::string::npos) << r.body;

  // A record that is no handshake fails one; the operator sees both in /metrics.
  RawClient garbage(server_->port());
  ASSERT_TRUE(garbage.Send(std::string("\x16\x03\x01\x00\x05hello", 10)));
  EXPECT_TRUE(garbage.ClosedWithin(3000));
  auto scraper = Client(ca());
  std::string body;
  // The server counts a failure as it closes, and forgets the connection a
  // moment later (the client may see the close in between): wait for both.
  auto shows = [&body](const char* line) { return body.find(line) != std::string::npos; };
  for (const int64_t deadline = NowMs() + 10000; NowMs() < deadline;) {
    auto metrics = scraper->Get("/metrics");
    ASSERT_TRUE(metrics) << httplib::to_string(metrics.error());
    body = metrics->body;
    if (shows("safecity_http_tls_handshake_failures_total 2") && shows("safecity_http_open_connections 1\n")) break;
  }
  EXPECT_TRUE(shows("safecity_http_tls_handshake_failures_total 2")) << body.substr(0, 3000);
  EXPECT_TRUE(shows("safecity_http_open_connections 1\n")) << "the scrape's own connection: " << body.substr(0, 3000);
}

TEST_F(Tls, AHandshakeThatNeverEndsIsClosedAtTheReadDeadline) {
  Serve("node-a", [](http::ApiOptions& o) { o.limits.read_timeout_ms = 500; });
  RawClient slow(server_->port());
  ASSERT_TRUE(slow.connected());
  const int64_t began = NowMs();
  ASSERT_TRUE(slow.Send(std::string("\x16\x03\x01\x00\x50", 5)));  // a TLS record's head, and no more
  EXPECT_TRUE(slow.ClosedWithin(3000)) << "a half-made handshake holds no connection past the deadline";
  EXPECT_LE(NowMs() - began, 500 + 1500);
  // The client may see the close a moment before the server counts it.
  for (const int64_t deadline = NowMs() + 5000; NowMs() < deadline && server_->transport_stats().timed_out < 1;)
    std::this_thread::yield();
  EXPECT_GE(server_->transport_stats().timed_out, 1);
  // Meanwhile and after, a real client is served.
  auto client = Client(ca());
  auto r = client->Get("/healthz");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
}

TEST_F(Tls, AStopClosesASilentTlsConnectionAtOnce) {
  Serve("node-a", [](http::ApiOptions& o) { o.limits.read_timeout_ms = 5000; });
  RawClient silent(server_->port());  // a load balancer's TCP check, a browser's preconnect
  ASSERT_TRUE(silent.connected());
  auto client = Client(ca());
  ASSERT_TRUE(client->Get("/healthz")) << "the server is up and has the silent connection";
  const int64_t began = NowMs();
  server_->Stop();
  EXPECT_LT(NowMs() - began, 2000) << "a connection that sent nothing is idle, as over plain HTTP, and closes at once";
  EXPECT_TRUE(silent.ClosedWithin(1000));
}

TEST(HttpClient, AddressesAreSplitAsTheClientLibraryReadsThem) {
  auto split = [](const std::string& url) {
    auto u = http::SplitHttpUrl(url);
    return u ? u->base + " " + u->path : std::string("refused");
  };
  EXPECT_EQ(split("https://10.0.0.5:8443"), "https://10.0.0.5:8443 ");
  EXPECT_EQ(split("http://node-a.safety.xa.gov.cn/readyz"), "http://node-a.safety.xa.gov.cn /readyz");
  EXPECT_EQ(split("https://[::1]:8443/v1/tasks?limit=5"), "https://[::1]:8443 /v1/tasks?limit=5");
  EXPECT_EQ(split("https://hooks.example?token=x"), "https://hooks.example /?token=x");
  for (const char* bad : {"10.0.0.5:8443", "ftp://h", "https://[fe80::1]:8443", "http://:8080", "https://h:1:2", "https://h:99999",
                          "https://user@h", "https://h:8443 /x"})
    EXPECT_EQ(split(bad), "refused") << bad;
}

TEST(TlsFiles, BadFilesAreRefusedNamingTheirFlag) {
  TempDir dir;
  MakeCerts(dir.path(), "node-a=127.0.0.1 node-b=127.0.0.1");
  const std::string cert = dir.sub("node-a.pem"), key = dir.sub("node-a.key");
  auto reason_and_field = [](const http::TlsFiles& f) {
    auto r = http::LoadServerTls(f);
    return r.ok() ? std::string("ok") : r.status().reason() + " " + r.status().field();
  };
  EXPECT_EQ(reason_and_field({cert, key}), "ok");
  EXPECT_EQ(reason_and_field({cert, ""}), "tls.half --tls-key");
  EXPECT_EQ(reason_and_field({"", key}), "tls.half --tls-cert");
  EXPECT_EQ(reason_and_field({dir.sub("missing.pem"), key}), "tls.cert_unreadable --tls-cert");
  EXPECT_EQ(reason_and_field({key, key}), "tls.cert_not_pem --tls-cert") << "a key is not a certificate";
  EXPECT_EQ(reason_and_field({cert, cert}), "tls.key_not_pem --tls-key") << "a certificate is not a key";
  EXPECT_EQ(reason_and_field({cert, dir.sub("node-b.key")}), "tls.key_mismatch --tls-key");
  // A key under a passphrase is refused, not asked for on a terminal.
  const std::string locked = dir.sub("locked.key");
  const std::string cmd = "openssl pkey -in '" + key + "' -aes256 -passout pass:secret -out '" + locked + "' 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(reason_and_field({cert, locked}), "tls.key_passphrase --tls-key");
}

// A real `safecity serve` over HTTPS, and the CLI and the probe against it.
TEST(TlsServe, TheCliAndTheHealthProbeReachAnHttpsServerThroughTheClustersCa) {
  TempDir dir;
  MakeCerts(dir.sub("tls"), "node-a=127.0.0.1,localhost");
  const std::string ca = dir.sub("tls/ca.pem"), cert = dir.sub("tls/node-a.pem"), key = dir.sub("tls/node-a.key");
  const std::string data = dir.sub("data");
  ASSERT_EQ(RunCli({"--data", data, "init"}).exit_code, 0);
  CliRun issued = RunCli({"--data", data, "token", "issue", "--role", "office", "--id", "wang", "--principal", "wang", "-o", "json"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const std::string token = Json::parse(issued.out)["token"];
  CliRun unit = RunCli({"--data", data, "--as", "office:wang", "unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"});
  ASSERT_EQ(unit.exit_code, 0) << unit.err;

  CliProcess serve({"--data", data, "serve", "--http", "127.0.0.1:0", "--tick-every", "0", "--tls-cert", cert, "--tls-key", key});
  ASSERT_TRUE(serve.WaitForOutput("serving https://", 60)) << serve.out() << serve.err();
  const std::string out = serve.out();
  const size_t at = out.find("https://");
  const std::string url = out.substr(at, out.find(' ', at) - at);
  const std::vector<std::pair<std::string, std::string>> env{
      {"SAFECITY_TOKEN", token}, {"HOME", dir.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}, {"SAFECITY_CA_FILE", ""}};

  CliRun assign = RunCli({"--server", url, "--ca-file", ca, "--data", dir.sub("replica"), "task", "assign", "--id", "N1", "--title",
                          "消防通道堵塞", "--lead", "雁塔区", "--deadline", "2031-05-01"},
                         env);
  ASSERT_EQ(assign.exit_code, 0) << assign.err;
  EXPECT_NE(assign.out.find("ok: task-N1 TaskAssigned@1"), std::string::npos) << assign.out;

  // The CA from the environment, as a deployment sets it.
  auto env_ca = env;
  env_ca.back().second = ca;
  CliRun list = RunCli({"--server", url, "--data", dir.sub("replica"), "task", "list"}, env_ca);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("N1"), std::string::npos) << list.out;

  // The CA from the config file.
  const std::string config = dir.sub("config.json");
  std::ofstream(config) << Json{{"server", url}, {"token", token}, {"ca_file", ca}}.dump();
  chmod(config.c_str(), 0600);
  CliRun configured = RunCli({"--data", dir.sub("replica"), "task", "list"},
                             {{"SAFECITY_TOKEN", ""}, {"HOME", dir.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", config},
                              {"SAFECITY_CA_FILE", ""}});
  EXPECT_EQ(configured.exit_code, 0) << configured.err;

  // Without the CA: one line that says what to give, and nothing done.
  CliRun untrusted = RunCli({"--server", url, "--data", dir.sub("replica2"), "task", "assign", "--id", "N2", "--title", "第二项", "--lead",
                             "雁塔区", "--deadline", "2031-05-01"},
                            env);
  EXPECT_NE(untrusted.exit_code, 0);
  EXPECT_NE(untrusted.err.find("--ca-file"), std::string::npos) << untrusted.err;
  EXPECT_NE(untrusted.err.find("证书"), std::string::npos) << untrusted.err;
  EXPECT_EQ(std::count(untrusted.err.begin(), untrusted.err.end(), '\n'), 1) << untrusted.err;
  CliRun missing_ca = RunCli({"--server", url, "--ca-file", dir.sub("nope.pem"), "task", "list"}, env);
  EXPECT_EQ(missing_ca.exit_code, 2);
  EXPECT_NE(missing_ca.err.find("--ca-file"), std::string::npos) << missing_ca.err;
  auto env_bad_ca = env;
  env_bad_ca.back().second = dir.sub("nope.pem");
  CliRun bad_env_ca = RunCli({"--server", url, "task", "list"}, env_bad_ca);
  EXPECT_EQ(bad_env_ca.exit_code, 2);
  EXPECT_NE(bad_env_ca.err.find("SAFECITY_CA_FILE"), std::string::npos) << "names where the CA came from: " << bad_env_ca.err;

  // Plain http:// to it is told to write https://.
  std::string plain = url;
  plain.replace(0, 5, "http");
  CliRun wrong_scheme = RunCli({"--server", plain, "--data", dir.sub("replica3"), "task", "list"}, env);
  EXPECT_NE(wrong_scheme.exit_code, 0);
  EXPECT_NE(wrong_scheme.err.find("https://"), std::string::npos) << wrong_scheme.err;

  // The health probe, as a container's HEALTHCHECK or Kubernetes runs it.
  CliRun health = RunCli({"health", "--url", url + "/readyz", "--ca-file", ca});
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_NE(health.out.find("ready"), std::string::npos) << health.out;
  EXPECT_EQ(RunCli({"health", "--url", url + "/readyz"}, {{"SAFECITY_CA_FILE", ""}}).exit_code, 3);

  EXPECT_EQ(serve.Stop(SIGTERM), 0) << serve.err();

  // A plain server: a CA set for the whole environment does not stand in the
  // way of http://, and https:// to it is told to write http://.
  ServeProcess plain_serve(dir.sub("plain"));
  ASSERT_FALSE(plain_serve.url.empty());
  CliRun plain_health = RunCli({"health", "--url", plain_serve.url + "/readyz"}, env_bad_ca);
  EXPECT_EQ(plain_health.exit_code, 0) << plain_health.err;
  std::string tls_to_plain = plain_serve.url;
  tls_to_plain.replace(0, 4, "https");
  CliRun handshake = RunCli({"health", "--url", tls_to_plain + "/readyz", "--ca-file", ca});
  EXPECT_EQ(handshake.exit_code, 3);
  EXPECT_NE(handshake.err.find("http://"), std::string::npos) << handshake.err;
}

TEST(TlsServe, BadTlsFlagsStopServeBeforeAnythingIsOpened) {
  TempDir dir;
  MakeCerts(dir.sub("tls"), "node-a=127.0.0.1 node-b=127.0.0.1");
  const std::string data = dir.sub("data");
  CliRun half = RunCli({"--data", data, "serve", "--http", "127.0.0.1:0", "--tls-cert", dir.sub("tls/node-a.pem")});
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_NE(half.err.find("--tls-key"), std::string::npos) << half.err;
  CliRun mismatch = RunCli({"--data", data, "serve", "--http", "127.0.0.1:0", "--tls-cert", dir.sub("tls/node-a.pem"), "--tls-key",
                            dir.sub("tls/node-b.key")});
  EXPECT_EQ(mismatch.exit_code, 2);
  EXPECT_NE(mismatch.err.find("不配对"), std::string::npos) << mismatch.err;
  CliRun english = RunCli({"--lang", "en", "--data", data, "serve", "--http", "127.0.0.1:0", "--tls-cert", dir.sub("tls/nope.pem"),
                           "--tls-key", dir.sub("tls/node-a.key")});
  EXPECT_EQ(english.exit_code, 2);
  EXPECT_NE(english.err.find("cannot read the certificate"), std::string::npos) << english.err;
  struct stat st {};
  EXPECT_NE(stat(data.c_str(), &st), 0) << "no data directory was made for a server that could not start";
  // A Kafka node's certificate is for its API: without --http it is a mistake, said before the brokers are asked.
  CliRun node = RunCli({"--data", data, "serve", "--log", "kafka", "--brokers", "127.0.0.1:1", "--tls-cert", dir.sub("tls/node-a.pem"),
                        "--tls-key", dir.sub("tls/node-a.key")});
  EXPECT_EQ(node.exit_code, 2);
  EXPECT_NE(node.err.find("--http"), std::string::npos) << node.err;
}

}  // namespace
}  // namespace safecity::testing
