// A plan's schedule read from its text as the three plans print it: Xixian's
// five stages (000), Chaoyang's five overlapping ones (004) and Xi'an's
// self-inspection steps without a year (003).
#include "workflows/imports/schedule_text.h"

#include <gtest/gtest.h>

namespace safecity::imports {
namespace {

std::string Show(const ScheduleStage& s) {
  return (s.part_of.empty() ? "" : s.part_of + "/") + s.name + " " + (s.starts.empty() ? "…" : s.starts) + ".." +
         (s.ends_pending.empty() ? s.ends : "待定:" + s.ends_pending);
}
std::vector<std::string> Shown(const ScheduleText& t) {
  std::vector<std::string> out;
  for (const auto& s : t.stages) out.push_back(Show(s));
  return out;
}

TEST(ScheduleText, XixiansStagesWithTheirDescriptionsBetween) {
  const char* text =
      "三、创建步骤\n"
      "创建国家安全发展示范城市是一项系统性、全局性工作，……新区创建工作任务计划分五个阶段实施。\n"
      "（一）动员部署阶段（2020年10月）\n"
      "成立西咸新区创建国家安全发展示范城市领导小组，设立办公室。\n"
      "（二）组织实施阶段（2020年10月-2021年5月）\n"
      "对标国家安全发展示范城市评价细则与评分标准，……\n"
      "（三）自评完善阶段（2021年6月）\n"
      "（四）省级复核阶段（2021年7月）\n"
      "（五）国家评议阶段（具体时间行程待定）\n"
      "按照《国家安全发展示范城市评价与管理办法》规定，……\n";
  ScheduleText t = ParseScheduleText("xixian.txt", text, 0, Language::kZh);
  ASSERT_TRUE(t.errors.empty()) << t.errors.front().ToString();
  EXPECT_EQ(Shown(t), (std::vector<std::string>{"动员部署 2020-10-01..2020-10-31", "组织实施 2020-10-01..2021-05-31",
                                                "自评完善 2021-06-01..2021-06-30", "省级复核 2021-07-01..2021-07-31",
                                                "国家评议 …..待定:具体时间行程待定"}))
      << "two stages overlap in October 2020";
  EXPECT_EQ(t.stages[1].line, 5);
}

TEST(ScheduleText, ChaoyangsOverlappingStagesWithWordsBookmarks) {
  const char* text =
      "[bookmark: _Toc3986196]根据工作安排，……创建工作分为以下5个阶段（由于国家验收时间待定，具体实施节点将根据实际情况调整）：\n"
      "（一）前期准备阶段（2019年12月底前）\n"
      "在全面调研基础上，……\n"
      "（二）宣传发动阶段（2020年1月）\n"
      "[bookmark: _Toc3986198]召开全区创建工作动员部署会，……\n"
      "（三）创建实施阶段（2020年2月—5月）\n"
      "（四）自评申报阶段（2020年5月—2020年6月）\n"
      "（五）考核验收阶段（2020年6月—2020年12月）\n";
  ScheduleText t = ParseScheduleText("chaoyang.txt", text, 0, Language::kZh);
  ASSERT_TRUE(t.errors.empty()) << t.errors.front().ToString();
  EXPECT_EQ(Shown(t), (std::vector<std::string>{"前期准备 …..2019-12-31", "宣传发动 2020-01-01..2020-01-31",
                                                "创建实施 2020-02-01..2020-05-31", "自评申报 2020-05-01..2020-06-30",
                                                "考核验收 2020-06-01..2020-12-31"}));
}

TEST(ScheduleText, XiansStepsTakeTheYearGivenAndTheirStageSpansThem) {
  const char* text =
      "七、时间步骤\n"
      "主要包括前期筹备、自检评估和整改总结三个阶段。\n"
      "（一）前期筹备\n"
      "1. 制定方案（2月底）。按照《国家安全发展示范城市评价与管理办法》规定，……\n"
      "2. 组建工作组（3月上旬）。从西安市应急管理专家库……\n"
      "（二）自检评估\n"
      "1. 动员部署（3月中旬）。召开自评工作启动会，……\n"
      "2. 系统核查（3月中旬）。根据《评价细则（2022年版本）》，……\n"
      "3. 现场抽查（3月下旬）。通过听取汇报……\n"
      "（三）整改总结\n"
      "1. **整改提升（4月15日）**。按照各级各部门自检台账……\n"
      "2. **编制报告（4月下旬）**。总结创建成果……\n";
  ScheduleText no_year = ParseScheduleText("xian.txt", text, 0, Language::kZh);
  ASSERT_EQ(no_year.errors.size(), 7u) << "every step without a year, once";
  EXPECT_NE(no_year.errors[0].ToString().find("xian.txt:4 (stage)"), std::string::npos) << no_year.errors[0].ToString();
  EXPECT_NE(no_year.errors[0].ToString().find("--year 2023"), std::string::npos) << no_year.errors[0].ToString();

  ScheduleText t = ParseScheduleText("xian.txt", text, 2023, Language::kZh);
  ASSERT_TRUE(t.errors.empty()) << t.errors.front().ToString();
  EXPECT_EQ(Shown(t), (std::vector<std::string>{
                          "前期筹备 2023-02-28..2023-03-10", "前期筹备/制定方案 …..2023-02-28", "前期筹备/组建工作组 2023-03-01..2023-03-10",
                          "自检评估 2023-03-11..2023-03-31", "自检评估/动员部署 2023-03-11..2023-03-20",
                          "自检评估/系统核查 2023-03-11..2023-03-20", "自检评估/现场抽查 2023-03-21..2023-03-31",
                          "整改总结 2023-04-15..2023-04-30", "整改总结/整改提升 …..2023-04-15", "整改总结/编制报告 2023-04-21..2023-04-30"}));
}

TEST(ScheduleText, EveryBadLineIsToldInTheUsersLanguage) {
  const char* text =
      "（一）动员部署阶段（2020年13月）\n"
      "（二）动员部署阶段（2020年10月）\n"
      "（三）组织实施阶段（2020年10月）\n"
      "（四）组织实施阶段（2021年1月）\n";
  ScheduleText t = ParseScheduleText("bad.txt", text, 0, Language::kEn);
  ASSERT_EQ(t.errors.size(), 3u);
  EXPECT_EQ(t.errors[0].ToString().find("bad.txt:1 (stage)") != std::string::npos, true) << t.errors[0].ToString();
  EXPECT_NE(t.errors[0].ToString().find("is not a period"), std::string::npos) << t.errors[0].ToString();
  EXPECT_NE(t.errors[1].ToString().find("also named on line 1"), std::string::npos) << t.errors[1].ToString();
  EXPECT_NE(t.errors[2].ToString().find("also named on line 3"), std::string::npos) << t.errors[2].ToString();
  EXPECT_FALSE(ParseScheduleText("none.txt", "没有编号的段落。\n", 0, Language::kZh).errors.empty()) << "no stage at all";
}

}  // namespace
}  // namespace safecity::imports
