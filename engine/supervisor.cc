#include "engine/supervisor.h"

#include "engine/partition_worker.h"
#include "engine/store.h"
#include "engine/workflow.h"

namespace safecity {

caf::actor WorkerTable::Get(size_t p, uint64_t* generation) {
  std::lock_guard<std::mutex> lk(mu_);
  if (generation) *generation = generation_;
  return workers_[p];
}

void WorkerTable::Set(size_t p, caf::actor a, bool restart) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    workers_[p] = std::move(a);
    ++generation_;
    if (restart) ++restarts_;
  }
  cv_.notify_all();
}

void WorkerTable::WaitNewer(uint64_t generation, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lk(mu_);
  cv_.wait_for(lk, timeout, [&] { return generation_ != generation || stopping_; });
}

int WorkerTable::restarts() {
  std::lock_guard<std::mutex> lk(mu_);
  return restarts_;
}

void WorkerTable::set_stopping() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
}

bool WorkerTable::stopping() {
  std::lock_guard<std::mutex> lk(mu_);
  return stopping_;
}

std::vector<caf::actor> WorkerTable::all() {
  std::lock_guard<std::mutex> lk(mu_);
  return workers_;
}

caf::behavior Supervisor(caf::stateful_actor<SupervisorState>* self, Store* store,
                         const WorkflowRegistry* workflows, WorkerTable* table) {
  for (size_t p = 0; p < table->size(); ++p)
    table->Set(p, self->spawn<caf::monitored>(PartitionWorker, store, workflows), false);
  self->set_down_handler([self, store, workflows, table](caf::down_msg& dm) {
    if (table->stopping()) return;
    auto current = table->all();
    for (size_t p = 0; p < current.size(); ++p) {
      if (current[p].address() == dm.source) {
        table->Set(p, self->spawn<caf::monitored>(PartitionWorker, store, workflows), true);
        return;
      }
    }
  });
  return {[](caf::exit_msg&) {}};
}

}  // namespace safecity
