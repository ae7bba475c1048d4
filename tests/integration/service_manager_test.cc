// What an operator's service manager, probes and log shipper see of
// `safecity serve`: systemd (Type=notify) is told READY=1 once the server
// answers and STOPPING=1 when it begins to stop; `safecity health`, the probe
// of the container image, exits 0 on a ready server and says why not
// otherwise; with --log-format json every line of its log is a JSON object,
// and --access-log adds one per request, its correlation id taken from a W3C
// traceparent when the command names none.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <sstream>

#include <gtest/gtest.h>
#include <httplib.h>

#include "tests/test_util.h"

namespace safecity::testing {
namespace {

// A unix datagram socket standing in for systemd's notification socket.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    bound_ = fd_ >= 0 && bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~NotifySocket() {
    if (fd_ >= 0) close(fd_);
  }
  bool bound() const { return bound_; }
  // The next notification, or "" when none comes within `seconds`.
  std::string Next(int seconds) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, seconds * 1000) != 1) return "";
    char buf[256];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

TEST(ServiceManager, SystemdIsToldWhenTheServerIsReadyAndWhenItStops) {
  TempDir dir;
  NotifySocket systemd(dir.sub("notify"));
  ASSERT_TRUE(systemd.bound());
  ASSERT_EQ(RunCli({"--data", dir.sub("data"), "init"}).exit_code, 0);
  CliProcess serve({"--data", dir.sub("data"), "serve", "--http", "127.0.0.1:0", "--tick-every", "0"},
                   {{"NOTIFY_SOCKET", dir.sub("notify")}});
  EXPECT_EQ(systemd.Next(60), "READY=1") << serve.err();
  ASSERT_TRUE(serve.WaitForOutput("serving http://", 10)) << "READY=1 only once it serves: " << serve.err();
  const std::string out = serve.out();
  const size_t at = out.find("serving ") + 8;
  const std::string url = out.substr(at, out.find(' ', at) - at);

  auto health = RunCli({"health", "--url", url + "/readyz"});
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_NE(health.out.find("\"ready\""), std::string::npos) << health.out;

  EXPECT_EQ(serve.Stop(SIGTERM), 0) << serve.err();
  EXPECT_EQ(systemd.Next(10), "STOPPING=1");

  // Nobody there: exit 3, naming the address, in the user's language.
  auto gone = RunCli({"health", "--url", url + "/readyz"});
  EXPECT_EQ(gone.exit_code, 3);
  EXPECT_NE(gone.err.find("连不上 " + url + "/readyz"), std::string::npos) << gone.err;
  EXPECT_NE(gone.err.find("--url 是否写对"), std::string::npos) << "names the flag the probe was given: " << gone.err;
  auto bad = RunCli({"--lang", "en", "health", "--url", "localhost:8080"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--url: 'localhost:8080' is not a server's address"), std::string::npos) << bad.err;
}

TEST(ServiceManager, WithoutSystemdNothingIsSentAndTheServerRunsAsBefore) {
  TempDir dir;
  ASSERT_EQ(RunCli({"--data", dir.sub("data"), "init"}).exit_code, 0);
  CliProcess serve({"--data", dir.sub("data"), "serve", "--http", "127.0.0.1:0", "--tick-every", "0"}, {{"NOTIFY_SOCKET", ""}});
  ASSERT_TRUE(serve.WaitForOutput("serving http://", 60)) << serve.err();
  EXPECT_EQ(serve.Stop(SIGTERM), 0) << serve.err();
  EXPECT_EQ(serve.err().find("systemd"), std::string::npos) << serve.err();
}

TEST(ServiceLog, AsJsonEveryLineIsAnObjectAndEachRequestIsLoggedWithItsTraceAsCorrelation) {
  TempDir dir;
  const std::string data = dir.sub("data");
  ASSERT_EQ(RunCli({"--data", data, "init"}).exit_code, 0);
  ASSERT_EQ(RunCli({"--data", data, "unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"}).exit_code, 0);
  auto issued = RunCli({"--data", data, "--output", "json", "token", "issue", "--role", "office", "--principal", "ops", "--label", "t"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const std::string token = Json::parse(issued.out)["token"];
  CliProcess serve({"--data", data, "serve", "--http", "127.0.0.1:0", "--tick-every", "0", "--log-format", "json", "--access-log"});
  ASSERT_TRUE(serve.WaitForOutput("serving http://", 60)) << serve.err();
  const std::string out = serve.out();
  const size_t at = out.find("serving ") + 8;
  httplib::Client client(out.substr(at, out.find(' ', at) - at));

  const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
  httplib::Headers h{{"Authorization", "Bearer " + token}, {"traceparent", "00-" + trace + "-00f067aa0ba902b7-01"}};
  auto assigned = client.Post("/v1/commands/task.assign", h,
                              Json{{"stream", "task-T1"}, {"data", AssignData("T1", "yanta", {}, "2031-05-01")}}.dump(),
                              "application/json");
  ASSERT_TRUE(assigned);
  ASSERT_EQ(assigned->status, 200) << assigned->body;
  // The trace id is the command's correlation id, on its events for good.
  auto events = client.Get("/v1/streams/task-T1/events", httplib::Headers{{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(events);
  EXPECT_EQ(Json::parse(events->body)["items"][0]["correlation_id"], trace) << events->body;
  auto anonymous = client.Get("/v1/tasks");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(serve.Stop(SIGTERM), 0) << serve.err();

  std::istringstream lines(serve.err());
  std::vector<Json> access;
  bool stopped = false;
  for (std::string line; std::getline(lines, line);) {
    Json entry = Json::parse(line, nullptr, false);
    ASSERT_TRUE(entry.is_object()) << "not a JSON object: " << line;
    EXPECT_TRUE(entry.contains("time") && entry.contains("level") && entry.contains("source")) << line;
    if (entry["source"] == "access") access.push_back(entry);
    stopped |= entry["source"] == "serve" && entry.value("message", "") == "stopped";
  }
  EXPECT_TRUE(stopped) << serve.err();
  ASSERT_EQ(access.size(), 3u) << serve.err();
  EXPECT_EQ(access[0]["method"], "POST");
  EXPECT_EQ(access[0]["route"], "/v1/commands/{type}") << "the route template, not the path";
  EXPECT_EQ(access[0]["status"], 200);
  EXPECT_EQ(access[0]["principal"], "office:ops");
  EXPECT_EQ(access[0]["correlation_id"], trace);
  EXPECT_EQ(access[0]["client"], "127.0.0.1");
  EXPECT_GE(access[0]["duration_ms"].get<double>(), 0.0);
  EXPECT_EQ(access[1]["route"], "/v1/streams/{stream}/events");
  EXPECT_EQ(access[2]["status"], 401);
  EXPECT_EQ(access[2]["principal"], "-") << "no one authenticated";
}

}  // namespace
}  // namespace safecity::testing
