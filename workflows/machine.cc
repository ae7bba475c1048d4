#include "workflows/machine.h"
#include "workflows/common_refusals.h"

namespace safecity {

Machine::Machine(std::string name, std::string zh, std::vector<MachineState> states, std::vector<std::string> commands,
                 FireFn fire)
    : name_(std::move(name)),
      zh_(std::move(zh)),
      states_(std::move(states)),
      commands_(std::move(commands)),
      fire_(fire),
      next_(states_.size() * commands_.size(), -1) {
  for (int s = 0; s < static_cast<int>(states_.size()); ++s)
    for (int c = 0; c < static_cast<int>(commands_.size()); ++c)
      if (auto to = fire_(s, c)) {
        table_.push_back({s, c, *to});
        next_[s * commands_.size() + c] = *to;
      }
}

std::optional<int> Machine::Fire(int from, int command) const {
  if (from < 0 || command < 0 || from >= static_cast<int>(states_.size()) || command >= static_cast<int>(commands_.size()))
    return std::nullopt;
  int to = next_[from * commands_.size() + command];
  if (to < 0) return std::nullopt;
  return to;
}

std::string Machine::StateOf(const Json& aggregate_state) {
  return aggregate_state.is_object() ? aggregate_state.value("state", std::string("none")) : std::string("none");
}

std::vector<std::string> Machine::CommandTypes() const {
  std::vector<std::string> out;
  for (const auto& c : commands_) out.push_back(name_ + "." + c);
  return out;
}

int Machine::StateIndex(const std::string& name) const {
  for (size_t i = 0; i < states_.size(); ++i)
    if (name == states_[i].name) return static_cast<int>(i);
  return -1;
}

int Machine::CommandIndex(const std::string& name) const {
  for (size_t i = 0; i < commands_.size(); ++i)
    if (name == commands_[i]) return static_cast<int>(i);
  return -1;
}

std::optional<std::string> Machine::Fire(const std::string& from, const std::string& command) const {
  auto to = Fire(StateIndex(from), CommandIndex(command));
  if (!to) return std::nullopt;
  return std::string(states_[*to].name);
}

std::vector<std::string> Machine::StatesAllowing(const std::string& command) const {
  std::vector<std::string> out;
  int c = CommandIndex(command);
  for (const auto& r : table_)
    if (r.command == c) out.push_back(states_[r.from].name);
  return out;
}

const char* Machine::Zh(const std::string& state) const {
  int s = StateIndex(state);
  return s < 0 ? "" : states_[s].zh;
}

Decision Machine::Refuse(const std::string& kind, const std::string& kind_zh, const std::string& id, const std::string& from,
                         const std::string& command) const {
  auto allowed = StatesAllowing(command);
  std::string list;
  Json detail{{"state", from}, {"allowed_in", Json::array()}};
  for (size_t i = 0; i < allowed.size(); ++i) {
    list += (i ? ", " : "") + allowed[i];
    detail["allowed_in"].push_back(allowed[i]);
  }
  return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kNotInState,
                                          {{"kind", kind},
                                           {"kind_zh", kind_zh},
                                           {"id", id},
                                           {"state", from},
                                           {"state_zh", Zh(from)},
                                           {"command", command},
                                           {"allowed", list.empty() ? "never" : list},
                                           {"allowed_zh", list.empty() ? "（无）" : list}}),
                          detail);
}

const Machine* FindMachine(const std::string& name) {
  for (const Machine* m : AllMachines())
    if (m->name() == name) return m;
  return nullptr;
}

}  // namespace safecity
