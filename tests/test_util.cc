#include "tests/test_util.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "engine/data_directory.h"
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

EventEnvelope EventOf(const std::string& stream, const std::string& type, Json data, const std::string& at, Actor actor) {
  EventEnvelope e;
  e.stream = stream;
  e.type = type;
  e.data = std::move(data);
  e.occurred_at = *ParseIsoMs(at);
  e.actor = std::move(actor);
  return e;
}

void FoldDecision(const Workflow& w, const CommandEnvelope& c, const Decision& d, Json* state) {
  for (const NewEvent& ne : d.events) {
    EventEnvelope e;
    e.stream = c.stream;
    e.type = ne.type;
    e.data = ne.data;
    e.occurred_at = c.issued_at;
    e.actor = c.actor;
    *state = w.FoldJson(*state, e);
  }
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

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string NewestWriteAheadLog(const std::string& dir) {
  std::string best;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (KindOfStoreFile(name) == StoreFile::kWriteAheadLog && std::filesystem::file_size(entry.path()) > 0 && name > best)
      best = name;
  }
  return best.empty() ? "" : dir + "/" + best;
}

Status FlushAllColumnFamilies(Store* store) {
  std::vector<rocksdb::ColumnFamilyHandle*> all;
  for (Cf cf : {Cf::kEvents, Cf::kStreamIndex, Cf::kAggregates, Cf::kCommands, Cf::kReadModels, Cf::kMeta})
    all.push_back(store->handle(cf));
  rocksdb::Status s = store->db()->Flush(rocksdb::FlushOptions(), all);
  return s.ok() ? Status::Ok() : Status::Storage(s.ToString());
}

CliRun RunCli(const std::vector<std::string>& args) { return RunCli(args, {}); }

CliRun RunCli(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env,
              const std::string& input) {
  CliProcess p(args, env, input);
  CliRun r;
  r.exit_code = p.Wait();
  r.out = p.out();
  r.err = p.err();
  return r;
}

CliRun RunCli(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env) {
  CliProcess p(args, env);
  CliRun r;
  r.exit_code = p.Wait();
  r.out = p.out();
  r.err = p.err();
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

namespace {
std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

CliProcess::CliProcess(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env,
                       const std::optional<std::string>& input) {
  const std::string out_path = io_.sub("out"), err_path = io_.sub("err"), in_path = io_.sub("in");
  if (input) std::ofstream(in_path, std::ios::binary) << *input;
  pid_ = fork();
  if (pid_ == 0) {
    if (input) {
      int i = open(in_path.c_str(), O_RDONLY);
      dup2(i, 0);
    }
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
}

CliProcess::~CliProcess() { Stop(SIGKILL); }

std::string CliProcess::out() const { return Slurp(io_.sub("out")); }
std::string CliProcess::err() const { return Slurp(io_.sub("err")); }

bool CliProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
  pid_ = -1;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return false;
}

bool CliProcess::WaitForOutput(const std::string& text, int seconds) {
  DirectoryWrites writes(io_.path());
  bool found = false;
  WaitUntil(
      [&] {
        found = out().find(text) != std::string::npos || err().find(text) != std::string::npos;
        return found || !Running();
      },
      seconds, [&](int ms) { writes(ms); });
  return found || out().find(text) != std::string::npos || err().find(text) != std::string::npos;
}

int CliProcess::Stop(int signal) {
  if (Running()) kill(pid_, signal);
  return Wait();
}

int CliProcess::Wait() {
  if (pid_ > 0) {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  return exit_code_;
}

ServeProcess::ServeProcess(const std::string& data_dir)
    : process(std::make_unique<CliProcess>(
          std::vector<std::string>{"--data", data_dir, "serve", "--http", "127.0.0.1:0", "--tick-every", "0"})) {
  if (!process->WaitForOutput("serving http://", 60)) return;
  const std::string line = process->out();
  const size_t at = line.find("serving http://");
  const size_t end = line.find(' ', at + 8);
  url = line.substr(at + 8, end - at - 8);
}

}  // namespace safecity::testing
