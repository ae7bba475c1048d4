// The CLI driven as a user would, through the built binary: exit codes,
// one-line errors that name the field, tables and JSON output.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "engine/command_processor.h"
#include "engine/envelope.h"
#include "engine/schema_registry.h"
#include "engine/store.h"
#include "tests/integration/cli_fixture.h"
#include "workflows/common.h"
#include "workflows/rectification/task_refusals.h"

namespace safecity::testing {
namespace {

class Cli : public CliDataTest {
 protected:
  void SetUp() override {
    Ok({"init"});
    Ok({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"});
    Ok({"unit", "add", "--id", "cgj", "--name", "市城管局", "--alias", "城管局", "--alias", "市城管交通局"});
    Ok({"unit", "add", "--id", "beilin", "--name", "碑林区", "--kind", "district"});
    Ok({"--at", "2023-03-01T09:00:00+08:00", "task", "assign", "--id", "XA-1", "--title", "燃气管道隐患整改", "--lead",
        "雁塔区", "--coop", "城管局", "--deadline", "2023-04-15", "--category", "风险防控"});
  }
};

TEST_F(Cli, WholeTaskLifecycleFromTheCommandLine) {
  TempDir files;
  std::string evidence = files.sub("整改报告.pdf");
  { std::ofstream(evidence) << "%PDF-1.4 report"; }
  Ok({"--as", "雁塔区", "task", "ack", "XA-1"});
  Ok({"--as", "yanta", "task", "plan", "XA-1", "--plan", "排查全部燃气管道", "--complete-by", "2023-04-10"});
  Ok({"--as", "yanta", "task", "start", "XA-1"});
  Ok({"--as", "yanta", "task", "submit", "XA-1", "--file", evidence});
  Ok({"--as", "inspector:王工", "task", "return", "XA-1", "--reason", "缺少照片"});
  Ok({"--as", "yanta", "task", "submit", "XA-1", "--evidence",
      "照片.zip|" + std::string(64, 'a') + "|https://files.example/xa1.zip"});
  Ok({"task", "accept", "XA-1"});
  Ok({"task", "close", "XA-1"});
  auto show = Run({"--output", "json", "task", "show", "XA-1"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  Json t = Json::parse(show.out);
  EXPECT_EQ(t["state"], "closed");
  EXPECT_EQ(t["returns"], 1);
  auto view = Run({"task", "show", "XA-1"});
  ASSERT_EQ(view.exit_code, 0) << view.err;
  EXPECT_NE(view.out.find("closed 已销号"), std::string::npos) << view.out;
  EXPECT_NE(view.out.find("市城管局"), std::string::npos) << "cooperating units by name: " << view.out;
  EXPECT_NE(view.out.find("1×, last: 缺少照片"), std::string::npos) << view.out;
  auto hist = Run({"history", "XA-1"});
  EXPECT_EQ(hist.exit_code, 0);
  EXPECT_NE(hist.out.find("第 1 次退回：缺少照片"), std::string::npos) << hist.out;
  EXPECT_NE(hist.out.find("雁塔区"), std::string::npos);
  auto lines = Run({"history", "task-XA-1", "--json"});
  std::istringstream in(lines.out);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    Json e = Json::parse(line);
    EXPECT_TRUE(SchemaRegistry::Default().ValidateEvent(e).ok()) << line;
    ++n;
  }
  EXPECT_EQ(n, 9);
  auto units = Run({"--output", "json", "unit", "list"});
  Json u = Json::parse(units.out);
  bool found = false;
  for (const auto& row : u)
    if (row["id"] == "yanta") {
      found = true;
      EXPECT_EQ(row["closed"], 1);
      EXPECT_EQ(row["rate"], 1.0) << "a number for programs, not 100.0%";
    }
  EXPECT_TRUE(found);
}

// `safecity reactions` lists the follow-up commands a workflow refused, each
// refusal in the user's language; a record it cannot read is an error, not a crash.
TEST_F(Cli, RefusedReactionsAreListedInTheUsersLanguage) {
  {
    auto st = Store::Open(data_, {false, true});
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    Status refusal = Status::Refusal(Status::Code::kForbidden, "actor", rectification::kRoleNotResponsible,
                                     WithRole("unit", {{"task", "XA-1"}, {"lead", "yanta"}}));
    Json rec = Rejection("pm-escalate-XA-1", "task-XA-1", refusal).body;  // as the reaction runner records it
    rec["type"] = "task.escalate";
    rec["cause"] = "clock-city/1";
    rec["cause_type"] = "ClockTicked";
    rocksdb::WriteBatch b;
    b.Put(st.value()->handle(Cf::kMeta), "reaction_refused/pm-escalate-XA-1", CanonicalJson(rec));
    ASSERT_TRUE(st.value()->Write(&b, true).ok());
  }
  auto zh = Run({"reactions"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_NE(zh.out.find("pm-escalate-XA-1"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("task.escalate"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("ClockTicked"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("单位不是任务 XA-1 的责任单位"), std::string::npos) << zh.out;
  auto en = Run({"--lang", "en", "reactions"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("the unit is not responsible for task XA-1"), std::string::npos) << en.out;
  {
    auto st = Store::Open(data_, {false, true});
    ASSERT_TRUE(st.ok());
    rocksdb::WriteBatch b;
    b.Put(st.value()->handle(Cf::kMeta), "reaction_refused/pm-damaged", "{not json");
    ASSERT_TRUE(st.value()->Write(&b, true).ok());
  }
  auto damaged = Run({"reactions"});
  EXPECT_EQ(damaged.exit_code, 3) << "a storage error";
  EXPECT_NE(damaged.err.find("pm-damaged"), std::string::npos) << damaged.err;
}

TEST_F(Cli, ReplayRebuildPrintsCountAndAnEqualChecksum) {
  Ok({"--as", "雁塔区", "task", "ack", "XA-1"});
  auto r = Run({"--output", "json", "replay", "--rebuild"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);
  // Every event of the log: the task's own and the notifications its reactions queued.
  Json v = Json::parse(Run({"--output", "json", "verify"}).out);
  EXPECT_GE(j["events"].get<int>(), 5);
  EXPECT_EQ(j["events"], v["events"]);
  EXPECT_TRUE(j["identical"].get<bool>());
  EXPECT_EQ(j["checksum"], j["checksum_before"]);
}

TEST_F(Cli, ExitCodesAndOneLineErrors) {
  struct Case {
    const char* what;
    std::vector<std::string> args;
    int exit_code;
    std::vector<std::string> err_contains;
  };
  const std::vector<Case> cases = {
      {"refused by the workflow", {"task", "close", "XA-1"}, 1, {"refused: 任务 XA-1 当前为已交办（assigned）；close 只能在以下状态办理：accepted"}},
      {"refused, in English", {"--lang", "en", "task", "close", "XA-1"}, 1,
       {"refused: task XA-1 is assigned (已交办); close is allowed only when it is accepted"}},
      {"unit not responsible", {"--as", "碑林区", "task", "ack", "XA-1"}, 2,
       {"actor: 单位 beilin 不是任务 XA-1 的责任单位（牵头单位：yanta）；请用 --as 以牵头单位或配合单位身份办理"}},
      {"unit not responsible, in English", {"--lang", "en", "--as", "碑林区", "task", "ack", "XA-1"}, 2,
       {"actor: unit beilin is not responsible for task XA-1 (lead: yanta); act as its lead or a cooperating unit with --as"}},
      {"unit command without --as", {"task", "ack", "XA-1"}, 2, {"--as"}},
      {"unknown unit, with near matches",
       {"task", "assign", "--id", "XA-2", "--title", "t", "--lead", "城管", "--deadline", "2099-01-01"}, 2,
       {"data.lead_unit", "城管局"}},
      {"deadline before the assignment time",
       {"--at", "2023-03-01T09:00:00+08:00", "task", "assign", "--id", "XA-3", "--title", "t", "--lead", "yanta",
        "--deadline", "2023-01-01"},
       2, {"data.deadline"}},
      {"over the size limit",
       {"task", "assign", "--id", "XA-4", "--title", std::string(300, 'x'), "--lead", "yanta", "--deadline", "2099-01-01"},
       2, {"data.title"}},
      {"unknown task", {"--as", "yanta", "task", "ack", "NOPE"}, 2, {"没有任务“NOPE”；用 `safecity task list` 查看任务"}},
      {"malformed evidence", {"--as", "yanta", "task", "submit", "XA-1", "--evidence", "a|b|c"}, 2,
       {"data.evidence[0].sha256"}},
      {"a time that is not one, on a query: not silently now", {"--at", "yesterday", "task", "list", "--overdue"}, 2,
       {"--at", "“yesterday”不是时间", "2023-03-15T09:00:00+08:00"}},
      {"a time that is not one, in English", {"--lang", "en", "--at", "2023-02-30", "unit", "list"}, 2,
       {"--at", "'2023-02-30' is not a time"}},
      {"unknown subcommand", {"task", "frobnicate"}, 2, {}},
      {"unknown output format", {"--output", "xml", "unit", "list"}, 2, {}},
  };
  int64_t before = LogLength();
  for (const Case& c : cases) {
    CliRun r = Run(c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.what << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.what << ": each error is one line: " << r.err;
    for (const auto& part : c.err_contains)
      EXPECT_NE(r.err.find(part), std::string::npos) << c.what << ": expected '" << part << "' in: " << r.err;
  }
  EXPECT_EQ(LogLength(), before) << "bad input must leave the log exactly as it was";
  // No data directory: 2 with the fix.
  auto none = RunCli({"--data", dir_.sub("missing"), "unit", "list"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("safecity init"), std::string::npos) << none.err;
}

TEST_F(Cli, SameCommandIdTwiceIsDoneOnce) {
  Ok({"--as", "yanta", "--command-id", "ack-XA-1", "task", "ack", "XA-1"});
  int64_t n = LogLength();
  auto r = Run({"--as", "yanta", "--command-id", "ack-XA-1", "task", "ack", "XA-1"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("already done"), std::string::npos) << r.out;
  EXPECT_EQ(LogLength(), n);
}

TEST_F(Cli, TaskListFiltersAndOverdue) {
  Ok({"--at", "2023-03-01T09:00:00+08:00", "task", "assign", "--id", "XA-5", "--title", "消防通道整治", "--lead", "beilin",
      "--deadline", "2023-03-20"});
  auto r = Run({"--output", "json", "task", "list", "--unit", "城管局"});
  Json rows = Json::parse(r.out);
  ASSERT_EQ(rows.size(), 1u) << "cooperating units see their tasks";
  EXPECT_EQ(rows[0]["task_id"], "XA-1");
  r = Run({"--output", "json", "--at", "2023-03-25T00:00:00+08:00", "task", "list", "--overdue"});
  rows = Json::parse(r.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["task_id"], "XA-5");
  r = Run({"--output", "json", "task", "list", "--open"});
  rows = Json::parse(r.out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["task_id"], "XA-5") << "earliest deadline first";
  r = Run({"task", "list", "--unit", "不存在区"});
  EXPECT_EQ(r.exit_code, 2);
}

// A plan's row that says 按照国家确定时间实施 (Xixian's 附件 3, row 16) is a
// task without a deadline: listed after every dated one, never escalated,
// and dated once by the office.
TEST_F(Cli, APendingDeadlineIsListedLastNeverEscalatesAndIsSetOnce) {
  Refused({"--at", "2023-03-01T09:00:00+08:00", "task", "assign", "--id", "XA-9", "--title", "配合国家综合评议", "--lead", "yanta"},
          2, std::vector<std::string>{"--deadline", "--deadline-pending"});
  Ok({"--at", "2023-03-01T09:00:00+08:00", "task", "assign", "--id", "XA-9", "--title", "配合国家综合评议", "--lead", "yanta",
      "--deadline-pending", "按照国家确定时间实施"});
  Json rows = Json::parse(Run({"--output", "json", "task", "list", "--open"}).out);
  ASSERT_EQ(rows.size(), 2u) << rows.dump();
  EXPECT_EQ(rows[0]["task_id"], "XA-1");
  EXPECT_EQ(rows[1]["task_id"], "XA-9") << "a pending deadline after every dated one";
  EXPECT_EQ(rows[1]["deadline"], "");
  auto shown = Run({"task", "show", "XA-9"});
  EXPECT_NE(shown.out.find("待定（按照国家确定时间实施）"), std::string::npos) << shown.out;

  Ok({"--at", "2024-01-01T09:00:00+08:00", "clock", "tick"});
  Json t = Json::parse(Run({"--output", "json", "task", "show", "XA-9"}).out);
  EXPECT_EQ(t["escalation"], "") << "no deadline, never overdue";
  EXPECT_EQ(Json::parse(Run({"--output", "json", "--at", "2024-01-01T09:00:00+08:00", "task", "list", "--overdue"}).out).size(), 1u)
      << "only XA-1 is overdue";
  Refused({"--as", "yanta", "task", "extend", "XA-9", "--until", "2024-06-30", "--reason", "r"}, 1, "task.set_deadline");

  Ok({"--at", "2024-01-02T09:00:00+08:00", "task", "set-deadline", "XA-9", "--deadline", "2024-06-30", "--note", "国务院安委办通知"});
  t = Json::parse(Run({"--output", "json", "task", "show", "XA-9"}).out);
  EXPECT_EQ(t["deadline"], "2024-06-30T15:59:59.999Z");
  Refused({"--at", "2024-01-03T09:00:00+08:00", "task", "set-deadline", "XA-9", "--deadline", "2024-07-30"}, 1, "task.request_extension");
  // The office hears of every extension request, and lists the pending ones.
  Ok({"--as", "yanta", "--at", "2024-01-04T09:00:00+08:00", "task", "extend", "XA-9", "--until", "2024-07-31", "--reason", "汛期施工受限"});
  auto inbox = Run({"--as", "office", "inbox", "--unread"});
  EXPECT_NE(inbox.out.find("延期申请：任务 XA-9"), std::string::npos) << inbox.out;
  Json pending = Json::parse(Run({"--output", "json", "task", "list", "--extension-pending"}).out);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0]["task_id"], "XA-9");
  auto history = Run({"history", "task-XA-9"});
  EXPECT_NE(history.out.find("完成时限 待定（按照国家确定时间实施）"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("确定完成时限 2024-06-30"), std::string::npos) << history.out;
}

TEST(CliWorkflows, DiagramIsDrawnFromTheRealTransitionTable) {
  auto m = RunCli({"workflows", "diagram", "task", "--format", "mermaid"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("stateDiagram-v2"), std::string::npos);
  EXPECT_NE(m.out.find("[*] --> assigned: assign"), std::string::npos) << m.out;
  EXPECT_NE(m.out.find("submitted --> in_progress: return"), std::string::npos) << m.out;
  EXPECT_NE(m.out.find("in_progress --> in_progress: request_extension, grant_extension, refuse_extension"), std::string::npos)
      << m.out;
  auto d = RunCli({"workflows", "diagram", "task", "--format", "dot"});
  ASSERT_EQ(d.exit_code, 0);
  EXPECT_NE(d.out.find("accepted -> closed [label=\"close\"]"), std::string::npos) << d.out;
  EXPECT_EQ(RunCli({"workflows", "diagram", "nosuch"}).exit_code, 2);
  EXPECT_EQ(RunCli({"workflows", "diagram", "task", "--format", "svg"}).exit_code, 2);
}

TEST(CliDemo, RunsTheWholeRoundAndChecksItsReplay) {
  TempDir dir;
  auto r = RunCli({"demo", "--dir", dir.sub("demo")});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("identical to before"), std::string::npos);
  EXPECT_NE(r.out.find("hash chains intact"), std::string::npos);
  // The whole round: deductions, hazards of both grades, verification passing
  // and failing, escalation up to an interview, scores, a bulletin.
  for (const char* want : {"长安区", "interview", "81.5", "否", "AF-2023-01", "HazardBulletined", "挂牌督办", "refused as expected"})
    EXPECT_NE(r.out.find(want), std::string::npos) << want;
  int64_t first_run;
  {
    auto st = Store::Open(dir.sub("demo"));
    ASSERT_TRUE(st.ok());
    first_run = EventCount(st.value().get());
  }
  // Run again on the same directory: it starts afresh, not on top.
  auto again = RunCli({"demo", "--dir", dir.sub("demo")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  auto st = Store::Open(dir.sub("demo"));
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(EventCount(st.value().get()), first_run);
  ExpectAllEventsValid(st.value().get());
}

TEST_F(Cli, DemoNeverReplacesRealData) {
  int64_t before = LogLength();
  auto r = RunCli({"demo", "--dir", data_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("was not made by `safecity demo`"), std::string::npos) << r.err;
  EXPECT_EQ(LogLength(), before);
}

TEST_F(Cli, InvalidUtf8IsAnErrorNotACrash) {
  auto r = Run({"--output", "json", "task", "assign", "--id", "XA-8", "--title", "x", "--lead", "ya\xffnta", "--deadline",
                "2099-01-01"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("data.lead_unit"), std::string::npos) << r.out << r.err;
}

TEST_F(Cli, AnInterruptedRebuildIsDetectedAndRepairedByReplay) {
  {
    // What a rebuild killed after its first step leaves: no checkpoint, no read models.
    auto st = Store::Open(data_);
    ASSERT_TRUE(st.ok());
    rocksdb::WriteBatch b;
    b.Delete(st.value()->handle(Cf::kMeta), "checkpoint/projections");
    ASSERT_TRUE(st.value()->Write(&b, true).ok());
    ASSERT_TRUE(st.value()->Reset(Cf::kReadModels).ok());
  }
  auto r = Run({"unit", "list"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("replay --rebuild"), std::string::npos) << r.err;
  r = Run({"--as", "yanta", "task", "ack", "XA-1"});
  EXPECT_EQ(r.exit_code, 3) << "the engine must not write on top of incomplete read models";
  r = Run({"replay", "--rebuild"});
  EXPECT_EQ(r.exit_code, 1) << "the read models had drifted from the log: reported, then repaired";
  EXPECT_NE(r.out.find("DIFFERENT"), std::string::npos) << r.out;
  Ok({"replay", "--rebuild"});  // now they match
  Ok({"--as", "yanta", "task", "ack", "XA-1"});
  auto units = Json::parse(Run({"--output", "json", "unit", "list"}).out);
  EXPECT_EQ(units.size(), 3u);
}

}  // namespace
}  // namespace safecity::testing
