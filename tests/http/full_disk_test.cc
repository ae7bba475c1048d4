// A full disk under the HTTP API: a command gets 507 insufficient storage
// (application/problem+json) and nothing of it is kept, reads go on, /readyz
// says why, and writes resume by themselves once space is freed. First on a
// RocksDB Env that fails writes on demand (tests/fault_env.h), then, when the
// test runs as root, on a real small tmpfs filled to the last byte under a
// real `safecity serve`, where `verify` must answer too.
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <gtest/gtest.h>
#include <httplib.h>

#include "connectors/http/api_server.h"
#include "engine/engine.h"
#include "engine/store.h"
#include "tests/fault_env.h"
#include "tests/test_util.h"

namespace safecity::testing {
namespace {

namespace fs = std::filesystem;

struct Reply {
  int status = 0;
  Json body;
  std::string text;
  std::string content_type;
};

Reply From(const httplib::Result& r) {
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.text = r->body;
  out.content_type = r->get_header_value("Content-Type");
  out.body = Json::parse(r->body, nullptr, false);
  return out;
}

Reply Assign(httplib::Client& c, const std::string& token, const std::string& id) {
  Json body{{"stream", "task-" + id}, {"data", AssignData(id, "yanta", {}, "2031-04-15")}};
  httplib::Headers h{{"Authorization", "Bearer " + token}, {"Idempotency-Key", "assign-" + id}};
  return From(c.Post("/v1/commands/task.assign", h, body.dump(), "application/json"));
}

Reply Get(httplib::Client& c, const std::string& path, const std::string& token = "") {
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return From(c.Get(path.c_str(), h));
}

void ExpectInsufficientStorage(const Reply& r) {
  EXPECT_EQ(r.status, 507) << r.text;
  EXPECT_EQ(r.content_type, "application/problem+json");
  EXPECT_EQ(r.body.value("code", ""), "insufficient_storage") << r.text;
  EXPECT_EQ(r.body.value("title", ""), "Insufficient Storage") << r.text;
  EXPECT_EQ(r.body.value("reason", ""), "store.disk_full") << r.text;
  // In Chinese unless the client asks for English.
  EXPECT_NE(r.body.value("detail", "").find("磁盘已满：本次写入被拒绝，未保留任何内容"), std::string::npos) << r.text;
}

void ExpectNotReadyForLackOfSpace(const Reply& r) {
  EXPECT_EQ(r.status, 503) << r.text;
  EXPECT_EQ(r.body.value("code", ""), "insufficient_storage") << r.text;
  EXPECT_NE(r.body.value("detail", "").find("磁盘已满"), std::string::npos) << r.text;
}

TEST(FullDiskApi, ACommandGets507ReadsGoOnReadyzSaysWhyAndWritesResume) {
  TempDir dir;
  FaultInjection faults;
  auto e = Engine::Open(faults.EngineOn(dir.path(), 2));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  Engine* engine = e.value().get();
  ASSERT_TRUE(engine->Submit(Cmd("reg", "unit.register", "unit-yanta", Office(), UnitData("yanta", "雁塔区", "district"))).status.ok());
  const std::string office = IssueTestToken(engine, "office-wang", "office", "", "wang");
  http::ApiOptions o;
  o.port = 0;
  o.threads = 4;
  o.tick_every_s = 0;
  auto server = http::ApiServer::Start(engine, o);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  httplib::Client c("127.0.0.1", server.value()->port());
  ASSERT_EQ(Assign(c, office, "T1").status, 200);

  faults.Fail(FaultInjection::kWal, FaultInjection::kAppend);
  ExpectInsufficientStorage(Assign(c, office, "T2"));
  EXPECT_EQ(engine->store()->StreamVersion("task-T2").value(), 0) << "nothing of the refused command is kept";
  Reply tasks = Get(c, "/v1/tasks", office);
  EXPECT_EQ(tasks.status, 200) << tasks.text;
  // By the task id's field: a bare "T2" is also in a timestamp such as 2026-12-02T23:02.
  EXPECT_NE(tasks.text.find("\"task_id\":\"T1\""), std::string::npos) << tasks.text;
  EXPECT_EQ(tasks.text.find("\"task_id\":\"T2\""), std::string::npos) << tasks.text;
  EXPECT_EQ(Get(c, "/healthz").status, 200);
  ExpectNotReadyForLackOfSpace(Get(c, "/readyz"));
  Reply english = From(c.Get("/readyz", httplib::Headers{{"Accept-Language", "en"}}));
  EXPECT_NE(english.body.value("detail", "").find("no space left on the disk of"), std::string::npos) << english.text;

  faults.Clear();
  EXPECT_EQ(Get(c, "/readyz").status, 200) << "the probe itself resumes the store";
  Reply again = Assign(c, office, "T2");
  EXPECT_EQ(again.status, 200) << again.text;
  EXPECT_FALSE(again.body.value("duplicate", false));
  server.value()->Stop();
}

// A tmpfs of `megabytes` at `path`, unmounted when this goes away.
class Tmpfs {
 public:
  Tmpfs(const std::string& path, int megabytes) : path_(path) {
    fs::create_directories(path);
    const std::string opts = "size=" + std::to_string(megabytes) + "m,mode=0700";
    if (::mount("tmpfs", path.c_str(), "tmpfs", 0, opts.c_str()) == 0)
      mounted_ = true;
    else
      error_ = std::strerror(errno);
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

  // Writes a file until the disk refuses another byte.
  void Fill() {
    int fd = ::open((path_ + "/filler").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    ASSERT_GE(fd, 0);
    const std::string chunk(4096, 'x');
    for (size_t size = chunk.size(); size > 0;) {
      if (::write(fd, chunk.data(), size) < 0) size /= 2;  // the last pages, then the last bytes
    }
    ::close(fd);
  }
  void Free() { fs::remove(path_ + "/filler"); }

 private:
  std::string path_;
  bool mounted_ = false;
  std::string error_;
};

TEST(FullDiskTmpfs, ARealServeOnAFullDiskStaysUpAndVerifyAnswers) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root; FullDisk* and FullDiskApi cover the same with injected faults";
  TempDir dir;
  Tmpfs disk(dir.sub("disk"), 16);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.error() << ")";
  const std::string data = dir.sub("disk") + "/data";
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data});
    return RunCli(args);
  };
  ASSERT_EQ(cli({"init"}).exit_code, 0);
  ASSERT_EQ(cli({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"}).exit_code, 0);
  CliRun issued = cli({"token", "issue", "--role", "office", "--principal", "wang"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const size_t at = issued.out.find("sct_");
  const std::string office = issued.out.substr(at, issued.out.find_first_of(" \n", at) - at);

  ServeProcess serve(data);
  ASSERT_FALSE(serve.url.empty()) << serve.process->err();
  httplib::Client c(serve.url);
  ASSERT_EQ(Assign(c, office, "T0").status, 200);

  disk.Fill();
  Reply refused;
  int n = 1;
  for (; n <= 500; ++n) {  // what fits in the pages already taken still goes in
    refused = Assign(c, office, "T" + std::to_string(n));
    if (refused.status != 200) break;
  }
  ExpectInsufficientStorage(refused);
  EXPECT_TRUE(serve.process->Running()) << serve.process->err();
  EXPECT_EQ(Get(c, "/healthz").status, 200);
  EXPECT_EQ(Get(c, "/v1/tasks", office).status, 200);
  ExpectNotReadyForLackOfSpace(Get(c, "/readyz"));
  CliRun verify = cli({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("intact"), std::string::npos) << verify.out;

  // Space is freed: writes resume by themselves (within the server's 1 s back-off).
  disk.Free();
  Reply resumed;
  EXPECT_TRUE(WaitUntil([&] { return (resumed = Assign(c, office, "T" + std::to_string(n))).status == 200; }, 30,
                        [&](int) { Get(c, "/readyz"); }))
      << resumed.text;
  EXPECT_EQ(Get(c, "/readyz").status, 200);
  EXPECT_EQ(serve.process->Stop(SIGTERM), 0) << serve.process->err();

  // Full again, with no server: queries only read, so they answer.
  disk.Fill();
  verify = cli({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("intact"), std::string::npos) << verify.out;
  EXPECT_EQ(cli({"task", "list"}).exit_code, 0);
  CliRun write = cli({"task", "assign", "--id", "Z1", "--title", "t", "--lead", "yanta", "--deadline", "2031-04-15"});
  EXPECT_EQ(write.exit_code, 3) << write.err;
  EXPECT_NE(write.err.find("磁盘已满"), std::string::npos) << write.err;
  CliRun english = cli({"--lang", "en", "task", "assign", "--id", "Z1", "--title", "t", "--lead", "yanta", "--deadline", "2031-04-15"});
  EXPECT_EQ(english.exit_code, 3) << english.err;
  EXPECT_NE(english.err.find("no space left"), std::string::npos) << english.err;
  disk.Free();
  EXPECT_EQ(cli({"verify"}).exit_code, 0);
}

}  // namespace
}  // namespace safecity::testing
