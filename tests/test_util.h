// Helpers shared by the tests: temporary data directories, command builders,
// running the built CLI, and the check that every event stored validates
// against its JSON Schema.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/command_gateway.h"
#include "engine/envelope.h"
#include "engine/store.h"
#include "engine/workflow.h"
#include "engine/time_util.h"

namespace safecity::testing {

// Looks at `done` until it holds or `seconds` pass; true when it held.
// Between two looks, `changed(ms)` blocks until what the condition depends on
// may have changed (the log grew, a file was written, the node took a turn)
// or `ms` (at most a second) pass: the test waits on the thing itself, with a
// deadline, and never sleeps.
template <typename F, typename G>
bool WaitUntil(F done, int seconds, G changed) {
  const int64_t deadline = NowMs() + seconds * 1000LL;
  for (;;) {
    if (done()) return true;
    const int64_t left = deadline - NowMs();
    if (left <= 0) return false;
    changed(static_cast<int>(left < 1000 ? left : 1000));
  }
}

// A `changed` for WaitUntil: returns once the store's log has grown past
// what it held at the last return (or the construction), or `ms` pass.
class LogGrowth {
 public:
  explicit LogGrowth(Store* store) : store_(store), seen_(store->LastPosition()) {}
  void operator()(int ms) {
    store_->WaitFor(seen_ + 1, std::chrono::milliseconds(ms));
    seen_ = store_->LastPosition();
  }

 private:
  Store* store_;
  int64_t seen_;
};

// A `changed` for WaitUntil: returns once a file directly in `dir` is
// created or written (inotify), or `ms` pass. Watches from construction on.
class DirectoryWrites {
 public:
  explicit DirectoryWrites(const std::string& dir);
  ~DirectoryWrites();
  DirectoryWrites(const DirectoryWrites&) = delete;
  DirectoryWrites& operator=(const DirectoryWrites&) = delete;
  void operator()(int ms);

 private:
  int fd_ = -1;
};

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

CommandEnvelope Cmd(const std::string& id, const std::string& type, const std::string& stream, Actor actor,
                    Json data, const std::string& at = "2023-03-01T09:00:00+08:00");
Actor Office();
Actor UnitActor(const std::string& id);
Actor InspectorActor();
Json UnitData(const std::string& id, const std::string& name, const std::string& kind = "department",
              std::vector<std::string> aliases = {});
Json AssignData(const std::string& task_id, const std::string& lead, std::vector<std::string> coop = {},
                const std::string& deadline = "2023-04-15");
Json EvidenceData();

// An event of `stream` as the log would hold it for a typed state's fold
// tests: `at` local or UTC ISO time, by `actor`.
EventEnvelope EventOf(const std::string& stream, const std::string& type, Json data, const std::string& at, Actor actor);

// For a workflow's pure Decide/Apply tests: folds an accepted decision's
// events into `state` as the engine would (Apply per event, stamped with the
// command's stream, time and actor); a refusal folds nothing.
void FoldDecision(const Workflow& w, const CommandEnvelope& c, const Decision& d, Json* state);

// A file's bytes ("" when it cannot be read).
std::string FileBytes(const std::string& path);
// The newest non-empty write-ahead log file of a data directory (NNNNNN.log), or "".
std::string NewestWriteAheadLog(const std::string& dir);
// Flushes every column family to table files, as a store that ran a while has them.
Status FlushAllColumnFamilies(Store* store);

// Every event in the store validates against envelope and event schema.
void ExpectAllEventsValid(Store* store);
int64_t EventCount(Store* store);

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the built `safecity` binary with `args` (no shell), env SAFECITY_DATA unset.
// Issues a token whose secret is "sct_test_secret_of_<id>" through `gateway`,
// as `safecity token issue` does (the log holds its SHA-256 only); returns the secret.
std::string IssueTestToken(CommandGateway* gateway, const std::string& id, const std::string& role, const std::string& unit,
                           const std::string& principal = "");

CliRun RunCli(const std::vector<std::string>& args);

// The built `safecity` binary running beside the test (a `serve`, or a
// command that waits), its output in files; killed (SIGKILL) when destroyed
// unless it has ended.
class CliProcess {
 public:
  // `env`: variables set for the child (name, value); an empty value unsets it.
  // `input`: what it reads on its standard input (none: the test's own).
  explicit CliProcess(const std::vector<std::string>& args,
                      const std::vector<std::pair<std::string, std::string>>& env = {},
                      const std::optional<std::string>& input = std::nullopt);
  ~CliProcess();
  CliProcess(const CliProcess&) = delete;
  CliProcess& operator=(const CliProcess&) = delete;
  int pid() const { return pid_; }
  std::string out() const;
  std::string err() const;
  // Waits until `text` is in its stdout or stderr, or it ends, or `seconds` pass.
  bool WaitForOutput(const std::string& text, int seconds);
  // Sends `signal` (unless it has ended) and waits for the exit code.
  int Stop(int signal);
  // Waits for it to end on its own; the exit code (128 + signal if killed).
  int Wait();
  bool Running();

 private:
  TempDir io_;
  int pid_ = -1;
  int exit_code_ = -1;
};

// `safecity --data DIR serve --http 127.0.0.1:0`, up: its URL from its first line.
struct ServeProcess {
  explicit ServeProcess(const std::string& data_dir);
  std::unique_ptr<CliProcess> process;
  std::string url;  // "http://127.0.0.1:PORT", empty if it did not come up
};
// The same with environment variables set for the child (name, value); an empty value unsets it.
CliRun RunCli(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env);
// The same with `input` on its standard input (a password typed, a pipe).
CliRun RunCli(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env,
              const std::string& input);
std::string CliPath();
std::string LoadDriverPath();

}  // namespace safecity::testing
