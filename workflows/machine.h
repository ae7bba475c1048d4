// Machine: a workflow's state machine as data the rest of the code can read.
//
// Each machine's transition table is a Boost.MSM state machine in its own
// translation unit (workflows/*/..._machine.cc, built with msm_support.h);
// this header includes no Boost, so code that only needs to ask "may this
// command run in this state, and where does it lead?" rebuilds nothing when a
// table changes.
//
// States and commands are known by name: the names stored in events and
// aggregate state ("submitted"), and the command type suffix ("accept").
// Index 0 of the states is "none": the stream has no events yet.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/workflow.h"

namespace safecity {

struct MachineState {
  const char* name;  // as stored, e.g. "spot_check"
  const char* zh;    // as shown to people, e.g. "现场抽查"
};

struct MachineRow {
  int from;
  int command;
  int to;  // == from for an internal transition (the main state stays)
};

class Machine {
 public:
  // The MSM back end: the target state index for (from, command), or nullopt
  // when the table has no row for it.
  using FireFn = std::optional<int> (*)(int from, int command);

  Machine(std::string name, std::string zh, std::vector<MachineState> states, std::vector<std::string> commands,
          FireFn fire);

  const std::string& name() const { return name_; }  // e.g. "campaign"
  const std::string& zh() const { return zh_; }
  const std::vector<MachineState>& states() const { return states_; }
  const std::vector<std::string>& commands() const { return commands_; }

  // Target state of `command` in state `from`, or nullopt if not allowed.
  // Unknown names are not allowed.
  std::optional<std::string> Fire(const std::string& from, const std::string& command) const;
  // The same by index (states() and commands() order); out of range is not allowed.
  std::optional<int> Fire(int from, int command) const;
  // The state name of a workflow's folded state: its "state" field, or
  // "none" before the stream's first event.
  static std::string StateOf(const Json& aggregate_state);
  // The command types the machine's workflow decides: "<name>.<command>".
  std::vector<std::string> CommandTypes() const;
  // Every accepted (state, command) pair, read off the MSM table once.
  const std::vector<MachineRow>& Table() const { return table_; }
  std::vector<std::string> StatesAllowing(const std::string& command) const;
  const char* Zh(const std::string& state) const;  // "" for an unknown state

  // The refusal for a command the table does not allow (reason
  // "not_in_state", workflows/common_refusals.h), one line:
  //   "<kind> <id> is <state> (<中文>); <command> is allowed only when it is a, b"
  //   "<kind_zh> <id> 当前为<中文>（<state>）；<command> 只能在以下状态办理：a, b"
  // with detail {"state":..., "allowed_in":[...]}.
  Decision Refuse(const std::string& kind, const std::string& kind_zh, const std::string& id, const std::string& from,
                  const std::string& command) const;

  int StateIndex(const std::string& name) const;    // -1 if unknown
  int CommandIndex(const std::string& name) const;  // -1 if unknown

 private:
  std::string name_, zh_;
  std::vector<MachineState> states_;
  std::vector<std::string> commands_;
  FireFn fire_;
  std::vector<MachineRow> table_;
  std::vector<int> next_;  // [from * commands + command] -> target, or -1
};

// Every machine safecity ships, in the order the README shows them.
const std::vector<const Machine*>& AllMachines();
const Machine* FindMachine(const std::string& name);

}  // namespace safecity
