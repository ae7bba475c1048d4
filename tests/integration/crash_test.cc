// Crash: kill -9 the process while commands stream in, then reopen:
// every acknowledged command is in the log exactly once, no command is half
// there, the hash chains verify, and the read models match the log.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>

#include "engine/command_receipt.h"
#include "engine/log_audit.h"
#include "engine/replay.h"
#include "engine/store.h"
#include "engine/workflow.h"
#include "tests/test_util.h"
#include "workflows/registry.h"

#include <gtest/gtest.h>

namespace safecity::testing {
namespace {

// Starts the driver, reads ACK lines until `kill_after` acks, kills it with SIGKILL.
std::vector<std::string> RunAndKill(const std::string& dir, int kill_after) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    std::string bin = LoadDriverPath();
    execl(bin.c_str(), bin.c_str(), dir.c_str(), "6", "400", nullptr);
    _exit(127);
  }
  close(fds[1]);
  FILE* in = fdopen(fds[0], "r");
  std::vector<std::string> acked;
  char line[512];
  bool killed = false;
  while (fgets(line, sizeof line, in)) {
    std::string l(line);
    if (l.rfind("ACK ", 0) == 0) acked.push_back(l.substr(4, l.size() - 5));
    if (!killed && static_cast<int>(acked.size()) >= kill_after) {
      kill(pid, SIGKILL);  // mid-stream: other commands are in flight
      killed = true;
    }
  }
  fclose(in);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(killed) << "the driver finished before it could be killed";
  return acked;
}

TEST(Crash, KillNineLosesNoAcknowledgedCommandAndLeavesNoHalfCommand) {
  for (int round = 0; round < 3; ++round) {
    TempDir dir;
    std::string data = dir.sub("data");
    std::vector<std::string> acked = RunAndKill(data, 200 + 300 * round);
    ASSERT_FALSE(acked.empty());

    auto st = Store::Open(data);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    Store* s = st.value().get();
    auto events = s->ReadAll(1, 1000000);
    ASSERT_TRUE(events.ok());
    std::map<std::string, int> events_per_command;
    std::set<std::string> event_ids;
    for (const auto& e : events.value()) {
      EXPECT_TRUE(event_ids.insert(e.id).second) << "event " << e.id << " is in the log twice";
      events_per_command[e.causation_id]++;
    }
    for (const auto& id : acked) {
      EXPECT_EQ(events_per_command[id], 1) << "acknowledged command " << id << " must be in the log exactly once";
      auto result = s->Get(Cf::kCommands, id);
      EXPECT_TRUE(result.ok() && result.value()) << "acknowledged command " << id << " has its result stored";
    }
    // Whatever else is there was committed whole: its result is stored with it.
    for (const auto& [cmd, n] : events_per_command) {
      auto result = s->Get(Cf::kCommands, cmd);
      ASSERT_TRUE(result.ok() && result.value()) << "events of " << cmd << " without the command's result: half written";
      EXPECT_EQ(DecodeCommandReceipt(*result.value()).value().events, n);
    }
    auto verify = VerifyLog(s);
    ASSERT_TRUE(verify.ok());
    EXPECT_TRUE(verify.value().intact) << verify.value().first_broken;
    // The read models written with the events equal a rebuild from the log.
    auto live = StateChecksum(s);
    auto rebuilt = RebuildReadModels(s, DefaultWorkflows());
    ASSERT_TRUE(rebuilt.ok());
    EXPECT_EQ(rebuilt.value().checksum, live.value()) << "projections drifted from the log after the crash";
    ExpectAllEventsValid(s);
  }
}

}  // namespace
}  // namespace safecity::testing
