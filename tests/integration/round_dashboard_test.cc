// The round dashboard (创建评估看板, workflows/campaign/round_dashboard.h) reads
// counters and the deadline index; it must say exactly what reading every
// task says. Checked on the demo's whole Xi'an round (tasks assigned,
// escalated up to an interview, submitted, returned, accepted, closed) at
// several moments, after a rebuild too, and through the CLI.
#include <gtest/gtest.h>

#include <map>

#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"
#include "tests/integration/cli_fixture.h"
#include "workflows/campaign/round_dashboard.h"
#include "workflows/rectification/task_machine.h"
#include "workflows/rectification/task_views.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

constexpr const char* kRound = "xian-2023-self-inspection";

// The dashboard as reading every task of the round the unit leads says it.
struct Expected {
  int64_t tasks = 0, open = 0, submitted = 0, accepted = 0, overdue = 0;
  std::map<std::string, int64_t> levels;
};
std::map<std::string, Expected> ReadEveryTask(ReadModelReader& r, int64_t now_ms) {
  std::map<std::string, Expected> by_unit;
  r.Scan(rectification::kTaskCardPrefix, [&](const std::string& key, const std::string&) {
    Json t = rectification::ReadTaskSummary(r, key.substr(5));
    EXPECT_TRUE(t.is_object()) << key;
    if (t.value("campaign", "") != kRound) return true;  // the round's tasks only
    Expected& e = by_unit[t["lead_unit"].get<std::string>()];
    ++e.tasks;
    const std::string st = t["state"];
    if (st == "accepted" || st == "closed") {
      ++e.accepted;
    } else {
      if (st == "submitted") ++e.submitted;
      else ++e.open;
      auto dl = ParseIsoMs(t["deadline"].get<std::string>());
      if (st != "submitted" && dl && *dl < now_ms) ++e.overdue;
      if (!t["escalation"].get<std::string>().empty()) ++e.levels[t["escalation"]];
    }
    return true;
  });
  return by_unit;
}

void ExpectDashboardReadsAsEveryTask(Store* store, int64_t now_ms, int64_t* overdue_seen, int64_t* escalated_seen) {
  ReadModelReader r(store);
  auto d = campaign::ReadRoundDashboard(r, kRound, now_ms);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d.value().units.size(), 48u) << "28 municipal units and 20 districts";
  auto expected = ReadEveryTask(r, now_ms);
  for (const campaign::DashboardRow& row : d.value().units) {
    const Expected e = expected.count(row.unit) ? expected[row.unit] : Expected{};
    const std::string at = row.unit + " at " + FormatIsoMs(now_ms);
    EXPECT_EQ(row.tasks, e.tasks) << at;
    EXPECT_EQ(row.open, e.open) << at;
    EXPECT_EQ(row.submitted, e.submitted) << at;
    EXPECT_EQ(row.accepted, e.accepted) << at;
    EXPECT_EQ(row.overdue, e.overdue) << at;
    EXPECT_EQ(row.open_at_level, e.levels) << at;
    *overdue_seen += row.overdue;
    for (const auto& [level, n] : row.open_at_level) *escalated_seen += n;
  }
}

TEST(RoundDashboard, SaysWhatReadingEveryTaskSaysThroughTheWholeDemoRoundAndAfterARebuild) {
  TempDir dir;
  auto demo = RunCli({"demo", "--dir", dir.sub("demo")});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  auto st = Store::Open(dir.sub("demo"));
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  Store* store = st.value().get();
  int64_t overdue = 0, escalated = 0;
  for (const char* day : {"2023-03-01", "2023-04-16", "2023-05-01", "2023-06-30", "2031-01-01"})
    ExpectDashboardReadsAsEveryTask(store, *ParseIsoMs(std::string(day) + "T00:00:00+08:00"), &overdue, &escalated);
  EXPECT_GT(overdue, 0) << "the demo leaves work overdue: the comparison must cover it";
  EXPECT_GT(escalated, 0) << "the demo escalates work it leaves open";
  auto rebuilt = RebuildReadModels(store, DefaultWorkflows());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(rebuilt.value().differences.total, 0) << "live counters equal the rebuilt ones";
  ExpectDashboardReadsAsEveryTask(store, *ParseIsoMs("2023-06-30T00:00:00+08:00"), &overdue, &escalated);

  ReadModelReader r(store);
  auto missing = campaign::ReadRoundDashboard(r, "no-such-round", 0);
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
}

// A round's figures are the round's: a unit's tasks of another round (or of
// none) are not counted in this one's dashboard (a unit once showed all
// twelve rounds' 384 tasks in round 1 and in round 12 alike).
class RoundFigures : public CliDataTest {};

