// Supervisor: spawns the P partition workers, monitors them, and restarts one
// that goes down for any reason other than shutdown. The current worker of
// each partition is published in a WorkerTable that the router reads.
#pragma once

#include <condition_variable>
#include <mutex>
#include <vector>

#include <caf/all.hpp>

namespace safecity {

class Store;
class WorkflowRegistry;

class WorkerTable {
 public:
  explicit WorkerTable(size_t n) : workers_(n) {}
  caf::actor Get(size_t p, uint64_t* generation = nullptr);
  void Set(size_t p, caf::actor a, bool restart);
  // Waits until the table changed after `generation`, or the timeout.
  void WaitNewer(uint64_t generation, std::chrono::milliseconds timeout);
  size_t size() const { return workers_.size(); }
  int restarts();
  void set_stopping();
  bool stopping();
  std::vector<caf::actor> all();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<caf::actor> workers_;
  uint64_t generation_ = 0;
  int restarts_ = 0;
  bool stopping_ = false;
};

struct SupervisorState {
  static inline const char* name = "safecity.supervisor";
};

caf::behavior Supervisor(caf::stateful_actor<SupervisorState>* self, Store* store,
                         const WorkflowRegistry* workflows, WorkerTable* table);

}  // namespace safecity
