// Helpers shared by the tests: temporary data directories, command builders,
// running the built CLI, and the check that every event stored validates
// against its JSON Schema.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "engine/envelope.h"
#include "engine/store.h"
#include "engine/time_util.h"

namespace safecity::testing {

// Polls `done` until it holds or `seconds` pass; true when it held. For
// what another process or thread does: the condition is looked at every
// 50 ms and the deadline bounds the wait, so a test never sleeps blindly.
template <typename F>
bool WaitUntil(F done, int seconds) {
  const int64_t deadline = NowMs() + seconds * 1000LL;
  while (NowMs() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // between two looks at the condition
  }
  return done();
}

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

// Every event in the store validates against envelope and event schema.
void ExpectAllEventsValid(Store* store);
int64_t EventCount(Store* store);

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the built `safecity` binary with `args` (no shell), env SAFECITY_DATA unset.
CliRun RunCli(const std::vector<std::string>& args);
std::string CliPath();
std::string LoadDriverPath();

}  // namespace safecity::testing
