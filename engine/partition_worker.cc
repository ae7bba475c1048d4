#include "engine/partition_worker.h"

#include <stdexcept>

namespace safecity {

namespace {
constexpr size_t kMaxGroup = 4096;

void FailQueued(PartitionWorkerState& st, const std::string& why) {
  for (auto& p : st.queued) {
    Status s = Status::Storage("partition worker failed (" + why + "); the command was not written, resend it");
    p->result.set_value(Rejection(p->id, p->stream, s, Json{{"retry", true}}));
  }
  st.queued.clear();
}
}  // namespace

caf::behavior PartitionWorker(caf::stateful_actor<PartitionWorkerState>* self, Store* store,
                              const WorkflowRegistry* workflows) {
  self->state.processor = std::make_unique<CommandProcessor>(store, workflows);
  self->set_exception_handler([self](std::exception_ptr& ep) -> caf::error {
    std::string why = "unknown error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      why = e.what();
    } catch (...) {
    }
    FailQueued(self->state, why);
    return caf::make_error(caf::sec::runtime_error, why);
  });
  return {
      [self](submit_atom, std::shared_ptr<PendingCommand>& pending) {
        auto& st = self->state;
        st.queued.push_back(std::move(pending));
        if (!st.flush_scheduled) {
          st.flush_scheduled = true;
          self->send(self, flush_atom::value);
        }
      },
      [self](flush_atom) {
        auto& st = self->state;
        st.flush_scheduled = false;
        while (!st.queued.empty()) {
          size_t n = std::min(st.queued.size(), kMaxGroup);
          std::vector<CommandEnvelope> group;
          group.reserve(n);
          bool sync = false;  // a group syncs when any of its commands must
          for (size_t i = 0; i < n; ++i) {
            group.push_back(std::move(st.queued[i]->cmd));
            sync = sync || st.queued[i]->sync;
          }
          auto results = st.processor->ProcessGroup(group, sync);
          for (size_t i = 0; i < n; ++i) st.queued[i]->result.set_value(std::move(results[i]));
          st.queued.erase(st.queued.begin(), st.queued.begin() + static_cast<std::ptrdiff_t>(n));
        }
      },
      [](crash_atom) { throw std::runtime_error("injected crash"); },
  };
}

}  // namespace safecity
