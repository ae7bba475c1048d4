// Every (state, command) pair of every machine, against tables written out
// here independently of the MSM definitions: "from command to" per accepted
// pair; every pair not listed must be refused.
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "workflows/machine.h"

namespace safecity {
namespace {

const std::map<std::string, std::string>& ExpectedText() {
  static const std::map<std::string, std::string> t = {
      {"campaign",
       "none create draft;draft launch launched;launched start_self_check self_check;"
       "self_check start_system_check system_check;system_check start_spot_check spot_check;"
       "spot_check start_rectification rectification;rectification start_reporting reporting;reporting close closed;"
       "draft cancel cancelled;launched cancel cancelled;self_check cancel cancelled;system_check cancel cancelled;"
       "spot_check cancel cancelled;rectification cancel cancelled;reporting cancel cancelled;"
       "draft reschedule_phase draft;launched reschedule_phase launched;self_check reschedule_phase self_check;"
       "system_check reschedule_phase system_check;spot_check reschedule_phase spot_check;"
       "rectification reschedule_phase rectification;reporting reschedule_phase reporting;"
       "system_check record_finding system_check;spot_check record_finding spot_check;"
       "system_check record_assessment system_check;spot_check record_assessment spot_check;"
       "system_check withdraw_finding system_check;spot_check withdraw_finding spot_check;"
       "rectification withdraw_finding rectification;"
       "draft set_schedule draft;draft move_stage draft;"
       "launched set_schedule launched;launched move_stage launched;"
       "self_check set_schedule self_check;self_check move_stage self_check;"
       "system_check set_schedule system_check;system_check move_stage system_check;"
       "spot_check set_schedule spot_check;spot_check move_stage spot_check;"
       "rectification set_schedule rectification;rectification move_stage rectification;"
       "reporting set_schedule reporting;reporting move_stage reporting"},
      {"hazard",
       "none report reported;reported confirm confirmed;reported dismiss dismissed;confirmed assign assigned;"
       "assigned list listed;assigned mark_rectified rectified;listed mark_rectified rectified;rectified close closed;"
       "closed bulletin bulletined;"
       "reported expose reported;confirmed expose confirmed;assigned expose assigned;listed expose listed;rectified expose rectified;closed expose closed;bulletined expose bulletined;"
       "confirmed record_accountability confirmed;assigned record_accountability assigned;listed record_accountability listed;rectified record_accountability rectified;closed record_accountability closed;bulletined record_accountability bulletined"},
      {"verification",
       "none request requested;requested assign assigned;assigned assign assigned;assigned pass passed;"
       "assigned fail failed;requested withdraw withdrawn;assigned withdraw withdrawn"},
      {"notification",
       "none queue queued;queued send sent;sent deliver delivered;delivered acknowledge acknowledged;sent fail failed;"
       "failed schedule_retry retry_scheduled;retry_scheduled send sent;failed dead_letter dead_lettered;"
       "dead_lettered schedule_retry retry_scheduled"},
      {"task",
       "none assign assigned;assigned acknowledge acknowledged;acknowledged submit_plan plan_submitted;"
       "plan_submitted start in_progress;in_progress submit submitted;submitted accept accepted;"
       "submitted return in_progress;accepted close closed;"
       "assigned request_extension assigned;acknowledged request_extension acknowledged;"
       "plan_submitted request_extension plan_submitted;in_progress request_extension in_progress;"
       "assigned grant_extension assigned;acknowledged grant_extension acknowledged;"
       "plan_submitted grant_extension plan_submitted;in_progress grant_extension in_progress;"
       "assigned refuse_extension assigned;acknowledged refuse_extension acknowledged;"
       "plan_submitted refuse_extension plan_submitted;in_progress refuse_extension in_progress;"
       "assigned escalate assigned;acknowledged escalate acknowledged;plan_submitted escalate plan_submitted;"
       "in_progress escalate in_progress;"
       "assigned set_deadline assigned;acknowledged set_deadline acknowledged;plan_submitted set_deadline plan_submitted;"
       "in_progress set_deadline in_progress;submitted set_deadline submitted"},
  };
  return t;
}

// (from, command) -> to
std::map<std::pair<std::string, std::string>, std::string> Expected(const std::string& machine) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  std::stringstream rows(ExpectedText().at(machine));
  std::string row;
  while (std::getline(rows, row, ';')) {
    std::stringstream f(row);
    std::string from, cmd, to;
    f >> from >> cmd >> to;
    out[{from, cmd}] = to;
  }
  return out;
}

struct Pair {
  std::string machine, state, command;
};
void PrintTo(const Pair& p, std::ostream* os) { *os << p.machine << ": " << p.state << " + " << p.command; }

std::vector<Pair> AllPairs() {
  std::vector<Pair> out;
  for (const Machine* m : AllMachines())
    for (const auto& s : m->states())
      for (const auto& c : m->commands()) out.push_back({m->name(), s.name, c});
  return out;
}

class MachinePairs : public ::testing::TestWithParam<Pair> {};

TEST_P(MachinePairs, AcceptsExactlyTheDocumentedTransitions) {
  const Pair& p = GetParam();
  const Machine* m = FindMachine(p.machine);
  ASSERT_NE(m, nullptr);
  auto expected = Expected(p.machine);
  auto it = expected.find({p.state, p.command});
  auto got = m->Fire(p.state, p.command);
  if (it == expected.end()) {
    EXPECT_FALSE(got) << p.state << " --" << p.command << "--> should be refused, went to " << got.value_or("");
    Decision d = m->Refuse(p.machine, m->zh(), "X", p.state, p.command);
    EXPECT_EQ(d.status.code(), Status::Code::kRefused);
    EXPECT_EQ(d.status.reason(), "not_in_state");
    EXPECT_EQ(d.detail["state"], p.state);
    EXPECT_EQ(d.status.ToString().find('\n'), std::string::npos) << "a refusal is one line";
    const std::string zh = d.status.Render(Language::kZh, Edge::kCli);
    EXPECT_EQ(zh.find('\n'), std::string::npos);
    EXPECT_NE(zh.find(m->zh() + " X 当前为"), std::string::npos) << zh;
  } else {
    ASSERT_TRUE(got) << p.state << " --" << p.command << "--> should be accepted";
    EXPECT_EQ(*got, it->second);
  }
}

INSTANTIATE_TEST_SUITE_P(Every, MachinePairs, ::testing::ValuesIn(AllPairs()),
                         [](const ::testing::TestParamInfo<Pair>& info) {
                           return info.param.machine + "_" + info.param.state + "_" + info.param.command;
                         });

TEST(Machines, EveryExpectedRowIsInTheTableAndEveryMachineIsTested) {
  std::set<std::string> names;
  for (const Machine* m : AllMachines()) {
    names.insert(m->name());
    ASSERT_TRUE(ExpectedText().count(m->name())) << "no expected table for " << m->name();
    EXPECT_EQ(m->Table().size(), Expected(m->name()).size()) << m->name();
    for (const auto& s : m->states()) EXPECT_STRNE(s.zh, "") << m->name() << " state " << s.name << " needs its Chinese name";
  }
  EXPECT_EQ(names.size(), ExpectedText().size());
}

}  // namespace
}  // namespace safecity
