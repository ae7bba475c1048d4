#include "engine/partition_worker.h"

#include <stdexcept>

namespace safecity {

namespace {
constexpr size_t kMaxGroup = 4096;

void FailQueued(PartitionWorkerState& st, const std::string& why) {
  for (size_t i = 0; i < st.promises.size(); ++i) {
    Status s = Status::Storage("partition worker failed (" + why + "); the command was not written, resend it");
    CommandResult r{s, Json{{"command_id", i < st.queued.size() ? st.queued[i].id : ""},
                            {"status", "rejected"},
                            {"retry", true},
                            {"error", {{"code", s.code_name()}, {"field", ""}, {"message", s.message()}}}}};
    st.promises[i].deliver(r);
  }
  st.promises.clear();
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
      [self](submit_atom, CommandEnvelope& cmd) -> caf::result<CommandResult> {
        auto rp = self->make_response_promise();
        auto& st = self->state;
        st.queued.push_back(std::move(cmd));
        st.promises.push_back(rp);
        if (!st.flush_scheduled) {
          st.flush_scheduled = true;
          self->send(self, flush_atom::value);
        }
        return rp;
      },
      [self](flush_atom) {
        auto& st = self->state;
        st.flush_scheduled = false;
        while (!st.queued.empty()) {
          size_t n = std::min(st.queued.size(), kMaxGroup);
          std::vector<CommandEnvelope> group(std::make_move_iterator(st.queued.begin()),
                                             std::make_move_iterator(st.queued.begin() + n));
          auto results = st.processor->ProcessGroup(group);
          for (size_t i = 0; i < n; ++i) st.promises[i].deliver(results[i]);
          st.queued.erase(st.queued.begin(), st.queued.begin() + n);
          st.promises.erase(st.promises.begin(), st.promises.begin() + n);
        }
      },
      [](crash_atom) { throw std::runtime_error("injected crash"); },
  };
}

}  // namespace safecity
