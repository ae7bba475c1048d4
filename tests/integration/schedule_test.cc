// A round's schedule as its plan prints it (工作阶段), through the real binary:
// Xi'an's own self-inspection plan (003) for the xian2023 round, its steps
// written without a year, set, shown where each stands, moved, and dating the
// rows of a task table that name their stage instead of a 完成时限.
#include <gtest/gtest.h>

#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

constexpr const char* kRound = "xian-2023-self-inspection";

// 003, 七、时间步骤, as copied from the document (descriptions shortened).
const char* kXianSteps =
    "七、时间步骤\n"
    "主要包括前期筹备、自检评估和整改总结三个阶段。\n"
    "（一）前期筹备\n"
    "1. 制定方案（2月底）。按照《国家安全发展示范城市评价与管理办法》规定，编制实施方案。\n"
    "2. 组建工作组（3月上旬）。从西安市应急管理专家库、科研单位、社会团体选取若干专家。\n"
    "（二）自检评估\n"
    "1. 动员部署（3月中旬）。召开自评工作启动会。\n"
    "2. 系统核查（3月中旬）。根据《评价细则（2022年版本）》，聚焦关键成效指标。\n"
    "3. 现场抽查（3月下旬）。通过听取汇报、实地检查和座谈交流等方式。\n"
    "（三）整改总结\n"
    "1. **整改提升（4月15日）**。组织各级各部门在4月15日前完成问题整改。\n"
    "2. **编制报告（4月下旬）**。总结创建成果、凝练特色做法、撰写城市自评报告。\n";

class Schedule : public CliDataTest {
 protected:
  void SetUp() override {
    Ok({"init"});
    Ok({"--at", "2023-02-01", "template", "install", "xian2023"});
    steps_ = Write("steps.txt", kXianSteps);
  }
  Json Stage(const std::string& name, const std::string& at) {
    auto r = Run({"--output", "json", "--at", at, "campaign", "schedule", "show", kRound});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const Json& s : Json::parse(r.out, nullptr, false))
      if (s.value("stage", "") == name) return s;
    return nullptr;
  }
  std::string steps_;
};

TEST_F(Schedule, ThePlansStepsBecomeTheRoundsStagesWhichOverlapAndMove) {
  // Written without a year: every such step is named at once, nothing is set.
  auto no_year = Run({"--at", "2023-02-01", "campaign", "schedule", "set", kRound, "--file", steps_});
  EXPECT_EQ(no_year.exit_code, 2) << no_year.err;
  EXPECT_NE(no_year.err.find("7 处错误"), std::string::npos) << no_year.err;
  EXPECT_NE(no_year.err.find("steps.txt:4 (stage)"), std::string::npos) << no_year.err;
  EXPECT_NE(no_year.err.find("--year 2023"), std::string::npos) << no_year.err;
  EXPECT_EQ(Run({"campaign", "schedule", "show", kRound}).exit_code, 2) << "no schedule yet";

  Ok({"--at", "2023-02-01", "campaign", "schedule", "set", kRound, "--file", steps_, "--year", "2023"});
  // 15 March: two steps at once (动员部署, 系统核查 both 3月中旬), the next not begun.
  EXPECT_EQ(Stage("自检评估", "2023-03-15")["status"], "current");
  EXPECT_EQ(Stage("动员部署", "2023-03-15")["status"], "current");
  EXPECT_EQ(Stage("系统核查", "2023-03-15")["status"], "current");
  EXPECT_EQ(Stage("现场抽查", "2023-03-15")["status"], "upcoming");
  EXPECT_EQ(Stage("前期筹备", "2023-03-15")["status"], "ended");
  Json step = Stage("现场抽查", "2023-03-15");
  EXPECT_EQ(step["part_of"], "自检评估");
  EXPECT_EQ(step["starts"], "2023-03-21");
  EXPECT_EQ(step["ends"], "2023-03-31");
  auto shown = Run({"--at", "2023-03-15", "campaign", "schedule", "show", kRound});
  EXPECT_NE(shown.out.find("进行中"), std::string::npos) << shown.out;
  EXPECT_NE(Run({"campaign", "show", kRound}).out.find("阶段 自检评估"), std::string::npos);

  // A stage moves, with its reason; it cannot end before it starts.
  Refused({"--at", "2023-03-01", "campaign", "schedule", "move", kRound, "现场抽查", "--until", "2023-03-18", "--reason", "提前"}, 2,
          std::vector<std::string>{"现场抽查", "2023-03-21"});
  Refused({"--at", "2023-03-01", "campaign", "schedule", "move", kRound, "不存在", "--until", "2023-03-18", "--reason", "r"}, 2,
          std::vector<std::string>{"不存在", "动员部署"});
  Ok({"--at", "2023-03-01", "campaign", "schedule", "move", kRound, "现场抽查", "--from", "2023-03-25", "--until", "2023-04-05",
      "--reason", "市创建办通知顺延"});
  EXPECT_EQ(Stage("现场抽查", "2023-03-15")["ends"], "2023-04-05");
  auto history = Run({"history", std::string("campaign-") + kRound});
  EXPECT_NE(history.out.find("调整阶段 现场抽查 2023-03-21 – 2023-03-31 → 2023-03-25 – 2023-04-05：市创建办通知顺延"), std::string::npos)
      << history.out;
  EXPECT_NE(history.out.find("设定工作阶段：前期筹备（2023-02-28 – 2023-03-10）"), std::string::npos) << history.out;
  // A stage whose end is no longer known.
  Ok({"--at", "2023-03-01", "campaign", "schedule", "move", kRound, "编制报告", "--pending", "待省安委办通知", "--reason", "省里未定"});
  EXPECT_EQ(Stage("编制报告", "2023-04-25")["status"], "pending");
}

