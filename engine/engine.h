// Engine: the embedded engine in one process.
//
//   Submit(cmd)
//     intake:  the command's data is checked against its JSON Schema, then the
//              workflow's Prepare() resolves names (unit aliases -> ids);
//     router:  hash(stream) picks one of P partition workers (CAF actors); a
//              stream always goes to the same worker, its single writer;
//     worker:  queues commands and, once its mailbox is drained, decides them
//              as one group and commits the group in one synced WriteBatch;
//              a command is answered only after its batch is durable.
//   A supervisor actor restarts a worker that crashes; the new worker reloads
//   aggregates from their snapshots (written with the events), and Submit
//   resends the unanswered command, which idempotency makes safe.
//
// Submit is thread-safe; concurrent callers are what makes groups larger.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "engine/command_gateway.h"
#include "engine/command_processor.h"
#include "engine/domain.h"
#include "engine/envelope.h"
#include "engine/reaction_runner.h"
#include "engine/status.h"

namespace rocksdb {
class Env;
}

namespace safecity {

class Store;

struct EngineOptions {
  const Domain* domain = nullptr;  // required: the workflows and reactors it runs (engine/domain.h)
  std::string data_dir = "safecity-data";
  size_t partitions = 0;  // 0: one per core
  bool sync = true;       // fsync every group commit
  bool create_if_missing = true;
  int lock_wait_ms = 0;          // wait this long for another process to release the directory
  int resume_backoff_ms = 1000;  // after a failed write (a full disk), try to resume at most this often
  rocksdb::Env* env = nullptr;   // tests: a RocksDB Env that injects faults
};

class Engine final : public CommandGateway {
 public:
  static Result<std::unique_ptr<Engine>> Open(const EngineOptions& opts);
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  CommandResult Submit(CommandEnvelope cmd) override;
  // A reaction's commands, all sent before any answer is awaited (so the
  // workers decide them in large groups), in order per stream, and written
  // without waiting for the disk: they are re-derived from the log after a
  // crash (reaction_runner.h), and the next synced write covers them.
  std::vector<CommandResult> SubmitReactions(std::vector<CommandEnvelope> cmds);
  // Runs the reactors (process manager, inbox dispatcher, deadline scheduler)
  // over every event not yet reacted to, and over the events their commands
  // produce, until there is nothing left; see reaction_runner.h.
  Result<SettleReport> Settle() override;
  void StopSettling() override;
  ReactionRunner* reactions();

  // Intake checks alone (intake.h), without routing: used by tests and dry runs.
  Status Check(CommandEnvelope* cmd) override;

  Store* store() override;
  size_t partitions() const;
  size_t PartitionOf(const std::string& stream) const;
  // How many times the supervisor restarted a worker.
  int restarts() const;
  // Fault injection for tests: the worker of partition p throws on its next message.
  void CrashPartitionForTest(size_t p);

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  // Sends a checked command to its worker and waits for its result, resending
  // it after a worker restart.
  CommandResult SendChecked(const CommandEnvelope& cmd);
  std::unique_ptr<Impl> impl_;
};

}  // namespace safecity
