// The whole campaign through the real binary: every CLI call is a new process,
// so each one is also a restart of the engine and its reactions.
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/store.h"
#include "tests/integration/cli_fixture.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

constexpr const char* kRound = "xian-2023-self-inspection";

class Campaign : public CliDataTest {
 protected:
  int Count(const std::string& stream, const std::string& type) {
    auto r = Run({"history", stream, "--json"});
    int n = 0;
    for (size_t at = r.out.find("\"type\":\"" + type + "\""); at != std::string::npos;
         at = r.out.find("\"type\":\"" + type + "\"", at + 1))
      ++n;
    return n;
  }
  void SetUp() override {
    Ok({"init"});
    Ok({"--at", "2023-03-01", "template", "install", "xian2023"});
  }
  void ToSystemCheck() {
    Ok({"--at", "2023-03-02", "campaign", "launch", kRound});
    Ok({"--at", "2023-03-03", "campaign", "start", kRound, "self_check"});
    Ok({"--at", "2023-03-20", "campaign", "start", kRound, "system_check"});
  }
};

TEST_F(Campaign, TemplateInstallsTheXianRoundAndIsIdempotent) {
  auto r = Run({"--output", "json", "campaign", "list"});
  Json j = Json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["units"], 48) << "28 municipal units and 20 districts";
  EXPECT_EQ(j[0]["state"], "draft");
  int64_t before = LogLength();
  Ok({"--at", "2023-03-01", "template", "install", "xian2023"});
  EXPECT_EQ(LogLength(), before) << "a second install adds nothing";
  // A unit renamed since stays renamed when the template is installed again.
  Ok({"--at", "2023-03-02", "unit", "rename", "雁塔区", "雁塔区人民政府", "--reason", "全称"});
  before = LogLength();
  Ok({"--at", "2023-03-03", "template", "install", "xian2023"});
  EXPECT_EQ(LogLength(), before) << "the template does not rename it back";
  // Another clerk of the office installs it again: nothing is refused, nothing added.
  auto other = Run({"--at", "2023-03-04", "--as", "office:li", "template", "install", "xian2023"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(other.out.find("scoring sheet xian-evaluation@2022 already defined"), std::string::npos) << other.out;
  EXPECT_NE(other.out.find("round xian-2023-self-inspection already drafted with 48 units\n"), std::string::npos) << other.out;
  EXPECT_EQ(LogLength(), before);
  // A district registered since: the drafted round keeps its units, and says so.
  Ok({"--at", "2023-03-05", "unit", "add", "--id", "xa-test-district", "--name", "示范新区", "--kind", "district", "--since", "2023-01-01"});
  // Another unit of the round left the membership since: the new one is still named.
  Ok({"--at", "2023-03-05", "unit", "leave", "xa-fagai", "--on", "2023-03-05", "--reason", "机构改革"});
  auto later = Run({"--at", "2023-03-06", "template", "install", "xian2023"});
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.out.find("already drafted with 48 units; 1 member unit registered since is not in it: xa-test-district\n"),
            std::string::npos)
      << later.out;
  // A template whose sheet differs from the version defined is refused: a version never changes.
  const std::string real = std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/xian2023";
  const std::string edited = dir_.sub("templates/xian2023");
  std::filesystem::create_directories(edited);
  for (const char* f : {"round.json", "units.csv"}) std::filesystem::copy_file(real + "/" + f, edited + "/" + f);
  std::ifstream in(real + "/scoring_sheet.csv");
  std::string sheet((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t at = sheet.find("安全");
  ASSERT_NE(at, std::string::npos);
  sheet.replace(at, std::string("安全").size(), "平安");
  std::ofstream(edited + "/scoring_sheet.csv") << sheet;
  before = LogLength();
  auto changed = RunCli({"--data", data_, "--at", "2023-03-07", "template", "install", "xian2023"},
                        {{"SAFECITY_TEMPLATES", dir_.sub("templates")}});
  EXPECT_NE(changed.exit_code, 0);
  EXPECT_NE(changed.err.find("评价细则 xian-evaluation 的 2022 版已经定义，且不再更改"), std::string::npos) << changed.err;
  EXPECT_EQ(LogLength(), before);
}

TEST_F(Campaign, EscalationClimbsOnceAcrossRestartsReplaysAndRepeatedTicks) {
  ToSystemCheck();
  Ok({"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "1.2", "--points", "0.6", "--reason",
      "2个建设项目缺少安全预评价报告"});
  const std::string task = std::string(kRound) + "-F1";
  EXPECT_EQ(Count("task-" + task, "TaskAssigned"), 1) << "the deduction opened a task";
  Ok({"--at", "2023-04-14", "clock", "tick"});
  EXPECT_EQ(Count("task-" + task, "TaskEscalated"), 0) << "not yet due";
  Ok({"--at", "2023-04-19", "clock", "tick"});  // 3+ days late: reminder and warning
  EXPECT_EQ(Count("task-" + task, "TaskEscalated"), 2);
  Ok({"--at", "2023-04-19", "clock", "tick"});
  Ok({"replay", "--rebuild"});
  Ok({"--at", "2023-04-20", "clock", "tick"});
  EXPECT_EQ(Count("task-" + task, "TaskEscalated"), 2) << "a restart, a replay and a repeated tick raise nothing twice";
  Ok({"--at", "2023-05-01", "clock", "tick"});  // 15 days late: interview, accountability
  EXPECT_EQ(Count("task-" + task, "TaskEscalated"), 4);
  auto inbox = Run({"--as", "雁塔区", "--output", "json", "inbox"});
  Json n = Json::parse(inbox.out);
  int escalations = 0;
  for (const auto& row : n) escalations += row["kind"].get<std::string>().rfind("task_", 0) == 0 && row["kind"] != "task_assigned";
  EXPECT_EQ(escalations, 4) << inbox.out;
  // The reminder comes as the deadline passes: past it, not "0 days late".
  EXPECT_EQ(inbox.out.find("已逾期 0 天"), std::string::npos) << inbox.out;
  EXPECT_NE(inbox.out.find("已超过完成时限"), std::string::npos) << inbox.out;
  EXPECT_NE(inbox.out.find("已逾期 14 天以上"), std::string::npos) << inbox.out;
  EXPECT_NE(Run({"clock", "show"}).out.find("2023-05-01"), std::string::npos);
  Refused({"--at", "2023-04-01", "clock", "tick"}, 2, "时钟已在 2023-05-01 09:00；时间不能倒退，请用更晚的 --at");
  Refused({"--lang", "en", "--at", "2023-04-01", "clock", "tick"}, 2, "time never goes back, tick at a later --at");

  // Reacting to the whole log again, from the first event, issues nothing new.
  int64_t before = LogLength();
  {
    EngineOptions o;
    o.domain = &DefaultDomain();
    o.data_dir = data_;
    o.create_if_missing = false;
    auto e = Engine::Open(o);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ASSERT_TRUE(e.value()->reactions()->ResetCheckpoint(0).ok());
    auto rep = e.value()->Settle();
    ASSERT_TRUE(rep.ok()) << rep.status().ToString();
    EXPECT_GT(rep.value().commands, 0);
    EXPECT_EQ(e.value()->store()->LastPosition(), before);
    ExpectAllEventsValid(e.value()->store());
  }
}

// Sheets as printed (Gongshu, 002): 本项不得分 zeroes an item, 一票否决 fails a
// unit whatever its points, and a finding keeps the sample behind it
// (随机抽查 10 个建设项目 …).
TEST_F(Campaign, AZeroedItemAVetoAndTheSampleBehindAFinding) {
  ToSystemCheck();
  Refused({"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "1.2", "--reason", "无"}, 2, "--points");
  Refused({"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "1.2", "--points", "0.2", "--reason", "x",
           "--checked", "10", "--found", "12", "--of", "建设项目"},
          2, "data.sample.found");
  Ok({"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "1.2", "--zero-item", "--reason",
      "未开展建设项目安全预评价", "--checked", "10", "--found", "10", "--of", "建设项目"});
  Ok({"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "碑林区", "--item", "1.2", "--veto", "--reason",
      "发生较大生产安全事故", "--no-task"});
  Json dash = Json::parse(Run({"--output", "json", "report", "dashboard", kRound}).out);
  Json yanta, beilin;
  for (const Json& u : dash) {
    if (u["unit"] == "xa-yanta") yanta = u;
    if (u["unit"] == "xa-beilin") beilin = u;
  }
  ASSERT_TRUE(yanta.is_object() && beilin.is_object());
  Json sheet = Json::parse(Run({"--output", "json", "sheet", "show", "xian-evaluation@2022"}).out);
  double worth = 0;
  for (const Json& it : sheet)
    if (it.value("id", "") == "1.2") worth = it["points"].get<double>();
  ASSERT_GT(worth, 0) << sheet.dump();
  EXPECT_DOUBLE_EQ(yanta["score"].get<double>(), 100 - worth) << "本项不得分: the item's every point";
  EXPECT_EQ(beilin["pass"], false) << "一票否决, whatever the points: " << beilin.dump();
  EXPECT_NE(Run({"report", "dashboard", kRound}).out.find("否（一票否决）"), std::string::npos);
  auto fb = Run({"report", "feedback", kRound, "--unit", "雁塔区"});
  EXPECT_NE(fb.out.find("本项不得分"), std::string::npos) << fb.out;
  EXPECT_NE(fb.out.find("抽查 10 个建设项目，发现 10 个"), std::string::npos) << fb.out;
  // A veto recorded in error is withdrawn like any finding: the unit is no longer failed for it.
  Ok({"--at", "2023-03-22", "campaign", "withdraw", kRound, "--finding", "2", "--reason", "事故责任认定不在本区"});
  dash = Json::parse(Run({"--output", "json", "report", "dashboard", kRound}).out);
  for (const Json& u : dash)
    if (u["unit"] == "xa-beilin") {
      EXPECT_NE(u["pass"], false) << u.dump();
    }
}

// A ratio item's pass line as the sheet prints it (达到 95%及以上), a column of
// the sheet's CSV; a line that is no percent is named at its cell.
TEST_F(Campaign, ASheetsRatioItemKeepsItsPassLine) {
  auto csv = Write("sheet.csv",
                   "id,parent,title,points,method,达标线,rule\n"
                   "1,,源头治理,60,,,\n1.1,1,安全生产标准化,2,ratio,95%,规模以上工业企业安全生产标准化达到 95%及以上\n"
                   "1.2,1,其他,58,deduct,,\n2,,其他,40,judgement,,\n");
  Ok({"sheet", "import", csv, "--id", "gs", "--version", "2018", "--title", "拱墅区评价细则"});
  Json sheet = Json::parse(Run({"--output", "json", "sheet", "show", "gs@2018"}).out);
  EXPECT_EQ(sheet[1]["full_at"], 95) << sheet.dump();
  EXPECT_TRUE(sheet[0]["full_at"].is_null());
  auto bad = Write("bad.csv", "id,parent,title,points,method,达标线,rule\n1,,a,100,ratio,120%,\n");
  Refused({"sheet", "import", bad, "--id", "gs", "--version", "bad", "--title", "t"}, 2, std::vector<std::string>{"bad.csv:2:6", "120%"});
}

// Caps as Gongshu's sheet prints them: one rule of an item capped on its own
// (每发现一处扣 0.1 分，0.5 分扣完为止), and two items sharing one cap (2 分扣完为止);
// the feedback list says where a cap took effect.
TEST_F(Campaign, CapsInsideAnItemAndSharedByItemsShowInTheFeedbackList) {
  auto csv = Write("gs.csv",
                   "id,parent,title,points,method,共同上限,rule\n"
                   "1,,安全监管,60,,,\n"
                   "1.1,1,执法检查,30,deduct,A:2,\n"
                   "1.2,1,专项规划,30,deduct,A:2,\n"
                   "1.2.a,1.2,规划未经专家论证,0.5,cap,,每发现一处扣 0.1 分，0.5 分扣完为止\n"
                   "2,,其他,40,judgement,,\n");
  Ok({"sheet", "import", csv, "--id", "gs", "--version", "2018", "--title", "拱墅区评价细则"});
  Ok({"--at", "2023-03-01", "campaign", "create", "--id", "gs-2023", "--title", "拱墅区自评", "--sheet", "gs@2018", "--unit",
      "雁塔区", "--phase", "self_check=2023-09-01", "--phase", "system_check=2023-09-10", "--phase", "spot_check=2023-09-20",
      "--phase", "rectification=2023-10-15", "--phase", "reporting=2023-10-31"});
  Ok({"--at", "2023-03-02", "campaign", "launch", "gs-2023"});
  Ok({"--at", "2023-03-03", "campaign", "start", "gs-2023", "self_check"});
  Ok({"--at", "2023-03-04", "campaign", "start", "gs-2023", "system_check"});
  for (int i = 0; i < 3; ++i)  // 0.3 + 0.3 under a 0.5 cap: the third counts nothing
    Ok({"--at", "2023-03-05", "campaign", "deduct", "gs-2023", "--unit", "雁塔区", "--item", "1.2.a", "--points", "0.3", "--reason",
        "规划未经专家论证 " + std::to_string(i + 1), "--no-task"});
  Ok({"--at", "2023-03-05", "campaign", "deduct", "gs-2023", "--unit", "雁塔区", "--item", "1.1", "--points", "1.8", "--reason",
      "执法文书不规范", "--no-task"});
  Json dash = Json::parse(Run({"--output", "json", "report", "dashboard", "gs-2023"}).out);
  ASSERT_EQ(dash.size(), 1u);
  EXPECT_DOUBLE_EQ(dash[0]["score"].get<double>(), 98) << "0.5 of the rule, 1.8 of 1.1: 2.3, but the two items share 2";
  Json fb = Json::parse(Run({"--output", "json", "report", "feedback", "gs-2023", "--unit", "雁塔区"}).out);
  ASSERT_EQ(fb.size(), 4u);
  EXPECT_EQ(fb[0]["item"], "1.2.a");
  EXPECT_DOUBLE_EQ(fb[0]["counted"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(fb[1]["counted"].get<double>(), 0.2) << "the rule's cap reached";
  EXPECT_DOUBLE_EQ(fb[2]["counted"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(fb[3]["counted"].get<double>(), 1.5) << "the shared cap reached";
  auto text = Run({"report", "feedback", "gs-2023", "--unit", "雁塔区"});
  EXPECT_NE(text.out.find("已扣满，计 0.2 分"), std::string::npos) << text.out;
  // Withdrawn findings leave the caps: 1.1's goes, and one of the rule's three.
  Ok({"--at", "2023-03-06", "campaign", "withdraw", "gs-2023", "--finding", "4", "--reason", "复核不成立"});
  Ok({"--at", "2023-03-06", "campaign", "withdraw", "gs-2023", "--finding", "1", "--reason", "重复记录"});
  dash = Json::parse(Run({"--output", "json", "report", "dashboard", "gs-2023"}).out);
  EXPECT_DOUBLE_EQ(dash[0]["score"].get<double>(), 99.5) << "0.6 found under the rule, 0.5 counted";
  // A cap row is no item to assess, and a cap over its item is refused at its cell.
  auto bad = Write("bad.csv", "id,parent,title,points,method,rule\n1,,a,100,deduct,\n1.a,1,b,120,cap,\n");
  Refused({"sheet", "import", bad, "--id", "gs", "--version", "bad", "--title", "t"}, 2, std::vector<std::string>{"bad.csv:3:4", "1.a"});
}

// Gongshu's 应急管理信息平台 (002) as printed: one item of deductions and
// judgements (缺少一项扣 0.5 分；……综合判定该项分值，最高得 3 分), its parts as
// leaves; 未建立平台，本项不得分 takes the whole item, assessed or not, and a
// judgement alone may be zeroed (3 分全扣). Withdrawing gives it back.
TEST_F(Campaign, AnItemOfDeductionsAndJudgementsIsZeroedWhole) {
  auto csv = Write("gs.csv",
                   "id,parent,title,points,method,rule\n"
                   "1,,应急管理信息平台,9,,未建立城市应急管理信息平台，本项不得分\n"
                   "1.a,1,平台功能,3,deduct,缺少一项扣 0.5 分\n"
                   "1.b,1,信息共享,3,judgement,就共享的部门和数据情况，综合判定该项分值，最高得 3 分\n"
                   "1.c,1,日常使用,3,judgement,根据系统日常使用情况，综合判定分值，最高得 3 分\n"
                   "2,,其他,91,deduct,\n");
  Ok({"sheet", "import", csv, "--id", "gs", "--version", "2018", "--title", "拱墅区评价细则"});
  Ok({"--at", "2023-03-01", "campaign", "create", "--id", "gs-2023", "--title", "拱墅区自评", "--sheet", "gs@2018", "--unit", "雁塔区",
      "--unit", "碑林区", "--phase", "self_check=2023-09-01", "--phase", "system_check=2023-09-10", "--phase",
      "spot_check=2023-09-20", "--phase", "rectification=2023-10-15", "--phase", "reporting=2023-10-31"});
  Ok({"--at", "2023-03-02", "campaign", "launch", "gs-2023"});
  Ok({"--at", "2023-03-03", "campaign", "start", "gs-2023", "self_check"});
  Ok({"--at", "2023-03-04", "campaign", "start", "gs-2023", "system_check"});
  auto score = [&](const std::string& unit) {
    for (const Json& u : Json::parse(Run({"--output", "json", "report", "dashboard", "gs-2023"}).out))
      if (u["unit"] == unit) return u;
    return Json();
  };
  // 雁塔区: a deduction and an assessment, then the whole item zeroed.
  Ok({"--at", "2023-03-05", "campaign", "deduct", "gs-2023", "--unit", "雁塔区", "--item", "1.a", "--points", "0.5", "--reason",
      "缺少辅助决策功能", "--no-task"});
  Ok({"--at", "2023-03-05", "campaign", "assess", "gs-2023", "--unit", "雁塔区", "--item", "1.b", "--points", "2"});
  EXPECT_DOUBLE_EQ(score("xa-yanta")["score"].get<double>(), 98.5);
  Refused({"--at", "2023-03-05", "campaign", "deduct", "gs-2023", "--unit", "雁塔区", "--item", "1.b", "--points", "1", "--reason", "x",
           "--no-task"},
          2, std::vector<std::string>{"data.item", "zero_item"});
  Ok({"--at", "2023-03-06", "campaign", "deduct", "gs-2023", "--unit", "雁塔区", "--item", "1", "--zero-item", "--reason",
      "未建立城市应急管理信息平台", "--no-task"});
  Json yanta = score("xa-yanta");
  EXPECT_DOUBLE_EQ(yanta["score"].get<double>(), 91) << "every part of 1, the assessed 1.b and the pending 1.c too";
  EXPECT_EQ(yanta["pass"], true) << "nothing left pending: " << yanta.dump();
  Json fb = Json::parse(Run({"--output", "json", "report", "feedback", "gs-2023", "--unit", "雁塔区"}).out);
  ASSERT_EQ(fb.size(), 2u);
  EXPECT_DOUBLE_EQ(fb[1]["points"].get<double>(), 9);
  EXPECT_DOUBLE_EQ(fb[1]["counted"].get<double>(), 8.5) << "0.5 of it was already lost to 1.a";
  EXPECT_NE(Run({"report", "feedback", "gs-2023", "--unit", "雁塔区"}).out.find("本项不得分"), std::string::npos);

  // 碑林区: one judgement zeroed; assessing it afterwards gives nothing; withdrawn, it counts again.
  Ok({"--at", "2023-03-05", "campaign", "deduct", "gs-2023", "--unit", "碑林区", "--item", "1.c", "--zero-item", "--reason",
      "系统长期未使用", "--no-task"});
  Ok({"--at", "2023-03-06", "campaign", "assess", "gs-2023", "--unit", "碑林区", "--item", "1.c", "--points", "3"});
  EXPECT_DOUBLE_EQ(score("xa-beilin")["score"].get<double>(), 97);
  Ok({"--at", "2023-03-07", "campaign", "withdraw", "gs-2023", "--finding", "3", "--reason", "复核后系统在用"});
  EXPECT_DOUBLE_EQ(score("xa-beilin")["score"].get<double>(), 100);
}

TEST_F(Campaign, HazardsVerificationAndTheProcessManager) {
  // A general hazard: confirmed -> task -> submitted -> verification fails, then passes -> hazard closed.
  Ok({"--at", "2023-03-29", "hazard", "report", "--id", "JB-7", "--title", "楼道电动车充电", "--source", "citizen_report", "--unit", "碑林区"});
  Ok({"--at", "2023-03-29T10:00:00+08:00", "hazard", "confirm", "JB-7", "--grade", "general", "--deadline", "2023-04-10"});
  for (auto step : {std::vector<std::string>{"ack", "HZ-JB-7"}, {"plan", "HZ-JB-7", "--plan", "清理"}, {"start", "HZ-JB-7"},
                    {"submit", "HZ-JB-7", "--evidence", "p.jpg|" + std::string(64, 'a') + "|file://p.jpg"}}) {
    std::vector<std::string> args{"--at", "2023-04-02", "--as", "碑林区", "task"};
    args.insert(args.end(), step.begin(), step.end());
    Ok(args);
  }
  auto list = Json::parse(Run({"--output", "json", "verification", "list", "--state", "requested"}).out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["verification"], "HZ-JB-7-1");
  Refused({"--at", "2023-04-03", "verification", "pass", "HZ-JB-7-1"}, 2, "say who verifies");
  Refused({"--at", "2023-04-03", "--as", "office", "verification", "pass", "HZ-JB-7-1"}, 1, "当前为待分派（requested）");
  Ok({"--at", "2023-04-03", "verification", "assign", "HZ-JB-7-1", "--inspector", "第一组"});
  Refused({"--at", "2023-04-03", "--as", "inspector:第二组", "verification", "pass", "HZ-JB-7-1"}, 2, "只有分派的检查人员（第一组）或创建办可以对核查 HZ-JB-7-1 办理 pass");
  Ok({"--at", "2023-04-04", "--as", "inspector:第一组", "verification", "fail", "HZ-JB-7-1", "--reason", "缺少照片"});
  auto task = Json::parse(Run({"--output", "json", "task", "show", "HZ-JB-7"}).out);
  EXPECT_EQ(task["state"], "in_progress") << "a failed verification returns the task";
  EXPECT_EQ(task["last_return_reasons"][0], "缺少照片");
  Ok({"--at", "2023-04-05", "--as", "碑林区", "task", "submit", "HZ-JB-7", "--evidence", "q.jpg|" + std::string(64, 'b') + "|file://q.jpg"});
  Ok({"--at", "2023-04-05", "verification", "assign", "HZ-JB-7-2", "--inspector", "第一组"});
  Ok({"--at", "2023-04-06", "--as", "inspector:第一组", "verification", "pass", "HZ-JB-7-2"});
  // The inspectors' desk: each group's verifications, by its index, and by state within it.
  auto mine = Json::parse(Run({"--output", "json", "verification", "list", "--inspector", "第一组"}).out);
  ASSERT_EQ(mine.size(), 2u) << "both submissions were assigned to 第一组";
  EXPECT_EQ(mine[0]["verification"], "HZ-JB-7-1");
  EXPECT_EQ(mine[1]["state"], "passed");
  EXPECT_TRUE(Json::parse(Run({"--output", "json", "verification", "list", "--inspector", "第二组"}).out).empty());
  auto failed = Json::parse(Run({"--output", "json", "verification", "list", "--inspector", "第一组", "--state", "failed"}).out);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["verification"], "HZ-JB-7-1");
  auto closed = Json::parse(Run({"--output", "json", "hazard", "list", "--state", "closed"}).out);
  ASSERT_EQ(closed.size(), 1u) << "a general hazard closes when its task passes";
  EXPECT_EQ(closed[0]["task"], "HZ-JB-7");

  // A major hazard is listed, and only the office closes it.
  Ok({"--at", "2023-03-28", "hazard", "report", "--id", "AF-1", "--title", "消防控制室无人值守", "--source", "unannounced_inspection"});
  Refused({"--at", "2023-03-28", "hazard", "confirm", "AF-1", "--grade", "major", "--deadline", "2023-04-12"}, 2,
          "data.unit: 上报未写明责任单位；请用 --unit 写明");
  Ok({"--at", "2023-03-28", "hazard", "confirm", "AF-1", "--grade", "major", "--unit", "雁塔区", "--deadline", "2023-04-12"});
  auto listed = Json::parse(Run({"--output", "json", "hazard", "list", "--state", "listed"}).out);
  ASSERT_EQ(listed.size(), 1u) << "挂牌督办";
  auto bulletin = Run({"report", "bulletin", "--from", "2023-04-01", "--to", "2023-04-30", "--issue", "2023-04月报"});  // numbered as the office writes it
  EXPECT_EQ(bulletin.exit_code, 0) << bulletin.err;
  EXPECT_EQ(Json::parse(Run({"--output", "json", "hazard", "list", "--state", "bulletined"}).out).size(), 1u);
}

TEST_F(Campaign, BadScoresUnitsAndDeadlinesAreOneLineErrorsThatWriteNothing) {
  Refused({"--at", "2023-03-02", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "1.2", "--points", "1", "--reason", "x"}, 1,
          "record_finding 只能在以下状态办理：system_check, spot_check");
  ToSystemCheck();
  Refused({"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "1.2", "--points", "4", "--reason", "x"}, 2,
          "条目 1.2 只有 3 分");
  Refused({"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "1.2", "--points", "-1", "--reason", "x"}, 2,
          "--points");
  Refused({"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "市创建办", "--item", "1.2", "--points", "1", "--reason", "x"}, 2,
          "不在评估轮次 xian-2023-self-inspection 的评估范围内");
  Refused({"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "9.9", "--points", "1", "--reason", "x"}, 2,
          "data.item");
  Refused({"--at", "2023-03-21", "campaign", "assess", kRound, "--unit", "雁塔区", "--item", "2.4", "--qualified", "21", "--sampled", "20"}, 2,
          "合格数不能超过抽查数");
  Refused({"--at", "2023-03-21", "campaign", "assess", kRound, "--unit", "雁塔区", "--item", "3.4", "--points", "4"}, 2, "最多给 3 分");
  Refused({"--at", "2023-03-21", "task", "assign", "--id", "R-1", "--title", "x", "--lead", "雁塔区", "--deadline", "2023-06-30",
           "--campaign", kRound},
          2, "晚于评估轮次");
  Refused({"--at", "2023-03-21", "campaign", "reschedule", kRound, "--phase", "rectification", "--until", "2023-05-30", "--reason", "x"}, 2,
          "早于 rectification 的截止时间");
  Refused({"--as", "inspector:甲", "--at", "2023-03-21", "campaign", "start", kRound, "spot_check"}, 2, "只有创建办");
  // The same refusals in English with --lang en.
  Refused({"--lang", "en", "--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "1.2", "--points", "4",
           "--reason", "x"},
          2, "deducts 4 points but item 1.2 is worth 3; deduct at most 3");
  Refused({"--lang", "en", "--as", "inspector:甲", "--at", "2023-03-21", "campaign", "start", kRound, "spot_check"}, 2,
          "only the office may start_spot_check a round; act as the office");
}

TEST_F(Campaign, MalformedImportsNameTheLineAndColumnAndWriteNothing) {
  auto write = [&](const std::string& name, const std::string& text) {
    std::string p = dir_.sub(name);
    std::ofstream(p) << text;
    return p;
  };
  auto units = write("units.csv",
                     "id,name,kind,aliases,parent,member_since\n"
                     "gs-a,区应急管理局,department,区应急局,,2018-01-01\n"
                     "gs-b,区住建局,department,区应急局,,2018-01-01\n");
  Refused({"import", "units", units}, 2, "units.csv:3:4 (aliases)");
  auto kind = write("kind.csv", "id,name,kind\ngs-a,区应急管理局,ministry\n");
  Refused({"import", "units", kind}, 2, "kind.csv:2");
  auto quote = write("quote.csv", "id,name\ngs-a,\"区应急\n");
  Refused({"import", "units", quote}, 2, "带引号的单元格没有结束");
  Refused({"--lang", "en", "import", "units", quote}, 2, "never closed");
  auto clash = write("clash.csv", "id,name\ngs-z,雁塔区\n");
  Refused({"import", "units", clash}, 2, "clash.csv:2");
  auto sheet = write("sheet.csv",
                     "id,parent,title,points,method,rule\n1,,源头治理,60,,\n1.1,1,规划,30,deduct,\n1.2,1,评估,20,deduct,\n"
                     "2,,风险防控,40,,\n2.1,2,监测,40,ratio,\n");
  Refused({"sheet", "import", sheet, "--id", "s", "--version", "1", "--title", "t"}, 2, "sheet.csv:2:4 (points)");
  auto points = write("points.csv", "id,parent,title,points,method,rule\n1,,x,100.005,deduct,\n");
  Refused({"sheet", "import", points, "--id", "s", "--version", "1", "--title", "t"}, 2, "points.csv:2:4 (points)");
  auto good = write("good.csv", "id,name,kind,aliases\ngs-a,区应急管理局,department,区应急局;区应急\n");
  Ok({"import", "units", good});
  int64_t before = LogLength();
  Ok({"import", "units", good});
  EXPECT_EQ(LogLength(), before) << "importing the same file again adds nothing";
}

TEST_F(Campaign, ALaterRoundEvaluatesOnlyTheUnitsStillMembers) {
  Ok({"--at", "2023-06-01", "unit", "leave", "雁塔区", "--on", "2023-06-01", "--reason", "test: 撤并"});
  std::string round = std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/xian2023/round.json";
  Ok({"--at", "2023-07-01", "campaign", "create", "--from", round, "--id", "xian-2023-autumn", "--all-units",
      "--phase", "self_check=2023-09-01", "--phase", "system_check=2023-09-10", "--phase", "spot_check=2023-09-20",
      "--phase", "rectification=2023-10-15", "--phase", "reporting=2023-10-31"});
  for (const Json& c : Json::parse(Run({"--output", "json", "campaign", "list"}).out))
    EXPECT_EQ(c["units"], c["campaign_id"] == kRound ? 48 : 47) << c.dump();
  Refused({"--at", "2023-07-01", "campaign", "create", "--from", round, "--id", "xian-2023-b", "--unit", "雁塔区",
           "--phase", "self_check=2023-09-01", "--phase", "system_check=2023-09-10", "--phase", "spot_check=2023-09-20",
           "--phase", "rectification=2023-10-15", "--phase", "reporting=2023-10-31"},
          2, "雁塔区 已于 2023-06-01 退出成员单位");
}

}  // namespace
}  // namespace safecity::testing
