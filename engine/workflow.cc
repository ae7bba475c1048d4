#include "engine/workflow.h"

namespace safecity {

const EventVersions& Workflow::event_versions() const {
  static const EventVersions* none = new EventVersions();
  return *none;
}

Decision Workflow::DecideOnJson(const Json& state, const CommandEnvelope& cmd) const {
  std::unique_ptr<WorkflowState> s = state.is_null() ? nullptr : StateFromJson(state);
  return DecideOn(s.get(), cmd);
}

Json Workflow::FoldJson(const Json& state, const EventEnvelope& event) const {
  std::unique_ptr<WorkflowState> s = state.is_null() ? nullptr : StateFromJson(state);
  Fold(&s, event, nullptr);
  return s ? s->ToJson() : Json();
}

void WorkflowRegistry::Add(std::unique_ptr<Workflow> w) {
  const Workflow* p = w.get();
  by_kind_[p->kind()] = p;
  for (const auto& t : p->command_types()) by_command_[t] = p;
  workflows_.push_back(std::move(w));
}

const Workflow* WorkflowRegistry::ForStream(const std::string& stream) const {
  auto it = by_kind_.find(StreamKind(stream));
  return it == by_kind_.end() ? nullptr : it->second;
}

const Workflow* WorkflowRegistry::ForCommand(const std::string& type) const {
  auto it = by_command_.find(type);
  return it == by_command_.end() ? nullptr : it->second;
}

void WorkflowRegistry::AddMessages(const std::vector<const Message*>& table) {
  for (const Message* m : table) messages_.emplace(m->reason, m);
}

const Message* WorkflowRegistry::FindMessage(const std::string& reason) const {
  auto it = messages_.find(reason);
  return it == messages_.end() ? nullptr : it->second;
}

std::vector<const Workflow*> WorkflowRegistry::all() const {
  std::vector<const Workflow*> out;
  for (const auto& w : workflows_) out.push_back(w.get());
  return out;
}

}  // namespace safecity
