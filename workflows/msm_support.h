// Helpers for the Boost.MSM translation units only (this header includes
// Boost.MSM; nothing else should). A machine's front end derives from
// RefusingFront, lists its states and events as std::tuple in the order of its
// plain Machine's names, and hands MsmFire to Machine as its FireFn:
//
//   struct Front : RefusingFront<Front> { ...states...; using initial_state = None;
//                                         struct transition_table : mpl::vector<...> {}; };
//   using States = std::tuple<Front::None, Front::Draft, ...>;
//   using Events = std::tuple<CreateEv, LaunchEv, ...>;
//   Machine m("campaign", ..., &MsmFire<Front, States, Events>);
//
// Firing restores the machine's active state through MSM's public serialize()
// hook, processes one event and reads the state back; a missing row sets
// `refused` through no_transition. Pure: no clock, no I/O.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

// Transition tables longer than MPL's default 20 rows (the campaign has 29):
// these must come before any Boost.MPL header in the translation unit, so a
// machine's .cc includes this header before anything that could pull in MPL.
#ifndef BOOST_MPL_LIMIT_VECTOR_SIZE
#define BOOST_MPL_CFG_NO_PREPROCESSED_HEADERS
#define BOOST_MPL_LIMIT_VECTOR_SIZE 50
#define BOOST_MPL_LIMIT_MAP_SIZE 50
#endif

// Boost 1.74's MSM includes headers that Boost itself has since deprecated; the
// messages they print say nothing about this code, so a clean build stays quiet.
#ifndef BOOST_ALLOW_DEPRECATED_HEADERS
#define BOOST_ALLOW_DEPRECATED_HEADERS
#endif
#ifndef BOOST_BIND_GLOBAL_PLACEHOLDERS
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#endif

#include "workflows/machine.h"

#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

namespace safecity::msm_support {

namespace msmf = boost::msm::front;

template <class Derived>
struct RefusingFront : msmf::state_machine_def<Derived> {
  bool refused = false;
  template <class Fsm, class Event>
  void no_transition(Event const&, Fsm&, int) {
    refused = true;
  }
};

// Writes one state id into the machine's state array (single region).
struct StateRestorer {
  int id;
  template <class T>
  StateRestorer& operator&(T&) {
    return *this;
  }
  StateRestorer& operator&(int (&states)[1]) {
    states[0] = id;
    return *this;
  }
};

template <class Back, class... States>
const std::array<int, sizeof...(States)>& MsmIds(std::tuple<States...>*) {
  static const std::array<int, sizeof...(States)> ids = {
      boost::msm::back::get_state_id<typename Back::stt, States>::value...};
  return ids;
}

template <class Back, class StatesTuple, class Ev>
std::optional<int> FireOne(int from) {
  const auto& ids = MsmIds<Back>(static_cast<StatesTuple*>(nullptr));
  if (from < 0 || from >= static_cast<int>(ids.size())) return std::nullopt;
  Back m;
  m.start();
  StateRestorer r{ids[static_cast<size_t>(from)]};
  m.serialize(r, 0);
  m.refused = false;
  m.process_event(Ev{});
  if (m.refused) return std::nullopt;
  int now = m.current_state()[0];
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == now) return static_cast<int>(i);
  return std::nullopt;
}

template <class Back, class StatesTuple, class... Evs>
std::optional<int> FireIndexed(int from, int command, std::tuple<Evs...>*) {
  using Fn = std::optional<int> (*)(int);
  static const Fn fns[] = {&FireOne<Back, StatesTuple, Evs>...};
  if (command < 0 || command >= static_cast<int>(sizeof...(Evs))) return std::nullopt;
  return fns[command](from);
}

template <class Front, class StatesTuple, class EventsTuple>
std::optional<int> MsmFire(int from, int command) {
  using Back = boost::msm::back::state_machine<Front>;
  return FireIndexed<Back, StatesTuple>(from, command, static_cast<EventsTuple*>(nullptr));
}

// The Machine of an MSM front: its state names in the States tuple's order
// and its command names in the Events tuple's order. The lists are arrays so
// that the compiler counts them: a state or an event added to the table but
// not named (or named but not added) does not build.
template <class Front, class StatesTuple, class EventsTuple, size_t NStates, size_t NCommands>
Machine MakeMachine(std::string name, std::string zh, const MachineState (&states)[NStates],
                    const char* const (&commands)[NCommands]) {
  static_assert(NStates == std::tuple_size<StatesTuple>::value, "one name for every state of the States tuple, in its order");
  static_assert(NCommands == std::tuple_size<EventsTuple>::value, "one command for every event of the Events tuple, in its order");
  return Machine(std::move(name), std::move(zh), std::vector<MachineState>(states, states + NStates),
                 std::vector<std::string>(commands, commands + NCommands), &MsmFire<Front, StatesTuple, EventsTuple>);
}

}  // namespace safecity::msm_support
