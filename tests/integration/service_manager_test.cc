// What an operator's service manager and probes see of `safecity serve`:
// systemd (Type=notify) is told READY=1 once the server answers and
// STOPPING=1 when it begins to stop; `safecity health`, the probe of the
// container image, exits 0 on a ready server and says why not otherwise.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace safecity::testing
