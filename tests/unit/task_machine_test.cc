// Every (state, command) pair of the rectification machine, against a table
// written out here independently of the MSM definition.
#include "workflows/rectification/task_machine.h"

#include <map>
#include <set>
#include <utility>

#include <gtest/gtest.h>

namespace safecity::rectification {
namespace {

using S = TaskState;
using C = TaskCommand;

const std::map<std::pair<S, C>, S>& Expected() {
  static const std::map<std::pair<S, C>, S> table = [] {
    std::map<std::pair<S, C>, S> t{
        {{S::kNone, C::kAssign}, S::kAssigned},
        {{S::kAssigned, C::kAcknowledge}, S::kAcknowledged},
        {{S::kAcknowledged, C::kSubmitPlan}, S::kPlanSubmitted},
        {{S::kPlanSubmitted, C::kStart}, S::kInProgress},
        {{S::kInProgress, C::kSubmit}, S::kSubmitted},
        {{S::kSubmitted, C::kAccept}, S::kAccepted},
        {{S::kSubmitted, C::kReturn}, S::kInProgress},
        {{S::kAccepted, C::kClose}, S::kClosed},
    };
    for (S s : {S::kAssigned, S::kAcknowledged, S::kPlanSubmitted, S::kInProgress})
      for (C c : {C::kRequestExtension, C::kGrantExtension, C::kRefuseExtension, C::kEscalate}) t[{s, c}] = s;
    for (S s : {S::kAssigned, S::kAcknowledged, S::kPlanSubmitted, S::kInProgress, S::kSubmitted})
      t[{s, C::kSetDeadline}] = s;  // a pending deadline set, while the task is open
    return t;
  }();
  return table;
}

struct Pair {
  S state;
  C command;
};

void PrintTo(const Pair& p, std::ostream* os) { *os << Name(p.state) << " + " << Name(p.command); }

std::vector<Pair> AllPairs() {
  std::vector<Pair> out;
  for (S s : kAllTaskStates)
    for (C c : kAllTaskCommands) out.push_back({s, c});
  return out;
}

class TaskMachinePairs : public ::testing::TestWithParam<Pair> {};

TEST_P(TaskMachinePairs, AcceptsExactlyTheDocumentedTransitions) {
  const Pair p = GetParam();
  Transition t = Fire(p.state, p.command);
  auto it = Expected().find({p.state, p.command});
  if (it == Expected().end()) {
    EXPECT_FALSE(t.accepted) << Name(p.state) << " --" << Name(p.command) << "--> should be refused";
    EXPECT_EQ(t.target, p.state) << "a refused command leaves the state";
  } else {
    EXPECT_TRUE(t.accepted) << Name(p.state) << " --" << Name(p.command) << "--> should be accepted";
    EXPECT_EQ(t.target, it->second) << Name(p.state) << " --" << Name(p.command) << "--> goes to " << Name(it->second);
  }
}

INSTANTIATE_TEST_SUITE_P(Every, TaskMachinePairs, ::testing::ValuesIn(AllPairs()),
                         [](const ::testing::TestParamInfo<Pair>& info) {
                           return std::string(Name(info.param.state)) + "_" + Name(info.param.command);
                         });

TEST(TaskMachine, StatesAllowingListsWhereACommandWouldBeAccepted) {
  auto v = StatesAllowing(C::kReturn);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], S::kSubmitted);
  const auto allowing = StatesAllowing(C::kRequestExtension);
  std::set<S> ext(allowing.begin(), allowing.end());
  EXPECT_EQ(ext, (std::set<S>{S::kAssigned, S::kAcknowledged, S::kPlanSubmitted, S::kInProgress}));
}

TEST(TaskMachine, NamesRoundTrip) {
  for (S s : kAllTaskStates) EXPECT_EQ(TaskStateFromName(Name(s)), s);
  for (C c : kAllTaskCommands) EXPECT_EQ(TaskCommandFromName(Name(c)), c);
  EXPECT_FALSE(TaskStateFromName("finished"));
}

TEST(TaskMachine, TableHasEveryExpectedRowAndNoOther) {
  std::map<std::pair<S, C>, S> got;
  for (const auto& row : TransitionTable()) got[{row.from, row.command}] = row.to;
  EXPECT_EQ(got, Expected());
}

}  // namespace
}  // namespace safecity::rectification