TEST_F(Schedule, ARowWithoutADateIsDueWhenItsStageEnds) {
  Ok({"--at", "2023-02-01", "campaign", "schedule", "set", kRound, "--file", steps_, "--year", "2023"});
  Ok({"--at", "2023-03-01", "campaign", "schedule", "move", kRound, "编制报告", "--pending", "待省安委办通知", "--reason", "省里未定"});
  auto table = Write("tasks.csv",
                     "序号,工作任务,牵头单位,完成时限,阶段\n"
                     "1,完成自评发现问题整改,雁塔区,,整改提升\n"
                     "2,报送自评报告,雁塔区,,编制报告\n"
                     "3,报送备检单位名单,雁塔区,2023年3月6日,\n");
  // The stages are the round's: without --campaign, each row that needs its stage says so.
  auto no_round = Run({"--at", "2023-03-02", "import", "tasks", table});
  EXPECT_EQ(no_round.exit_code, 2) << no_round.err;
  EXPECT_NE(no_round.err.find("tasks.csv:2:5 (stage)"), std::string::npos) << no_round.err;
  EXPECT_NE(no_round.err.find("--campaign"), std::string::npos) << no_round.err;
  EXPECT_EQ(no_round.err.find("tasks.csv:4"), std::string::npos) << "row 3 has its date: " << no_round.err;
  Ok({"--at", "2023-03-02", "import", "tasks", table, "--campaign", kRound, "--prefix", "zg"});
  Json t1 = Json::parse(Run({"--output", "json", "task", "show", "zg-1-1"}).out);
  EXPECT_EQ(t1["deadline"], "2023-04-15T15:59:59.999Z") << "整改提升 ends 4月15日";
  Json t2 = Json::parse(Run({"--output", "json", "task", "show", "zg-2-1"}).out);
  EXPECT_EQ(t2["deadline"], "");
  EXPECT_EQ(t2["deadline_pending"], "随“编制报告”阶段待定（待省安委办通知）");
  EXPECT_EQ(Json::parse(Run({"--output", "json", "task", "show", "zg-3-1"}).out)["deadline"], "2023-03-06T15:59:59.999Z")
      << "a row with a date keeps it";

  // --stage for every row without a date; a stage the round lacks is named with those it has.
  auto blank = Write("blank.csv", "序号,工作任务,牵头单位,完成时限\n1,现场抽查问题整改,雁塔区,\n");
  Refused({"--at", "2023-03-02", "import", "tasks", blank, "--campaign", kRound, "--prefix", "xc", "--stage", "验收"}, 2,
          std::vector<std::string>{"验收", "整改提升"});
  Ok({"--at", "2023-03-02", "import", "tasks", blank, "--campaign", kRound, "--prefix", "xc", "--stage", "整改总结"});
  EXPECT_EQ(Json::parse(Run({"--output", "json", "task", "show", "xc-1-1"}).out)["deadline"], "2023-04-30T15:59:59.999Z");
}

}  // namespace
}  // namespace safecity::testing
