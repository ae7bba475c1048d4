// Task breakdown tables (任务分解表) imported through the real binary: the
// Gongshu sample shipped in workflows/templates, and the ways a table can be wrong.
#include <fstream>

#include <gtest/gtest.h>

#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

const std::string kGongshu = std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/gongshu";

class TaskImport : public CliDataTest {
 protected:
  Json Task(const std::string& id) {
    auto r = Run({"--output", "json", "task", "show", id});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  }
  // One line naming the place, exit code 2, nothing written.
  void Rejected(std::vector<std::string> args, const std::string& where, const std::string& text = "") {
    Refused(std::move(args), 2, {where, text});
  }
  void SetUp() override {
    Ok({"init"});
    Ok({"import", "units", kGongshu + "/units.csv"});
  }
};

const char* kHeader = "项目,序号,工作要点,任务清单,牵头单位,配合单位,完成时限\n";

TEST_F(TaskImport, GongshuSampleBecomesOneTaskPerItemWithUnitsResolved) {
  auto r = Run({"--at", "2018-07-01", "import", "tasks", kGongshu + "/task_breakdown.csv", "--prefix", "gs"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("tasks: 39 added, 0 already there"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("groups.csv"), std::string::npos) << "the groups file beside the table is used and named";

  // "区安委办牵头；区商务局（区旅游局）、…、消防拱墅大队等有关单位配合" in the lead column.
  Json t = Task("gs-s1-2");
  EXPECT_EQ(t["lead_unit"], "gs-office");
  EXPECT_EQ(t["cooperating_units"], Json({"gs-shangwu", "gs-zhujian", "gs-chengguan", "gs-shichang", "gs-jiaojing", "gs-yunguan", "gs-xiaofang"}));
  EXPECT_EQ(t["deadline"], "2018-10-31T15:59:59.999Z") << "2018年10月 is due at the end of October, Beijing time";
  EXPECT_EQ(t["source"], Json({{"kind", "task_breakdown"}, {"ref", "task_breakdown.csv:38"}}));
  EXPECT_EQ(t["title"], "成立实体化运作办公室。") << "the item's own number is not part of the title";

  // Listed units "等各专项规划编制单位": the group adds no one twice.
  EXPECT_EQ(Task("gs-1-1")["cooperating_units"].size(), 10u);
  // "区相关部门及各街道（园区）等单位": both groups, the lead left out.
  Json coop = Task("gs-3-4")["cooperating_units"];
  EXPECT_EQ(coop.size(), 33u);
  EXPECT_NE(std::find(coop.begin(), coop.end(), "gs-kegong"), coop.end());
  EXPECT_EQ(std::find(coop.begin(), coop.end(), "gs-office"), coop.end());
  EXPECT_EQ(Task("gs-3-1")["deadline"], "2019-06-30T15:59:59.999Z");
  EXPECT_EQ(Task("gs-7-2")["title"], "规范行政处罚和行政强制行为。") << "unnumbered items are numbered in order";

  // Cooperating units are told, in their inbox.
  auto inbox = Run({"--as", "gs-kegong", "--output", "json", "inbox"});
  EXPECT_NE(inbox.out.find("gs-3-4"), std::string::npos) << inbox.out;

  int64_t before = LogLength();
  auto again = Run({"--at", "2018-07-02", "import", "tasks", kGongshu + "/task_breakdown.csv", "--prefix", "gs"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 added, 39 already there"), std::string::npos) << again.out;
  EXPECT_EQ(LogLength(), before) << "importing the same table again adds nothing";
}

TEST_F(TaskImport, DryRunShowsThePlanAndWritesNothing) {
  int64_t before = LogLength();
  auto r = Run({"--at", "2018-07-01", "import", "tasks", kGongshu + "/task_breakdown.csv", "--prefix", "gs", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("39 tasks would be assigned"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("区编委办"), std::string::npos) << "leads by name";
  EXPECT_EQ(LogLength(), before);
}

TEST_F(TaskImport, AGroupAsLeadMakesOneTaskPerMember) {
  auto csv = Write("lead_group.csv", std::string(kHeader) + "一、源头治理,1,要点,（1）落实楼长制度。,各街道（园区）牵头,消防拱墅大队,2019年12月\n");
  Ok({"--at", "2018-07-01", "import", "tasks", csv, "--prefix", "lg", "--groups", kGongshu + "/groups.csv"});
  Json t = Task("lg-1-1-gs-hushu");
  EXPECT_EQ(t["lead_unit"], "gs-hushu");
  EXPECT_EQ(t["cooperating_units"], Json({"gs-xiaofang"}));
  auto list = Json::parse(Run({"--output", "json", "task", "list"}).out);
  EXPECT_EQ(list.size(), 11u) << "the ten streets and the 功能区";
}

// A rectification list (问题整改清单) as offices print one: a title line
// above the header, the task column headed 整改任务 and the deadline 整改时限.
TEST_F(TaskImport, ARectificationListHeadedZhengGaiRenWuBelowItsTitle) {
  auto tsv = Write("整改任务分解表.tsv",
                   "拱墅区2019年安全生产问题整改任务分解表\n\n序号\t整改任务\t责任单位\t整改时限\n"
                   "1\t更新老化燃气管道\t区发改局\t2019年6月底前\n");
  auto r = Run({"--at", "2018-07-01", "import", "tasks", tsv, "--prefix", "zg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json t = Task("zg-1-1");
  EXPECT_EQ(t["title"], "更新老化燃气管道");
  EXPECT_EQ(t["deadline"], "2019-06-30T15:59:59.999Z");
}

TEST_F(TaskImport, BadRowsNameLineColumnAndFieldAndWriteNothing) {
  std::string groups = kGongshu + "/groups.csv";
  auto unknown = Write("unknown.csv", std::string(kHeader) + "一,1,要点,（1）甲。,区发改局,区民政局,2019年6月\n一,1,要点,（2）乙。,区发改局,区民证局,2019年6月\n");
  Rejected({"--at", "2018-07-01", "import", "tasks", unknown, "--groups", groups}, "unknown.csv:3:6 (cooperating_units)", "没有单位“区民证局”；是否指 区民政局、");
  Rejected({"--lang", "en", "--at", "2018-07-01", "import", "tasks", unknown, "--groups", groups}, "unknown.csv:3:6 (cooperating_units)",
           "no unit '区民证局'; did you mean 区民政局, ");
  auto no_group = Write("nogroup.csv", std::string(kHeader) + "一,1,要点,（1）甲。,区发改局,各建设指挥部,2019年6月\n");
  Rejected({"--at", "2018-07-01", "import", "tasks", no_group, "--groups", groups}, "nogroup.csv:2:6 (cooperating_units)", "groups.csv");
  auto month = Write("month.csv", std::string(kHeader) + "一,1,要点,（1）甲。,区发改局,,2019年13月\n");
  Rejected({"--at", "2018-07-01", "import", "tasks", month}, "month.csv:2:7 (deadline)", "2019年6月");
  auto blank = Write("blank.csv", std::string(kHeader) + "一,1,要点,（1）甲。,区发改局,,长期\n");
  Rejected({"--at", "2018-07-01", "import", "tasks", blank}, "blank.csv:2:7 (deadline)", "--default-deadline");
  auto late = Write("late.csv", std::string(kHeader) + "一,1,要点,（1）甲。,区发改局,,2018年6月\n");
  Rejected({"--at", "2018-07-01", "import", "tasks", late}, "late.csv:2:7 (deadline)", "早于导入时间");
  auto twice = Write("twice.csv", std::string(kHeader) + "一,1,要点,（1）甲。,区发改局,,2019年6月\n一,1,要点,（1）乙。,区发改局,,2019年6月\n");
  Rejected({"--at", "2018-07-01", "import", "tasks", twice}, "twice.csv:3:4 (id)", "line 2");
  auto no_lead = Write("nolead.csv", std::string(kHeader) + "一,1,要点,（1）甲。,,区民政局,2019年6月\n");
  Rejected({"--at", "2018-07-01", "import", "tasks", no_lead}, "nolead.csv:2:5 (lead_unit)");
  Rejected({"--at", "2018-07-01", "import", "tasks", kGongshu + "/task_breakdown.csv", "--campaign", "no-such-round"}, "(campaign)", "没有评估轮次“no-such-round”");

  // A blank deadline is fine with a default; then a different table cannot take the same ids.
  Ok({"--at", "2018-07-01", "import", "tasks", blank, "--prefix", "p", "--default-deadline", "2020-12-31"});
  EXPECT_EQ(Task("p-1-1")["deadline"], "2020-12-31T15:59:59.999Z");
  auto other = Write("other.csv", std::string(kHeader) + "一,1,要点,（1）丙。,区发改局,,2019年6月\n");
  Rejected({"--at", "2018-07-01", "import", "tasks", other, "--prefix", "p"}, "other.csv:2 (id)", "已存在");
}

// Membership is dated (成员资格): a unit that left cannot be given work after
// the day it left, but its earlier work stands; it can rejoin.
TEST_F(TaskImport, MembershipIsDatedAndGuardsNewWork) {
  Ok({"--at", "2021-04-09", "unit", "leave", "米市巷街道", "--on", "2021-04-09", "--reason", "撤销，并入小河街道"});
  auto twice = Run({"--at", "2021-04-10", "unit", "leave", "gs-mishixiang", "--on", "2021-04-10", "--reason", "x"});
  EXPECT_EQ(twice.exit_code, 1) << twice.err;
  EXPECT_NE(twice.err.find("已于 2021-04-09 退出"), std::string::npos) << twice.err;

  Rejected({"--at", "2021-05-01", "task", "assign", "--id", "t1", "--title", "x", "--lead", "米市巷街道", "--deadline", "2021-06-01"},
           "data.lead_unit", "已于 2021-04-09 退出成员单位");
  Rejected({"--at", "2021-05-01", "task", "assign", "--id", "t1", "--title", "x", "--lead", "区安委办", "--coop", "gs-mishixiang",
            "--deadline", "2021-06-01"},
           "data.cooperating_units[0]", "退出成员单位");
  Ok({"--at", "2021-04-08", "task", "assign", "--id", "t0", "--title", "x", "--lead", "米市巷街道", "--deadline", "2021-06-01"});
  auto table = Write("after.csv", std::string(kHeader) + "一,1,要点,（1）甲。,区安委办,米市巷街道,2022年12月\n");
  Rejected({"--at", "2021-05-01", "import", "tasks", table}, "after.csv:2:6 (cooperating_units", "退出成员单位");

  Rejected({"--at", "2021-05-01", "unit", "rejoin", "gs-mishixiang", "--on", "2021-04-01", "--reason", "y"}, "data.on", "早于单位退出的日期");
  Ok({"--at", "2022-01-01", "unit", "rejoin", "gs-mishixiang", "--on", "2022-01-01", "--reason", "恢复设立"});
  Ok({"--at", "2022-01-02", "import", "tasks", table, "--prefix", "r"});
  Json unit;
  for (const Json& u : Json::parse(Run({"--output", "json", "unit", "list"}).out))
    if (u["id"] == "gs-mishixiang") unit = u;
  EXPECT_EQ(unit["membership"], (Json{{"since", "2022-01-01"}, {"left_on", nullptr}})) << "a member again, from its first day";
  auto history = Run({"history", "unit-gs-mishixiang"});
  EXPECT_NE(history.out.find("UnitLeft"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("UnitRejoined"), std::string::npos) << history.out;

  // A units file may carry a unit that has already left.
  auto units = Write("left.csv", "id,name,kind,aliases,parent,member_since,left_on\ngs-old,区老部门,department,,,2018-01-01,2020-01-01\n");
  Ok({"import", "units", units});
  Rejected({"--at", "2021-05-01", "task", "assign", "--id", "t2", "--title", "x", "--lead", "区老部门", "--deadline", "2021-06-01"},
           "data.lead_unit", "已于 2020-01-01 退出成员单位");
  auto bad = Write("badleft.csv", "id,name,member_since,left_on\ngs-new,区新部门,2020-01-01,2019-01-01\n");
  Rejected({"import", "units", bad}, "badleft.csv:2:4 (left_on)", "不晚于加入日期 2020-01-01");
}

}  // namespace
}  // namespace safecity::testing
