// The office's two daily questions over HTTP on a real round: the round
// dashboard (GET /v1/rounds/{id}/dashboard, 创建评估看板) and the overdue list
// (GET /v1/tasks?overdue=true, earliest deadline first). The round is the
// Xi'an template set up through the CLI, with a deduction whose task the
// clock escalated; a unit sees its own row and its own overdue work only.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <httplib.h>

#include "connectors/http/api_server.h"
#include "engine/engine.h"
#include "tests/http/api_client.h"
#include "tests/http/api_fixture.h"
#include "tests/test_util.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

constexpr const char* kRound = "xian-2023-self-inspection";
const std::string kDeducted = std::string(kRound) + "-F1";

class DashboardApi : public LoopbackApi {
 protected:
  void SetUp() override {
    const std::string data = dir_.sub("data");
    for (std::vector<std::string> args :
         {std::vector<std::string>{"init"},
          {"--at", "2023-03-01", "template", "install", "xian2023"},
          {"--at", "2023-03-01", "campaign", "schedule", "set", kRound, "--year", "2023", "--file", Steps()},
          {"--at", "2023-03-02", "campaign", "launch", kRound},
          {"--at", "2023-03-03", "campaign", "start", kRound, "self_check"},
          {"--at", "2023-03-20", "campaign", "start", kRound, "system_check"},
          {"--at", "2023-03-21", "campaign", "deduct", kRound, "--unit", "雁塔区", "--item", "1.2", "--points", "0.6", "--reason",
           "2个建设项目缺少安全预评价报告"},
          {"--at", "2023-03-22", "task", "assign", "--id", "LATER", "--title", "汛前排查", "--lead", "雁塔区", "--deadline",
           "2099-06-01"},
          {"--at", "2023-03-22", "task", "assign", "--id", "BEILIN-LATE", "--title", "燃气管线", "--lead", "碑林区", "--deadline",
           "2023-03-31", "--campaign", kRound},
          {"--at", "2023-05-01", "clock", "tick"},
          // Joined after the round was created: the round does not evaluate it.
          {"--at", "2023-05-02", "unit", "add", "--id", "xa-qcy", "--name", "秦创原总窗口", "--kind", "other", "--since", "2023-05-01"}}) {
      args.insert(args.begin(), {"--data", data});
      CliRun r = RunCli(args);
      ASSERT_EQ(r.exit_code, 0) << args[2] << ": " << r.err << r.out;
    }
    OpenExistingEngine(data);
    office_ = Token("office-wang", "office", "", "wang");
    yanta_ = Token("yanta-sys", "unit", "xa-yanta");
    StartServer(LoopbackOptions());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  Reply Get(const std::string& path, const std::string& token, httplib::Headers extra = {}) {
    return From(client_->Get(path.c_str(), Auth(token, extra)));
  }
  Reply Post(const std::string& type, const std::string& token, const Json& body, httplib::Headers extra = {}) {
    return From(client_->Post(("/v1/commands/" + type).c_str(), Auth(token, extra), body.dump(), "application/json"));
  }

  // Xi'an's plan (003) 七、时间步骤, its stages as printed.
  std::string Steps() {
    const std::string path = dir_.sub("steps.txt");
    std::ofstream(path) << "七、时间步骤\n（一）前期筹备\n1. 制定方案（2月底）。\n（二）自检评估\n1. 动员部署（3月中旬）。\n"
                           "2. 现场抽查（3月下旬）。\n（三）整改总结\n1. 整改提升（4月15日）。\n2. 编制报告（4月下旬）。\n";
    return path;
  }
  // The CLI with --server and `token`, its --data pointing where no replica may appear.
  CliRun Remote(std::vector<std::string> args, const std::string& token) { return RemoteCli(args, token, dir_.sub("laptop")); }
  CliRun Local(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", dir_.sub("data")});
    return RunCli(args);
  }
  Json CliJson(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", dir_.sub("data"), "--output", "json"});
    CliRun r = RunCli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  }

  std::unique_ptr<httplib::Client> client_;
  std::string office_, yanta_;
};

Json RowOf(const Json& dashboard, const std::string& unit) {
  for (const Json& row : dashboard["units"])
    if (row["unit"] == unit) return row;
  return nullptr;
}

// What a browser opens first: the rounds, one round, and the units with
// their 整改率 — the same rows as `campaign list`, `campaign show` and `unit list`.
TEST_F(DashboardApi, TheRoundsAndTheUnitsAreTheCLIsAndAUnitSeesTheRoundsThatEvaluateIt) {
  Reply rounds = Get("/v1/rounds", office_);
  ASSERT_EQ(rounds.status, 200) << rounds.text;
  ASSERT_EQ(rounds.body["items"].size(), 1u);
  const Json& summary = rounds.body["items"][0];
  EXPECT_EQ(summary["campaign_id"], kRound);
  EXPECT_EQ(summary["state"], "system_check");
  EXPECT_EQ(summary["findings"], 1);
  EXPECT_EQ(summary["units"], CliJson({"campaign", "list"})[0]["units"]);
  EXPECT_EQ(Get("/v1/rounds", yanta_).body["items"].size(), 1u) << "雁塔区 is evaluated";
  const std::string qcy = Token("qcy-sys", "unit", "xa-qcy");
  Reply none = Get("/v1/rounds", qcy);
  ASSERT_EQ(none.status, 200) << none.text;
  EXPECT_TRUE(none.body["items"].empty()) << "a unit that joined later sees no round it is not in";

  Reply one = Get(std::string("/v1/rounds/") + kRound, yanta_);
  ASSERT_EQ(one.status, 200) << one.text;
  EXPECT_EQ(one.body["title"], summary["title"]);
  ASSERT_EQ(one.body["evaluated_units"].size(), 48u);
  EXPECT_NE(std::find(one.body["evaluated_units"].begin(), one.body["evaluated_units"].end(), "xa-yanta"),
            one.body["evaluated_units"].end());
  Reply unknown = Get("/v1/rounds/no-such-round", office_, {{"Accept-Language", "en"}});
  EXPECT_EQ(unknown.status, 404) << unknown.text;
  EXPECT_EQ(unknown.body["reason"], "round.not_found");

  Reply not_ours = Get(std::string("/v1/rounds/") + kRound, qcy);
  EXPECT_EQ(not_ours.status, 403) << "a unit reads only the rounds that evaluate it: " << not_ours.text;
  EXPECT_EQ(not_ours.body["reason"], "api.round_not_the_units");

  Reply own = Get("/v1/units", yanta_);
  ASSERT_EQ(own.status, 200) << own.text;
  ASSERT_EQ(own.body["items"].size(), 1u) << "a unit sees its own row, as on the dashboard";
  EXPECT_EQ(own.body["items"][0]["id"], "xa-yanta");
  Reply units = Get("/v1/units", office_);
  ASSERT_EQ(units.status, 200) << units.text;
  EXPECT_EQ(units.body["items"], CliJson({"--at", units.body["as_of"].get<std::string>(), "unit", "list"}))
      << "one view for both edges, row for row";
  for (const Json& u : units.body["items"])
    if (u["id"] == "xa-beilin") {
      EXPECT_EQ(u["assigned"], 1);
      EXPECT_EQ(u["overdue"], 1) << "燃气管线 was due 2023-03-31";
      EXPECT_EQ(u["rate"], 0.0);
    } else if (u["id"] == "xa-qcy") {
      EXPECT_EQ(u["rate"], nullptr) << "nothing assigned: no rate";
      EXPECT_EQ(u["membership"]["since"], "2023-05-01");
    }
}

TEST_F(DashboardApi, TheOfficeSeesEveryUnitOfTheRoundAndAUnitItsOwnRow) {
  Reply d = Get(std::string("/v1/rounds/") + kRound + "/dashboard", office_);
  ASSERT_EQ(d.status, 200) << d.text;
  EXPECT_EQ(d.body["round"], kRound);
  EXPECT_EQ(d.body["units"].size(), 48u) << "28 municipal units and 20 districts";
  EXPECT_EQ(d.body["pass_line_x100"], 9000) << "the pass line the scores are read against (above 90), for a chart to draw";
  Json yanta = RowOf(d.body, "xa-yanta");
  ASSERT_TRUE(yanta.is_object()) << d.text;
  EXPECT_EQ(yanta["name"], "雁塔区");
  EXPECT_EQ(yanta["tasks"], 1) << "the deduction's task; LATER is in no round, so not this round's";
  EXPECT_EQ(yanta["open"], 1);
  EXPECT_EQ(yanta["accepted"], 0);
  EXPECT_EQ(yanta["overdue"], 1) << "only the deduction's task is past its deadline";
  EXPECT_EQ(yanta["open_at_level"], (Json{{"accountability", 1}})) << "escalated to its last level by 1 May";
  ASSERT_TRUE(yanta["score"].is_object());
  EXPECT_EQ(yanta["score"]["findings"], 1);
  EXPECT_EQ(RowOf(d.body, "xa-beilin")["overdue"], 1);

  Reply own = Get(std::string("/v1/rounds/") + kRound + "/dashboard", yanta_);
  ASSERT_EQ(own.status, 200) << own.text;
  ASSERT_EQ(own.body["units"].size(), 1u) << "a unit sees its own row, not the others'";
  EXPECT_EQ(own.body["units"][0], yanta);

  Reply none = Get("/v1/rounds/no-such-round/dashboard", office_);
  EXPECT_EQ(none.status, 404) << none.text;
  EXPECT_EQ(none.body["field"], "round");
  EXPECT_EQ(none.body["reason"], "round.not_found");
  EXPECT_EQ(none.text.find("safecity campaign"), std::string::npos) << "no CLI command for an API client: " << none.text;
}

// 问题反馈清单 over HTTP: the rows `safecity report feedback` prints, from
// the same query; a unit reads its own and no other's.
TEST_F(DashboardApi, TheFeedbackListIsTheCLIsAndAUnitReadsItsOwnOnly) {
  const std::string path = std::string("/v1/rounds/") + kRound + "/feedback";
  Reply fb = Get(path + "?unit=xa-yanta", office_);
  ASSERT_EQ(fb.status, 200) << fb.text;
  EXPECT_EQ(fb.body["round"], kRound);
  EXPECT_EQ(fb.body["unit"], "xa-yanta");
  ASSERT_EQ(fb.body["items"].size(), 1u) << fb.text;
  const Json& f = fb.body["items"][0];
  EXPECT_EQ(f["finding"], 1);
  EXPECT_EQ(f["item"], "1.2");
  EXPECT_DOUBLE_EQ(f["points"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(f["counted"].get<double>(), 0.6);
  EXPECT_EQ(f["reason"], "2个建设项目缺少安全预评价报告");
  EXPECT_EQ(f["task"], kDeducted) << "the rectification task the deduction opened";
  CliRun cli = RunCli({"--data", dir_.sub("data"), "--output", "json", "report", "feedback", kRound, "--unit", "雁塔区"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  Json rows = Json::parse(cli.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["task_state"], f["task_state"]) << "the task's state, read by one query for both edges";
  EXPECT_EQ(rows[0]["counted"], f["counted"]);

  // What a client prints the list's title and the PDF's with, without asking again.
  EXPECT_EQ(fb.body["unit_name"], "雁塔区");
  EXPECT_EQ(fb.body["capped"], true) << "the round's sheet has items: counted says where caps took effect";
  EXPECT_FALSE(fb.body["round_title"].get<std::string>().empty()) << fb.text;
  Reply by_name = Get(path + "?unit=雁塔区", office_);
  ASSERT_EQ(by_name.status, 200) << by_name.text;
  EXPECT_EQ(by_name.body, fb.body) << "the unit by its name, as the documents and the CLI name it";

  Reply own = Get(path, yanta_);
  ASSERT_EQ(own.status, 200) << own.text;
  EXPECT_EQ(own.body, fb.body) << "a unit's token reads its own without naming it";
  Reply own_by_name = Get(path + "?unit=雁塔区", yanta_);
  EXPECT_EQ(own_by_name.status, 200) << "a unit's token may name itself by its name: " << own_by_name.text;
  Reply other = Get(path + "?unit=xa-beilin", yanta_);
  EXPECT_EQ(other.status, 403) << other.text;
  EXPECT_EQ(other.body["reason"], "round.feedback_own_only");
  EXPECT_EQ(other.text.find("雁塔区缺少"), std::string::npos);

  Reply nameless = Get(path, office_);
  EXPECT_EQ(nameless.status, 400) << nameless.text;
  EXPECT_EQ(nameless.body["field"], "unit");
  CliRun not_evaluated = RunCli({"--data", dir_.sub("data"), "--lang", "en", "report", "feedback", kRound, "--unit", "秦创原总窗口"});
  EXPECT_EQ(not_evaluated.exit_code, 2) << "not an empty list: " << not_evaluated.out;
  EXPECT_NE(not_evaluated.err.find("is not evaluated in round"), std::string::npos) << not_evaluated.err;
  Reply outside = Get(path + "?unit=秦创原总窗口", office_, {{"Accept-Language", "en"}});
  EXPECT_EQ(outside.status, 404) << outside.text;
  EXPECT_EQ(outside.body["detail"], "unit: unit xa-qcy is not evaluated in round " + std::string(kRound) +
                                        "; check the unit's id")
      << "a unit registered after the round was created, named as people name it";
  Reply unknown = Get(path + "?unit=雁塔县", office_);
  EXPECT_EQ(unknown.status, 404) << unknown.text;
  EXPECT_EQ(unknown.body["field"], "unit");
  EXPECT_NE(unknown.text.find("雁塔区"), std::string::npos) << "a name nearly right is told its near match: " << unknown.text;
  Reply unknown_to_unit = Get(path + "?unit=碑林县", yanta_);
  EXPECT_EQ(unknown_to_unit.status, 403) << unknown_to_unit.text;
  EXPECT_EQ(unknown_to_unit.text.find("碑林区"), std::string::npos) << "a unit's token is told of no other unit: " << unknown_to_unit.text;
  Reply none = Get("/v1/rounds/no-such-round/feedback?unit=xa-yanta", office_);
  EXPECT_EQ(none.status, 404) << none.text;
  EXPECT_EQ(none.body["reason"], "round.not_found");
}

// 阶段报告 over HTTP: the same figures as `safecity report period`.
TEST_F(DashboardApi, ThePeriodReportCountsTheMonthsDueWorkAndAUnitSeesItsOwnRow) {
  Reply march = Get("/v1/reports/period?from=2023-03-01&to=2023-03-31", office_);
  ASSERT_EQ(march.status, 200) << march.text;
  Json beilin = RowOf(march.body, "xa-beilin");
  ASSERT_TRUE(beilin.is_object()) << march.text;
  EXPECT_EQ(beilin["due"], 1);
  EXPECT_EQ(beilin["undone"], 1);
  EXPECT_EQ(beilin["rate"], 0.0);
  EXPECT_EQ(RowOf(march.body, "xa-yanta")["findings"], 1) << "the deduction of 21 March";
  Reply may = Get(std::string("/v1/reports/period?from=2023-05-01&to=2023-05-31&round=") + kRound, office_);
  ASSERT_EQ(may.status, 200) << may.text;
  Json beilin_may = RowOf(may.body, "xa-beilin");
  ASSERT_TRUE(beilin_may.is_object()) << may.text;
  EXPECT_EQ(beilin_may["due"], 0) << "nothing of 碑林区's was due in May";
  EXPECT_EQ(beilin_may["escalations"]["accountability"], 1) << "but the tick of 1 May escalated its March task";
  EXPECT_EQ(RowOf(march.body, "xa-beilin")["escalations"], Json::object()) << "and not in March";

  Reply own = Get("/v1/reports/period?from=2023-03-01&to=2023-03-31", yanta_);
  ASSERT_EQ(own.status, 200) << own.text;
  ASSERT_EQ(own.body["units"].size(), 1u) << own.text;
  EXPECT_EQ(own.body["units"][0]["unit"], "xa-yanta");
  EXPECT_TRUE(own.body["bands"].empty()) << "no figure of the other units: " << own.text;
  EXPECT_EQ(own.body["total"]["findings"], own.body["units"][0]["findings"]) << "its own row is its total";
  EXPECT_EQ(own.body["total"]["due"], own.body["units"][0]["due"]);
  EXPECT_NE(march.body["total"]["due"], own.body["total"]["due"]) << "the city's total is not the unit's";
  const std::string qcy = Token("qcy-sys", "unit", "xa-qcy");
  Reply not_its_round = Get(std::string("/v1/reports/period?from=2023-03-01&to=2023-03-31&round=") + kRound, qcy);
  EXPECT_EQ(not_its_round.status, 403) << "a round that does not evaluate it, as GET /v1/rounds/{id}: " << not_its_round.text;
  EXPECT_EQ(not_its_round.body["reason"], "api.round_not_the_units");
  EXPECT_EQ(not_its_round.text.find("西安市创建"), std::string::npos) << "not even its title: " << not_its_round.text;

  Reply bad = Get("/v1/reports/period?from=2023-02-31&to=2023-03-31", office_);
  EXPECT_EQ(bad.status, 400) << bad.text;
  EXPECT_EQ(bad.body["field"], "from");
  Reply backwards = Get("/v1/reports/period?from=2023-03-31&to=2023-03-01", office_);
  EXPECT_EQ(backwards.status, 400) << backwards.text;
  Reply none = Get("/v1/reports/period?from=2023-03-01&to=2023-03-31&round=no-such-round", office_);
  EXPECT_EQ(none.status, 404) << none.text;
}

TEST_F(DashboardApi, TheOverdueListHoldsTheLateOpenWorkEarliestFirstAndAUnitsOwnOnly) {
  Reply late = Get("/v1/tasks?overdue=true", office_);
  ASSERT_EQ(late.status, 200) << late.text;
  std::vector<std::string> ids;
  for (const Json& t : late.body["items"]) ids.push_back(t["task_id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"BEILIN-LATE", kDeducted})) << "earliest deadline first; LATER is not due";

  Reply page = Get("/v1/tasks?overdue=true&limit=1", office_);
  ASSERT_EQ(page.status, 200) << page.text;
  ASSERT_EQ(page.body["items"].size(), 1u);
  ASSERT_TRUE(page.body["next_cursor"].is_string());
  Reply next = Get("/v1/tasks?overdue=true&limit=1&cursor=" + page.body["next_cursor"].get<std::string>(), office_);
  ASSERT_EQ(next.status, 200) << next.text;
  ASSERT_EQ(next.body["items"].size(), 1u);
  EXPECT_EQ(next.body["items"][0]["task_id"], kDeducted);

  Reply mine = Get("/v1/my/tasks?overdue=true", yanta_);
  ASSERT_EQ(mine.status, 200) << mine.text;
  ASSERT_EQ(mine.body["items"].size(), 1u) << mine.text;
  EXPECT_EQ(mine.body["items"][0]["task_id"], kDeducted);

  Reply bad = Get("/v1/tasks?overdue=yes", office_);
  EXPECT_EQ(bad.status, 400) << bad.text;
  EXPECT_EQ(bad.body["field"], "overdue");
}

TEST_F(DashboardApi, ARoundsRefusalIsSaidInTheClientsLanguageWithTheApisAdvice) {
  const Json body{{"stream", std::string("campaign-") + kRound}, {"data", Json::object()}};
  Reply zh = Post("campaign.start_spot_check", yanta_, body);
  EXPECT_EQ(zh.status, 403) << zh.text;
  EXPECT_EQ(zh.body["reason"], "round.office_only");
  EXPECT_EQ(zh.body["detail"], "actor: 只有创建办可以对评估轮次办理 start_spot_check；请用创建办的令牌提交") << zh.text;
  Reply en = Post("campaign.start_spot_check", yanta_, body, {{"Accept-Language", "en"}});
  EXPECT_EQ(en.body["detail"], "actor: only the office may start_spot_check a round; send it with an office token") << en.text;
  EXPECT_EQ(en.text.find("--as"), std::string::npos) << "no CLI flag for an API client";
}

}  // namespace
}  // namespace safecity::testing

namespace safecity::testing {
namespace {

// The CLI with --server prints the feedback list, the period report and the
// schedule as a local store prints them, from the server's query API, and
// writes the same official documents, keeping no copy of the log.
TEST_F(DashboardApi, TheCliWithAServerPrintsTheSameReportsWithoutAReplica) {
  const std::vector<std::vector<std::string>> reports{
      {"report", "feedback", kRound, "--unit", "雁塔区"},
      {"report", "feedback", kRound, "--unit", "xa-yanta"},
      {"report", "period", "--from", "2023-03-01", "--to", "2023-03-31"},
      {"report", "period", "--from", "2023-03-01", "--to", "2023-05-31", "--campaign", kRound},
      {"campaign", "schedule", "show", kRound},
      {"clock", "show"}};
  for (const auto& report : reports)
    for (const char* how : {"table", "json"}) {
      std::vector<std::string> args{"-o", how};  // the server answers as of its own now
      args.insert(args.end(), report.begin(), report.end());
      CliRun asked = Remote(args, office_);
      CliRun read = Local(args);
      ASSERT_EQ(asked.exit_code, 0) << report[1] << " " << how << ": " << asked.err;
      ASSERT_EQ(read.exit_code, 0) << report[1] << " " << how << ": " << read.err;
      EXPECT_FALSE(read.out.empty());
      EXPECT_EQ(asked.out, read.out) << report[1] << " " << how;
    }
  // The same 公文, byte for byte: its title names the round and the unit.
  for (const std::vector<std::string>& doc : {std::vector<std::string>{"report", "feedback", kRound, "--unit", "雁塔区"},
                                              {"report", "period", "--from", "2023-03-01", "--to", "2023-03-31", "--campaign", kRound}}) {
    std::vector<std::string> remote = doc, local = doc;
    for (auto* args : {&remote, &local})
      args->insert(args->end(), {"--date", "2023-05-05", "--issuer", "西安市创建办", "--pdf", dir_.sub(args == &remote ? "remote.pdf" : "local.pdf")});
    ASSERT_EQ(Remote(remote, office_).exit_code, 0) << doc[1];
    ASSERT_EQ(Local(local).exit_code, 0) << doc[1];
    const std::string made = FileBytes(dir_.sub("remote.pdf"));
    EXPECT_GT(made.size(), 1000u);
    EXPECT_TRUE(made == FileBytes(dir_.sub("local.pdf"))) << doc[1] << ": the server's document differs from the store's";
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("laptop"))) << "no replica";

  // A unit's system reads its own feedback list by its name, and no other's.
  CliRun own = Remote({"-o", "json", "report", "feedback", kRound, "--unit", "雁塔区"}, yanta_);
  ASSERT_EQ(own.exit_code, 0) << own.err;
  EXPECT_EQ(own.out, Local({"-o", "json", "report", "feedback", kRound, "--unit", "雁塔区"}).out);
  CliRun other = Remote({"report", "feedback", kRound, "--unit", "碑林区"}, yanta_);
  EXPECT_EQ(other.exit_code, 2) << other.err;
  EXPECT_EQ(std::count(other.err.begin(), other.err.end(), '\n'), 1) << other.err;
  CliRun near = Remote({"--lang", "en", "report", "feedback", kRound, "--unit", "雁塔县"}, office_);
  EXPECT_EQ(near.exit_code, 2) << near.err;
  EXPECT_NE(near.err.find("--unit"), std::string::npos) << "the CLI's own flag is named: " << near.err;
  EXPECT_NE(near.err.find("雁塔区"), std::string::npos) << "with the near match: " << near.err;
}

// GET /v1/units/{ref}: a unit by id, name or alias; the CLI's unit commands
// name units through it with --server, and keep no replica.
TEST_F(DashboardApi, AUnitIsNamedByIdNameOrAliasAndTheOfficeAmendsItThroughAServer) {
  Reply by_id = Get("/v1/units/xa-yanta", office_);
  ASSERT_EQ(by_id.status, 200) << by_id.text;
  EXPECT_EQ(by_id.body["id"], "xa-yanta");
  EXPECT_EQ(by_id.body["name"], "雁塔区");
  EXPECT_EQ(Get("/v1/units/雁塔区", office_).body, by_id.body);
  Reply near = Get("/v1/units/雁塔县", office_);
  EXPECT_EQ(near.status, 404) << near.text;
  EXPECT_EQ(near.body["field"], "unit");
  EXPECT_NE(near.text.find("雁塔区"), std::string::npos) << near.text;
  EXPECT_EQ(Get("/v1/units/雁塔区", yanta_).body, by_id.body) << "a unit's token looks itself up";
  Reply other = Get("/v1/units/碑林县", yanta_);
  EXPECT_EQ(other.status, 403) << other.text;
  EXPECT_EQ(other.body["reason"], "api.unit_looks_up_itself");
  EXPECT_EQ(other.text.find("碑林区"), std::string::npos) << "told of no other unit: " << other.text;

  CliRun alias = Remote({"unit", "alias", "add", "雁塔区", "雁塔区人民政府", "--reason", "文件中的写法"}, office_);
  ASSERT_EQ(alias.exit_code, 0) << alias.err;
  Reply by_alias = Get("/v1/units/雁塔区人民政府", office_);
  ASSERT_EQ(by_alias.status, 200) << by_alias.text;
  EXPECT_EQ(by_alias.body["id"], "xa-yanta");
  EXPECT_NE(std::find(by_alias.body["aliases"].begin(), by_alias.body["aliases"].end(), "雁塔区人民政府"), by_alias.body["aliases"].end());
  const int64_t connections_before = server_->transport_stats().accepted_connections;
  CliRun rename = Remote({"unit", "rename", "雁塔区人民政府", "西安市雁塔区人民政府", "--reason", "规范全称"}, office_);
  ASSERT_EQ(rename.exit_code, 0) << rename.err;
  EXPECT_EQ(server_->transport_stats().accepted_connections - connections_before, 1)
      << "the name's lookup and the command share one connection (one TLS handshake under HTTPS)";
  EXPECT_EQ(Get("/v1/units/xa-yanta", office_).body["name"], "西安市雁塔区人民政府") << "renamed, named by its new alias";
  // A name with a '/' in it, as some offices write theirs.
  ASSERT_EQ(Remote({"unit", "add", "--id", "xa-ajb", "--name", "市安委办/应急局", "--kind", "department"}, office_).exit_code, 0);
  CliRun slash = Remote({"unit", "alias", "add", "市安委办/应急局", "安委办", "--reason", "简称"}, office_);
  EXPECT_EQ(slash.exit_code, 0) << slash.err;
  EXPECT_EQ(Get("/v1/units/安委办", office_).body["id"], "xa-ajb");
  CliRun unknown = Remote({"--lang", "en", "unit", "leave", "碑林县", "--on", "2023-06-01", "--reason", "x"}, office_);
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("碑林区"), std::string::npos) << "the near match: " << unknown.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("laptop"))) << "no replica";
}

}  // namespace
}  // namespace safecity::testing
