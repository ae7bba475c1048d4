// The reactors safecity ships, in the order they see each event.
#include "workflows/registry.h"
#include "workflows/reactions/deadline_scheduler.h"
#include "workflows/reactions/inbox_dispatcher.h"
#include "workflows/reactions/process_manager.h"

namespace safecity {

std::vector<const Reactor*> DefaultReactors() {
  static const auto* reactors = [] {
    auto* v = new std::vector<std::unique_ptr<Reactor>>();
    v->push_back(reactions::MakeProcessManager());
    v->push_back(reactions::MakeInboxDispatcher());
    v->push_back(reactions::MakeDeadlineScheduler());
    return v;
  }();
  std::vector<const Reactor*> out;
  for (const auto& r : *reactors) out.push_back(r.get());
  return out;
}

// The process manager and the deadline scheduler read tasks' summaries; the
// inbox dispatcher reads a notification's channel, which its queueing fixes
// and no later command changes. No reactor reads what a notification's
// commands change, so they may wait for the end of a batch.
std::vector<std::string> DeferredStreamKinds() { return {"notification"}; }

}  // namespace safecity
