#include "engine/engine.h"

#include <future>
#include <thread>

#include <caf/all.hpp>

#include "engine/partition_worker.h"
#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/schema_registry.h"
#include "engine/store.h"
#include "engine/supervisor.h"
#include "engine/utf8.h"
#include "engine/workflow.h"

namespace safecity {

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
  auto impl = std::make_unique<Impl>();
  StoreOptions so;
  so.sync = opts.sync;
  so.create_if_missing = opts.create_if_missing;
  auto store = Store::Open(opts.data_dir, so);
  if (!store.ok()) return store.status();
  impl->store = std::move(store.value());
  Status current = CheckReadModelsCurrent(impl->store.get());
  if (!current.ok()) return current;
  impl->workflows = &DefaultWorkflows();
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
  e->impl_->reactions = std::make_unique<ReactionRunner>(e->impl_->store.get(), DefaultReactors(),
                                                         [e](const CommandEnvelope& c) { return e->Submit(c); });
  return engine;
}

Result<SettleReport> Engine::Settle() { return impl_->reactions->Settle(); }
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

namespace {
// The path of the first string (or key) in `j` that is not valid UTF-8, or "".
std::string FirstInvalidUtf8(const Json& j, const std::string& path) {
  if (j.is_string()) return IsValidUtf8(j.get_ref<const std::string&>()) ? "" : path;
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      std::string p = FirstInvalidUtf8(j[i], path + "[" + std::to_string(i) + "]");
      if (!p.empty()) return p;
    }
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!IsValidUtf8(it.key())) return path;
      std::string p = FirstInvalidUtf8(it.value(), path + "." + it.key());
      if (!p.empty()) return p;
    }
  }
  return "";
}
}  // namespace

Status Engine::Check(CommandEnvelope* cmd) {
  // Everything is hashed as canonical JSON, which must be valid UTF-8.
  for (auto [field, value] : {std::pair<const char*, const std::string*>{"id", &cmd->id}, {"stream", &cmd->stream},
                              {"actor.id", &cmd->actor.id}, {"correlation_id", &cmd->correlation_id}}) {
    if (!IsValidUtf8(*value)) return Status::Invalid(field, "is not valid UTF-8 text; send it as UTF-8");
  }
  std::string bad = FirstInvalidUtf8(cmd->data, "data");
  if (!bad.empty()) return Status::Invalid(bad, "is not valid UTF-8 text; send it as UTF-8");
  if (cmd->id.empty() || cmd->id.size() > 128) return Status::Invalid("id", "command id must be 1 to 128 characters");
  static const char* kRoles[] = {"office", "unit", "inspector", "auditor", "system"};
  bool role_ok = false;
  for (const char* r : kRoles) role_ok = role_ok || cmd->actor.role == r;
  if (!role_ok) return Status::Invalid("actor.role", "'" + cmd->actor.role + "' is not a role; use office, unit, inspector or auditor");
  if (cmd->actor.id.empty()) return Status::Invalid("actor.id", "is empty; say who acts");
  Status s = SchemaRegistry::Default().ValidateCommandData(cmd->type, cmd->data);
  if (!s.ok()) return s;
  const Workflow* wf = impl_->workflows->ForCommand(cmd->type);
  if (!wf) return Status::Invalid("type", "no workflow handles " + cmd->type);
  if (StreamKind(cmd->stream) != wf->kind() || cmd->stream.size() <= wf->kind().size() + 1)
    return Status::Invalid("stream", "command " + cmd->type + " needs a stream named " + wf->kind() + "-<id>");
  ReadModelReader reader(impl_->store.get());
  try {
    return wf->Prepare(cmd, reader);
  } catch (const std::exception& e) {
    return Status::Invalid("data", std::string("cannot be read: ") + e.what());
  }
}

CommandResult Engine::Submit(CommandEnvelope cmd) {
  Status s = Check(&cmd);
  if (!s.ok()) return Rejection(cmd.id, cmd.stream, s);
  size_t p = PartitionOf(cmd.stream);
  // A worker that dies is restarted; the command is resent a few times at
  // most, so that a command that kills every worker cannot loop for ever.
  constexpr int kMaxAttempts = 4;
  for (int attempt = 1;; ++attempt) {
    uint64_t gen = 0;
    caf::actor worker = impl_->table->Get(p, &gen);
    auto pending = std::make_shared<PendingCommand>();
    pending->cmd = cmd;
    pending->id = cmd.id;
    pending->stream = cmd.stream;
    std::future<CommandResult> result = pending->result.get_future();
    caf::anon_send(worker, submit_atom::value, std::move(pending));
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

void Engine::CrashPartitionForTest(size_t p) {
  caf::anon_send(impl_->table->Get(p), crash_atom::value);
}

}  // namespace safecity
