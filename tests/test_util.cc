#include "tests/test_util.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "engine/schema_registry.h"
#include "engine/sha256.h"
#include "engine/time_util.h"

namespace safecity::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "safecity-test-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  if (!p) std::abort();
  path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandEnvelope Cmd(const std::string& id, const std::string& type, const std::string& stream, Actor actor,
                    Json data, const std::string& at) {
  CommandEnvelope c;
  c.id = id;
  c.type = type;
  c.stream = stream;
  c.issued_at = *ParseIsoMs(at);
  c.actor = std::move(actor);
  c.data = std::move(data);
  return c;
}

Actor Office() { return {"office", "office"}; }
Actor UnitActor(const std::string& id) { return {id, "unit"}; }
Actor InspectorActor() { return {"wang", "inspector"}; }

Json UnitData(const std::string& id, const std::string& name, const std::string& kind,
              std::vector<std::string> aliases) {
  return Json{{"id", id}, {"name", name}, {"kind", kind}, {"aliases", aliases}};
}

Json AssignData(const std::string& task_id, const std::string& lead, std::vector<std::string> coop,
                const std::string& deadline) {
  return Json{{"task_id", task_id}, {"title", "城镇燃气安全隐患整改"}, {"lead_unit", lead},
              {"cooperating_units", coop}, {"deadline", deadline}};
}

Json EvidenceData() {
  return Json{{"evidence", Json::array({Json{{"name", "整改报告.pdf"}, {"sha256", Sha256Hex("report")},
                                             {"uri", "file:///evidence/report.pdf"}}})},
              {"note", "整改完成"}};
}

void ExpectAllEventsValid(Store* store) {
  auto events = store->ReadAll(1, 10000000);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  for (const auto& e : events.value()) {
    Status s = SchemaRegistry::Default().ValidateEvent(ToJson(e));
    EXPECT_TRUE(s.ok()) << e.type << " at " << e.position << ": " << s.ToString() << "\n" << ToJson(e).dump();
  }
}

int64_t EventCount(Store* store) {
  auto events = store->ReadAll(1, 10000000);
  return events.ok() ? static_cast<int64_t>(events.value().size()) : -1;
}

std::string CliPath() { return SAFECITY_BIN; }
std::string LoadDriverPath() { return SAFECITY_LOAD_DRIVER; }

std::string IssueTestToken(CommandGateway* gateway, const std::string& id, const std::string& role, const std::string& unit,
                           const std::string& principal) {
  const std::string secret = "sct_test_secret_of_" + id;
  Json d{{"token_id", id}, {"role", role}, {"sha256", Sha256Hex(secret)}};
  if (!unit.empty()) d["unit"] = unit;
  if (!principal.empty()) d["principal"] = principal;
  CommandResult r = gateway->Submit(Cmd("issue-" + id, "token.issue", "token-" + id, Office(), d));
  EXPECT_TRUE(r.status.ok()) << r.body.dump();
  return secret;
}

CliRun RunCli(const std::vector<std::string>& args) { return RunCli(args, {}); }

CliRun RunCli(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env) {
  TempDir io;
  std::string out_path = io.sub("out"), err_path = io.sub("err");
  pid_t pid = fork();
  if (pid == 0) {
    int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    unsetenv("SAFECITY_DATA");
    for (const auto& [name, value] : env) {
      if (value.empty())
        unsetenv(name.c_str());
      else
        setenv(name.c_str(), value.c_str(), 1);
    }
    std::vector<char*> argv;
    std::string bin = CliPath();
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CliRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto slurp = [](const std::string& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  return r;
}

DirectoryWrites::DirectoryWrites(const std::string& dir) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ >= 0) inotify_add_watch(fd_, dir.c_str(), IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE);
}

DirectoryWrites::~DirectoryWrites() {
  if (fd_ >= 0) close(fd_);
}

void DirectoryWrites::operator()(int ms) {
  pollfd pfd{fd_, POLLIN, 0};
  poll(&pfd, 1, ms);  // without inotify (fd_ < 0), poll only keeps the time
  char events[4096];
  while (fd_ >= 0 && read(fd_, events, sizeof events) > 0) {
  }
}

}  // namespace safecity::testing
