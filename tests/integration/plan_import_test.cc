// Task breakdown tables as plans print them, imported through the real
// binary: the Xixian plan's table (序号 | 主要目标任务 | 责任单位 | 完成时限,
// 未设牵头单位), copied out of the document as tab-separated text with its
// title above it, its header printed again on every page, its section
// headings (一、…) and a cell broken by a page; shared responsibility (one
// track per unit), --each GROUP, and every error of a file in one run.
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

const char* kUnits =
    "id,name,kind,aliases\n"
    "xx-gongan,新区公安局,department,\n"
    "xx-chengguan,新区城管交通局,department,\n"
    "xx-gaichuang,新区改创局,department,\n"
    "xx-yingji,新区应急管理局,department,\n"
    "xx-zhujian,新区住建局,department,\n"
    "xx-xiaofang,新区消防救援支队,department,\n"
    "xx-fengdong,沣东新城,district,\n"
    "xx-fengxi,沣西新城,district,\n"
    "xx-qinhan,秦汉新城,district,\n"
    "xx-konggang,空港新城,district,\n"
    "xx-jinghe,泾河新城,district,\n"
    "xx-jituan,西咸集团（园办）,district,西咸集团\n";
const char* kGroups = "name,members\n各新城,xx-fengdong;xx-fengxi;xx-qinhan;xx-konggang;xx-jinghe\n";

// As the plan prints it (000, 附件 2), three rows of it.
const char* kXixianTable =
    "附件 2\n"
    "西咸新区国家安全发展示范城市创建工作任务分解表\n"
    "序号\t主要目标任务\t责任单位\t完成时限\n"
    "一、城市安全状况显著改善\t\t\t\n"
    "2\t近三年道路交通事故万车死亡率逐年下降。\t新区公安局、新区城管交通局，各新城、西咸集团（园办）\t2020年10月-2021年7月\n"
    "二、加强城市安全源头治理\t\t\t\n"
    "6\t制定城市国土空间总体规划及综合防灾减灾等专项规划。\t新区改创局、新区应急管理局、新区消\t2020年12月\n"
    "\n"
    "序号\t主要目标任务\t责任单位\t完成时限\n"
    "\t\t防救援支队等相关部门,各新城、西咸集团(园办)\t\n"
    "7\t严格安全准入，建设项目按规定开展安全预评价。\t新区住建局、新区应急 管理局，各新城、西咸集团（园办）\t2020年12月\n";

class PlanImport : public CliDataTest {
 protected:
  Json Task(const std::string& id) {
    auto r = Run({"--output", "json", "task", "show", id});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  }
  void SetUp() override {
    Ok({"init"});
    Ok({"import", "units", Write("units.csv", kUnits)});
    groups_ = Write("groups.csv", kGroups);
  }
  std::string groups_;
};

