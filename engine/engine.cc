#include "engine/engine.h"

#include <future>
#include <thread>

#include <caf/all.hpp>

#include "engine/intake.h"
#include "engine/partition_worker.h"
#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/store.h"
#include "engine/supervisor.h"
#include "engine/workflow.h"

namespace safecity {

namespace {

// Hands one checked command to its partition's worker; the future holds the
// answer (broken if the worker dies first). `sync` false: a reaction's.
std::future<CommandResult> Send(const caf::actor& worker, const CommandEnvelope& cmd, bool sync) {
  auto pending = std::make_shared<PendingCommand>();
  pending->cmd = cmd;
  pending->id = cmd.id;
  pending->stream = cmd.stream;
  pending->sync = sync;
  std::future<CommandResult> result = pending->result.get_future();
  caf::anon_send(worker, submit_atom::value, std::move(pending));
  return result;
}

}  // namespace

struct Engine::Impl {
  std::unique_ptr<Store> store;
  const WorkflowRegistry* workflows = nullptr;
  std::unique_ptr<caf::actor_system_config> cfg;
  std::unique_ptr<caf::actor_system> sys;
  std::unique_ptr<WorkerTable> table;
  caf::actor supervisor;
  std::unique_ptr<ReactionRunner> reactions;
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& opts) {
  if (!opts.domain || !opts.domain->workflows)
    return Status::Invalid("domain", "EngineOptions::domain names no workflows; pass DefaultDomain() (workflows/registry.h) or a domain of its own");
  auto impl = std::make_unique<Impl>();
  StoreOptions so;
  so.sync = opts.sync;
  so.create_if_missing = opts.create_if_missing;
  so.lock_wait_ms = opts.lock_wait_ms;
  so.resume_backoff_ms = opts.resume_backoff_ms;
  so.env = opts.env;
  auto store = Store::Open(opts.data_dir, so);
  if (!store.ok()) return store.status();
  impl->store = std::move(store.value());
  Status current = CheckReadModelsCurrent(impl->store.get());
  if (!current.ok()) return current;
  impl->workflows = opts.domain->workflows;
  size_t cores = std::max(1u, std::thread::hardware_concurrency());
  size_t partitions = opts.partitions ? opts.partitions : cores;
  impl->cfg = std::make_unique<caf::actor_system_config>();
  impl->cfg->set("scheduler.max-threads", static_cast<caf::config_value::integer>(cores));
  impl->sys = std::make_unique<caf::actor_system>(*impl->cfg);
  impl->table = std::make_unique<WorkerTable>(partitions);
  impl->supervisor = impl->sys->spawn(Supervisor, impl->store.get(), impl->workflows, impl->table.get());
  // The supervisor publishes the workers before it handles anything else;
  // wait until all are there.
  for (size_t p = 0; p < partitions; ++p) {
    uint64_t gen = 0;
    while (!impl->table->Get(p, &gen)) impl->table->WaitNewer(gen, std::chrono::milliseconds(100));
  }
  std::unique_ptr<Engine> engine(new Engine(std::move(impl)));
  Engine* e = engine.get();
  e->impl_->reactions = std::make_unique<ReactionRunner>(
      e->impl_->store.get(), *e->impl_->workflows, opts.domain->reactors,
      [e](const std::vector<CommandEnvelope>& cmds) { return e->SubmitReactions(cmds); }, opts.domain->deferred_stream_kinds);
  return engine;
}

Result<SettleReport> Engine::Settle() { return impl_->reactions->Settle(); }
void Engine::StopSettling() { impl_->reactions->StopSettling(); }
ReactionRunner* Engine::reactions() { return impl_->reactions.get(); }

Engine::~Engine() {
  impl_->table->set_stopping();
  for (auto& w : impl_->table->all()) caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(impl_->supervisor, caf::exit_reason::user_shutdown);
  impl_->supervisor = nullptr;
  impl_->sys->await_all_actors_done();
  impl_->sys.reset();
}

Store* Engine::store() { return impl_->store.get(); }
size_t Engine::partitions() const { return impl_->table->size(); }
int Engine::restarts() const { return impl_->table->restarts(); }

size_t Engine::PartitionOf(const std::string& stream) const {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a: stable across runs and machines
  for (unsigned char c : stream) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return static_cast<size_t>(h % impl_->table->size());
}

Status Engine::Check(CommandEnvelope* cmd) { return CheckCommand(impl_->store.get(), *impl_->workflows, cmd); }

CommandResult Engine::Submit(CommandEnvelope cmd) {
  Status s = Check(&cmd);
  if (!s.ok()) return Rejection(cmd.id, cmd.stream, s);
  return SendChecked(cmd);
}

CommandResult Engine::SendChecked(const CommandEnvelope& cmd) {
  size_t p = PartitionOf(cmd.stream);
  // A worker that dies is restarted; the command is resent a few times at
  // most, so that a command that kills every worker cannot loop for ever.
  constexpr int kMaxAttempts = 4;
  for (int attempt = 1;; ++attempt) {
    uint64_t gen = 0;
    std::future<CommandResult> result = Send(impl_->table->Get(p, &gen), cmd, /*sync=*/true);
    CommandResult out;
    bool retry = false;
    try {
      out = result.get();
      retry = out.body.value("retry", false);
    } catch (const std::future_error&) {
      retry = true;  // the worker died with the command unprocessed
      out = Rejection(cmd.id, cmd.stream, Status::Storage("the partition worker stopped; resend the command"));
    }
    if (!retry) return out;
    if (attempt >= kMaxAttempts || impl_->table->stopping()) return out;
    // Wait for the supervisor to replace the worker, then resend: idempotency
    // makes a resend of a command that did commit return its first result.
    impl_->table->WaitNewer(gen, std::chrono::milliseconds(500));
  }
}

std::vector<CommandResult> Engine::SubmitReactions(std::vector<CommandEnvelope> cmds) {
  std::vector<CommandResult> out(cmds.size());
  std::vector<std::future<CommandResult>> answers(cmds.size());
  std::vector<bool> sent(cmds.size(), false);
  for (size_t i = 0; i < cmds.size(); ++i) {
    Status s = Check(&cmds[i]);
    if (!s.ok()) {
      out[i] = Rejection(cmds[i].id, cmds[i].stream, s);
      continue;
    }
    // One sender, so each worker's mailbox keeps these in order.
    answers[i] = Send(impl_->table->Get(PartitionOf(cmds[i].stream)), cmds[i], /*sync=*/false);
    sent[i] = true;
  }
  for (size_t i = 0; i < cmds.size(); ++i) {
    if (!sent[i]) continue;
    bool retry = false;
    try {
      out[i] = answers[i].get();
      retry = out[i].body.value("retry", false);
    } catch (const std::future_error&) {
      retry = true;
    }
    // A worker restarted under it: one at a time, synced, as Submit does.
    if (retry) out[i] = SendChecked(cmds[i]);
  }
  return out;
}

void Engine::CrashPartitionForTest(size_t p) {
  caf::anon_send(impl_->table->Get(p), crash_atom::value);
}

}  // namespace safecity