TEST_F(RoundFigures, ADashboardCountsItsOwnRoundsTasksOnly) {
  Ok({"init"});
  Ok({"--at", "2023-03-01", "template", "install", "xian2023"});
  const std::string second = Write("round2.json", R"({"campaign_id": "xian-2023-round-2", "title": "第二轮", "year": 2023,
      "sheet_id": "xian-evaluation", "sheet_version": "2022", "phases": {"self_check": "2023-06-10", "system_check": "2023-06-10",
      "spot_check": "2023-06-20", "rectification": "2023-06-30", "reporting": "2023-07-15"}})");
  Ok({"--at", "2023-03-01", "campaign", "create", "--from", second, "--all-units"});
  Ok({"--at", "2023-03-02", "task", "assign", "--id", "R1-A", "--title", "一轮任务", "--lead", "雁塔区", "--deadline", "2023-04-10",
      "--campaign", kRound});
  for (const char* id : {"R2-A", "R2-B"})
    Ok({"--at", "2023-03-02", "task", "assign", "--id", id, "--title", "二轮任务", "--lead", "雁塔区", "--deadline", "2023-06-25",
        "--campaign", "xian-2023-round-2"});
  Ok({"--at", "2023-03-02", "task", "assign", "--id", "NONE", "--title", "日常任务", "--lead", "雁塔区", "--deadline", "2023-05-01"});
  auto tasks_of = [&](const std::string& round) {
    auto r = Run({"--output", "json", "--at", "2023-05-02", "report", "dashboard", round});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const Json& row : Json::parse(r.out, nullptr, false))
      if (row["unit"] == "xa-yanta") return row;
    return Json();
  };
  Json one = tasks_of(kRound), two = tasks_of("xian-2023-round-2");
  EXPECT_EQ(one["tasks"], 1) << one;
  EXPECT_EQ(one["overdue"], 1) << "R1-A was due on 10 April; NONE is no round's";
  EXPECT_EQ(two["tasks"], 2) << two;
  EXPECT_EQ(two["overdue"], 0);

  // Nothing assessed yet is not passing on 100 points: the pass is pending,
  // in each language, and null for programs.
  EXPECT_EQ(one["pass"], nullptr) << one;
  EXPECT_EQ(one["score"], 100.0) << "a number, not \"100*\"";
  auto zh = Run({"--at", "2023-05-02", "report", "dashboard", kRound});
  EXPECT_NE(zh.out.find("待定（10 项未评）"), std::string::npos) << zh.out;
  auto en = Run({"--lang", "en", "--at", "2023-05-02", "report", "dashboard", kRound});
  EXPECT_NE(en.out.find("pending (10 items not assessed)"), std::string::npos) << en.out;
  EXPECT_EQ(en.out.find("是"), std::string::npos) << "no Chinese yes in English: " << en.out;
}

// The office's side of extensions (延期): more time than the round has is
// refused as an assignment past its end would be, the requests waiting for
// an answer are one list, and a plan that means to finish late is flagged.
TEST_F(RoundFigures, ExtensionsStayInTheRoundAndWaitingOnesAreListed) {
  Ok({"init"});
  Ok({"--at", "2023-03-01", "template", "install", "xian2023"});
  Ok({"--at", "2023-03-02", "task", "assign", "--id", "E1", "--title", "隐患整改", "--lead", "雁塔区", "--deadline", "2023-04-10",
      "--campaign", kRound});
  Ok({"--at", "2023-03-02", "task", "assign", "--id", "E2", "--title", "台账整理", "--lead", "雁塔区", "--deadline", "2023-04-10"});
  Ok({"--at", "2023-03-03", "--as", "雁塔区", "task", "ack", "E1"});
  Ok({"--at", "2023-03-03", "--as", "雁塔区", "task", "plan", "E1", "--plan", "分两批更换", "--complete-by", "2023-04-20"});
  auto shown = Run({"task", "show", "E1"});
  EXPECT_NE(shown.out.find("计划完成时间晚于完成时限"), std::string::npos) << shown.out;

  Refused({"--at", "2023-03-05", "--as", "雁塔区", "task", "extend", "E1", "--until", "2023-05-20", "--reason", "材料未到"}, 2,
          std::vector<std::string>{"data.new_deadline", "xian-2023-self-inspection", "2023-04-30"});
  Ok({"--at", "2023-03-05", "--as", "雁塔区", "task", "extend", "E1", "--until", "2023-04-25", "--reason", "材料未到"});
  Ok({"--at", "2023-03-05", "--as", "雁塔区", "task", "extend", "E2", "--until", "2023-08-01", "--reason", "不在轮次内"});
  auto waiting = Json::parse(Run({"--output", "json", "task", "list", "--extension-pending"}).out);
  ASSERT_EQ(waiting.size(), 2u) << waiting;
  Ok({"--at", "2023-03-06", "task", "extend", "E1", "--grant"});
  waiting = Json::parse(Run({"--output", "json", "task", "list", "--extension-pending"}).out);
  ASSERT_EQ(waiting.size(), 1u) << "granted: no longer waiting";
  EXPECT_EQ(waiting[0]["task_id"], "E2");
}

}  // namespace
}  // namespace safecity::testing