TEST_F(PlanImport, ATableWithoutALeadUnitGivesEveryResponsibleUnitItsOwnTrack) {
  auto table = Write("xixian.tsv", kXixianTable);
  auto r = Run({"--at", "2020-10-29", "import", "tasks", table, "--prefix", "xx", "--groups", groups_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Row 2: two departments, the five New Cities, 西咸集团; row 6: three
  // departments (消防救援支队 joined across the page), 5, 1; row 7: 2, 5, 1.
  EXPECT_NE(r.out.find("tasks: 25 added"), std::string::npos) << r.out;

  Json police = Task("xx-2-1-xx-gongan");
  EXPECT_EQ(police["lead_unit"], "xx-gongan");
  EXPECT_EQ(police["cooperating_units"], Json::array()) << "no unit of a shared row is another's cooperating unit";
  EXPECT_EQ(police["category"], "一、城市安全状况显著改善") << "the heading row is the category of the rows below it";
  EXPECT_EQ(police["deadline"], "2021-07-31T15:59:59.999Z") << "a range is due at its end";
  EXPECT_EQ(police["source"]["plan_task"], "xx-2-1");
  EXPECT_EQ(Task("xx-2-1-xx-jinghe")["lead_unit"], "xx-jinghe") << "a group named expands into a track per member";
  EXPECT_EQ(Task("xx-6-1-xx-xiaofang")["category"], "二、加强城市安全源头治理") << "a name broken by the page is joined";
  EXPECT_EQ(Task("xx-6-1-xx-jituan")["lead_unit"], "xx-jituan") << "西咸集团(园办) in half-width brackets";
  EXPECT_EQ(Task("xx-7-1-xx-yingji")["lead_unit"], "xx-yingji") << "新区应急 管理局, broken by a space";
  auto listed = Json::parse(Run({"--output", "json", "task", "list", "--limit", "100"}).out);
  for (const Json& t : listed)
    EXPECT_EQ(t["task_id"].get<std::string>().find("序号"), std::string::npos) << "a header printed again is not a task";

  // Each track is its own: one unit acknowledges, the others do not move.
  Ok({"--at", "2020-11-01", "--as", "新区公安局", "task", "ack", "xx-2-1-xx-gongan"});
  EXPECT_EQ(Task("xx-2-1-xx-gongan")["state"], "acknowledged");
  EXPECT_EQ(Task("xx-2-1-xx-chengguan")["state"], "assigned");

  // The roll-up of the row: how many units are done, which are late.
  auto rollup = Run({"--output", "json", "--at", "2021-08-02", "task", "tracks", "xx-2-1"});
  ASSERT_EQ(rollup.exit_code, 0) << rollup.err;
  Json j = Json::parse(rollup.out);
  EXPECT_EQ(j["tracks"], 8);
  EXPECT_EQ(j["done"], 0);
  EXPECT_EQ(j["late"], 8);
  EXPECT_EQ(j["rows"].size(), 8u);
  auto words = Run({"--at", "2021-06-01", "task", "tracks", "xx-2-1"});
  EXPECT_NE(words.out.find("8 个单位中 0 个已完成，0 个逾期"), std::string::npos) << words.out;
  auto none = Run({"task", "tracks", "xx-99-1"});
  EXPECT_EQ(none.exit_code, 2) << none.err;
  EXPECT_NE(none.err.find("xx-99-1"), std::string::npos) << none.err;
}

// The whole table of the Xixian plan (000, 附件 2) as the template ships it:
// "102 项具体目标任务", every one carried by the units its row names.
TEST_F(PlanImport, TheXixianPlansTableImportsWhole) {
  const std::string dir = std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/xixian";
  data_ = dir_.sub("xixian");  // the template's own units, not the fixture's few
  Ok({"init"});
  Ok({"import", "units", dir + "/units.csv"});
  // 规划水平年 (row 15) gives no date: the plan's schedule ends in July 2021.
  auto r = Run({"--at", "2020-10-29", "import", "tasks", dir + "/task_breakdown.tsv", "--prefix", "xx", "--default-deadline", "2021-07-31"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = Json::parse(Run({"--output", "json", "task", "list", "--limit", "5000"}).out);
  std::set<std::string> rows;
  for (const Json& t : list) {
    const std::string id = t["task_id"];
    rows.insert(id.substr(0, id.find('-', 3)));
  }
  EXPECT_EQ(rows.size(), 102u) << "the plan's 102 tasks, and no header, heading or note taken for one";
  // Row 1: 新区安委会各成员单位 (20 departments), 各新城 (5) and 西咸集团（园办）.
  EXPECT_EQ(Json::parse(Run({"--output", "json", "task", "tracks", "xx-1-1"}).out)["tracks"], 26);
  // Row 6's cell broken by the page: "…新区消" + "防救援支队等相关部门,各新城、西咸集团(园办)".
  EXPECT_EQ(Task("xx-6-1-xx-xiaofang")["source"]["ref"], "task_breakdown.tsv:11");
  EXPECT_EQ(Task("xx-6-1-xx-jituan")["deadline"], "2020-12-31T15:59:59.999Z");
  // Row 91's "西咸集团" + "(园办)" on the next page, with the rest of its task text.
  Json t91 = Task("xx-91-1-xx-jituan");
  EXPECT_EQ(t91["lead_unit"], "xx-jituan");
  EXPECT_NE(t91["description"].get<std::string>().find("深入开展“安康杯”竞赛"), std::string::npos)
      << "a long task keeps its whole text, the next page's part too: " << t91["description"];
}

// The Xixian plan's schedule (000, 附件 3, 日程安排表) as the template ships
// it: 阶段性工作任务 is its task column, and row 16 says 按照国家确定 时间实施
// (broken over two lines): a task whose deadline is pending, not an error.
TEST_F(PlanImport, TheXixianScheduleImportsWithItsPendingRow) {
  const std::string dir = std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/xixian";
  data_ = dir_.sub("xixian");
  Ok({"init"});
  Ok({"import", "units", dir + "/units.csv"});
  const std::vector<std::string> import = {"--at", "2020-10-29", "import", "tasks", dir + "/schedule.tsv", "--prefix", "rc",
                                           "--groups", dir + "/groups.csv"};
  // Rows 1 and 2 were due before the plan's date: named, and nothing written.
  auto past = Run(import);
  EXPECT_EQ(past.exit_code, 2) << past.err;
  EXPECT_NE(past.err.find("schedule.tsv:4:4 (deadline)"), std::string::npos) << past.err;
  EXPECT_NE(past.err.find("schedule.tsv:5:4 (deadline)"), std::string::npos) << past.err;
  EXPECT_EQ(past.err.find("按照国家确定"), std::string::npos) << "the pending row is no error: " << past.err;
  // As of the day the plan was drafted the table imports whole.
  std::vector<std::string> early = import;
  early[1] = "2020-10-01";
  std::ifstream units_file(dir + "/units.csv");
  std::string units((std::istreambuf_iterator<char>(units_file)), std::istreambuf_iterator<char>());
  data_ = dir_.sub("xixian-early");
  Ok({"init"});
  size_t at;
  while ((at = units.find("2020-10-29")) != std::string::npos) units.replace(at, 10, "2020-10-01");
  Ok({"import", "units", Write("units-early.csv", units)});
  Ok(early);
  Json t16 = Task("rc-16-1");
  EXPECT_EQ(t16["deadline"], "");
  EXPECT_EQ(t16["deadline_pending"], "按照国家确定时间实施");
  EXPECT_EQ(t16["lead_unit"], "xx-office");
  EXPECT_EQ(Task("rc-6-1-xx-zuzhi")["deadline"], "2020-11-30T15:59:59.999Z") << "row 6: 新区组织部（编办）、新区创建领导小组办公室";
  Ok({"--at", "2021-07-01", "task", "set-deadline", "rc-16-1", "--deadline", "2021-09-30"});
  EXPECT_EQ(Task("rc-16-1")["deadline"], "2021-09-30T15:59:59.999Z");
}

TEST_F(PlanImport, EachGroupGivesEveryMemberATrackOnEveryRow) {
  auto table = Write("lead.csv",
                     "序号,工作任务,牵头部门,配合部门,完成时间\n"
                     "1,建立重大危险源动态管理数据库。,新区应急管理局,新区住建局,2020年12月\n");
  Ok({"--at", "2020-10-29", "import", "tasks", table, "--prefix", "ea", "--groups", groups_, "--each", "各新城"});
  Json lead = Task("ea-1-1");
  EXPECT_EQ(lead["lead_unit"], "xx-yingji") << "the lead keeps the row's id";
  EXPECT_EQ(lead["cooperating_units"], Json({"xx-zhujian"}));
  EXPECT_EQ(lead["source"]["plan_task"], "ea-1-1");
  Json city = Task("ea-1-1-xx-qinhan");
  EXPECT_EQ(city["lead_unit"], "xx-qinhan");
  EXPECT_EQ(city["cooperating_units"], Json::array());
  auto j = Json::parse(Run({"--output", "json", "task", "tracks", "ea-1-1"}).out);
  EXPECT_EQ(j["tracks"], 6);

  auto bad = Run({"--at", "2020-10-29", "import", "tasks", table, "--prefix", "eb", "--groups", groups_, "--each", "各街道"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("各街道"), std::string::npos) << bad.err;
}

// Numbered sub-items and unnumbered paragraphs under one work point: each
// keeps an id of its own, the numbered ones their numbers.
TEST_F(PlanImport, NumberedItemsAndUnnumberedParagraphsMixWithoutTakingOneId) {
  auto table = Write("mixed.csv",
                     "序号,工作任务,牵头单位,完成时限\n"
                     "1,（1）建立重大危险源数据库。,新区应急管理局,2020年12月\n"
                     "1,开展危险化学品专项整治。,新区应急管理局,2020年12月\n"
                     "1,（2）完善监测预警系统。,新区应急管理局,2020年12月\n"
                     "2,加强消防站建设。,新区消防救援支队,2020年12月\n"
                     "2,维护市政消火栓。,新区消防救援支队,2020年12月\n");
  auto r = Run({"--at", "2020-10-29", "import", "tasks", table, "--prefix", "mx"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Task("mx-1-1")["title"], "建立重大危险源数据库。");
  EXPECT_EQ(Task("mx-1-2")["title"], "完善监测预警系统。");
  EXPECT_EQ(Task("mx-1-p1")["title"], "开展危险化学品专项整治。") << "a paragraph among numbered items";
  EXPECT_EQ(Task("mx-2-2")["title"], "维护市政消火栓。") << "where none is numbered, rows are numbered in order";
}

TEST_F(PlanImport, EveryErrorOfAFileIsToldInOneRunAndNothingIsWritten) {
  auto table = Write("bad.tsv",
                     "序号\t主要目标任务\t责任单位\t完成时限\n"
                     "1\t甲。\t新区公安\t2020年12月\n"
                     "2\t乙。\t新区住建局\t2020年13月\n"
                     "3\t丙。\t新区应急管理局、各开发区\t2020年12月\n"
                     "4\t丁。\t新区城管交通局\t2020年12月\n");
  int64_t before = LogLength();
  auto r = Run({"--at", "2020-10-29", "import", "tasks", table, "--prefix", "bd", "--groups", groups_});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("3 处错误，未导入任何任务"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.tsv:2:3 (responsible_units)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("新区公安局"), std::string::npos) << "the nearest known name is offered: " << r.err;
  EXPECT_NE(r.err.find("bad.tsv:3:4 (deadline)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.tsv:4:3 (responsible_units)"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("bad.tsv:5"), std::string::npos) << "a good row is no error: " << r.err;
  EXPECT_EQ(LogLength(), before) << "nothing is written while an error remains";

  auto en = Run({"--lang", "en", "--at", "2020-10-29", "import", "tasks", table, "--prefix", "bd", "--groups", groups_});
  EXPECT_NE(en.err.find("3 errors; nothing was imported"), std::string::npos) << en.err;
  EXPECT_NE(en.err.find("did you mean 新区公安局"), std::string::npos) << en.err;
}

}  // namespace
}  // namespace safecity::testing
