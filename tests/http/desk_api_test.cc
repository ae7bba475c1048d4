// The inspectors' and the office's desks over HTTP: the hazard list
// (GET /v1/hazards, 隐患清单) and the verification list (GET /v1/verifications,
// 核查), from the same views as `safecity hazard list` and `verification
// list`. The data is set up through the CLI: a general hazard whose task was
// submitted twice (the first verification failed), and a major one listed
// for supervision (挂牌督办).
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>
#include <httplib.h>

#include "connectors/http/api_server.h"
#include "engine/engine.h"
#include "tests/http/api_client.h"
#include "tests/http/api_fixture.h"
#include "tests/test_util.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

class DeskApi : public LoopbackApi {
 protected:
  void SetUp() override {
    data_ = dir_.sub("data");
    const std::string evidence = "p.jpg|" + std::string(64, 'a') + "|file://p.jpg";
    const std::string evidence2 = "q.jpg|" + std::string(64, 'b') + "|file://q.jpg";
    for (std::vector<std::string> args :
         {std::vector<std::string>{"init"},
          {"--at", "2023-03-01", "template", "install", "xian2023"},
          {"--at", "2023-03-29", "hazard", "report", "--id", "JB-7", "--title", "楼道电动车充电", "--source", "citizen_report",
           "--unit", "碑林区"},
          {"--at", "2023-03-29T10:00:00+08:00", "hazard", "confirm", "JB-7", "--grade", "general", "--deadline", "2023-04-10"},
          {"--at", "2023-04-02", "--as", "碑林区", "task", "ack", "HZ-JB-7"},
          {"--at", "2023-04-02", "--as", "碑林区", "task", "plan", "HZ-JB-7", "--plan", "清理"},
          {"--at", "2023-04-02", "--as", "碑林区", "task", "start", "HZ-JB-7"},
          {"--at", "2023-04-02", "--as", "碑林区", "task", "submit", "HZ-JB-7", "--evidence", evidence},
          {"--at", "2023-04-03", "verification", "assign", "HZ-JB-7-1", "--inspector", "第一组"},
          {"--at", "2023-04-04", "--as", "inspector:第一组", "verification", "fail", "HZ-JB-7-1", "--reason", "缺少照片"},
          {"--at", "2023-04-05", "--as", "碑林区", "task", "submit", "HZ-JB-7", "--evidence", evidence2},
          {"--at", "2023-03-28", "hazard", "report", "--id", "AF-1", "--title", "消防控制室无人值守", "--source",
           "unannounced_inspection"},
          {"--at", "2023-03-28", "hazard", "confirm", "AF-1", "--grade", "major", "--unit", "雁塔区", "--deadline", "2023-04-12"}}) {
      args.insert(args.begin(), {"--data", data_});
      CliRun r = RunCli(args);
      ASSERT_EQ(r.exit_code, 0) << args[2] << ": " << r.err << r.out;
    }
    OpenExistingEngine(data_);
    office_ = Token("office-wang", "office", "", "wang");
    inspector_ = Token("insp-1", "inspector", "", "第一组");
    beilin_ = Token("beilin-sys", "unit", "xa-beilin");
    StartServer(LoopbackOptions());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  Reply Get(const std::string& path, const std::string& token, httplib::Headers extra = {}) {
    return From(client_->Get(path.c_str(), Auth(token, extra)));
  }
  Json CliJson(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data_, "--output", "json"});
    CliRun r = RunCli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  }
  static std::vector<std::string> Ids(const Json& items, const char* field) {
    std::vector<std::string> ids;
    for (const Json& i : items) ids.push_back(i.value(field, ""));
    return ids;
  }

  std::unique_ptr<httplib::Client> client_;
  std::string data_, office_, inspector_, beilin_;
};

// The CLI with --server asks these lists, the rounds and a round's dashboard
// of the server and prints what a local store prints, keeping no copy of the log.
TEST_F(DeskApi, TheCliWithAServerShowsTheSameListsWithoutAReplica) {
  const std::string url = "http://127.0.0.1:" + std::to_string(server_->port());
  const std::vector<std::vector<std::string>> lists{
      {"hazard", "list"},         {"hazard", "list", "--state", "listed"}, {"verification", "list"},
      {"verification", "list", "--inspector", "第一组"}, {"verification", "list", "--state", "requested"},
      {"campaign", "list"},       {"campaign", "show", "xian-2023-self-inspection"},
      {"report", "dashboard", "xian-2023-self-inspection"},
      {"report", "dashboard", "xian-2023-self-inspection", "--active"},
      {"sheet", "list"},          {"sheet", "show", "xian-evaluation@2022"}};
  for (const std::string& token : {office_, inspector_})
    for (const auto& list : lists)
      for (const char* how : {"table", "json"}) {
        std::vector<std::string> remote{"--server", url, "--data", dir_.sub("laptop"), "-o", how}, here{"--data", data_, "-o", how};
        remote.insert(remote.end(), list.begin(), list.end());
        here.insert(here.end(), list.begin(), list.end());
        CliRun asked = RunCli(remote, {{"SAFECITY_TOKEN", token}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}});
        CliRun read = RunCli(here);
        ASSERT_EQ(asked.exit_code, 0) << asked.err;
        ASSERT_EQ(read.exit_code, 0) << read.err;
        EXPECT_EQ(asked.out, read.out) << list.back() << " " << how;
      }
  CliRun no_sheet = RunCli({"--server", url, "--data", dir_.sub("laptop"), "sheet", "show", "xian-evaluation@1999"},
                          {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}});
  EXPECT_EQ(no_sheet.exit_code, 2) << no_sheet.err;
  EXPECT_NE(no_sheet.err.find("没有评价细则“xian-evaluation@1999”"), std::string::npos) << no_sheet.err;
  EXPECT_EQ(no_sheet.err, RunCli({"--data", data_, "sheet", "show", "xian-evaluation@1999"}).err) << "the CLI's own advice";
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("laptop"))) << "no replica";
  CliRun unit = RunCli({"--server", url, "--data", dir_.sub("unit"), "hazard", "list"},
                       {{"SAFECITY_TOKEN", beilin_}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}});
  EXPECT_EQ(unit.exit_code, 2) << unit.err;
  EXPECT_EQ(std::count(unit.err.begin(), unit.err.end(), '\n'), 1) << unit.err;
}

TEST_F(DeskApi, TheHazardListIsTheCLIsByStateAndPagedAndNotAUnits) {
  Reply all = Get("/v1/hazards", office_);
  ASSERT_EQ(all.status, 200) << all.text;
  EXPECT_EQ(Ids(all.body["items"], "hazard_id"), (std::vector<std::string>{"AF-1", "JB-7"})) << "in id order";
  EXPECT_EQ(all.body["next_cursor"], nullptr);
  Json cli = CliJson({"hazard", "list"});
  ASSERT_EQ(cli.size(), 2u);
  EXPECT_EQ(cli[1]["task"], all.body["items"][1]["task_id"]) << "one view for both edges";

  Reply listed = Get("/v1/hazards?state=listed", inspector_);
  ASSERT_EQ(listed.status, 200) << listed.text;
  ASSERT_EQ(listed.body["items"].size(), 1u) << "挂牌督办: the major hazard only";
  EXPECT_EQ(listed.body["items"][0]["hazard_id"], "AF-1");
  EXPECT_EQ(listed.body["items"][0]["grade"], "major");
  EXPECT_TRUE(Get("/v1/hazards?state=no-such-state", office_).body["items"].empty());

  Reply first = Get("/v1/hazards?limit=1", office_);
  ASSERT_EQ(first.status, 200) << first.text;
  ASSERT_EQ(first.body["items"].size(), 1u);
  ASSERT_TRUE(first.body["next_cursor"].is_string());
  Reply second = Get("/v1/hazards?limit=1&cursor=" + first.body["next_cursor"].get<std::string>(), office_);
  ASSERT_EQ(second.body["items"].size(), 1u) << second.text;
  EXPECT_EQ(second.body["items"][0]["hazard_id"], "JB-7");

  Reply unit = Get("/v1/hazards", beilin_, {{"Accept-Language", "en"}});
  EXPECT_EQ(unit.status, 403) << unit.text;
  EXPECT_EQ(unit.body["reason"], "hazard.list_readers");
  EXPECT_NE(unit.text.find("among its own tasks"), std::string::npos) << unit.text;
}

TEST_F(DeskApi, AnInspectorsDeskListsItsVerificationsByStateFromItsIndex) {
  Reply mine = Get("/v1/verifications?inspector=第一组", inspector_);
  ASSERT_EQ(mine.status, 200) << mine.text;
  EXPECT_EQ(Ids(mine.body["items"], "verification_id"), (std::vector<std::string>{"HZ-JB-7-1"}))
      << "the second submission's verification waits for an inspector";
  EXPECT_EQ(mine.body["items"][0]["state"], "failed");

  Reply waiting = Get("/v1/verifications?state=requested", office_);
  ASSERT_EQ(waiting.status, 200) << waiting.text;
  EXPECT_EQ(Ids(waiting.body["items"], "verification_id"), (std::vector<std::string>{"HZ-JB-7-2"})) << "待分派";
  EXPECT_EQ(waiting.body["items"][0]["inspector"], "");

  EXPECT_TRUE(Get("/v1/verifications?inspector=第一组&state=requested", inspector_).body["items"].empty());
  Reply all = Get("/v1/verifications", office_);
  EXPECT_EQ(all.body["items"].size(), 2u) << all.text;
  EXPECT_EQ(CliJson({"verification", "list"}).size(), 2u);

  Reply unit = Get("/v1/verifications", beilin_);
  EXPECT_EQ(unit.status, 403) << unit.text;
  EXPECT_EQ(unit.body["reason"], "verification.list_readers");
}

// The API's own refusals — a parameter out of range, a path no route has, a
// role that may not read — are said in the client's language with a stable
// reason, like the workflows' (api_refusals.h); Chinese when none is asked.
TEST_F(DeskApi, TheApisOwnRefusalsAnswerInTheClientsLanguageNamingTheField) {
  auto language = [](const Reply& r) {
    auto it = r.headers.find("Content-Language");
    return it == r.headers.end() ? std::string() : it->second;
  };
  Reply zh = Get("/v1/hazards?limit=0", office_);
  EXPECT_EQ(zh.status, 400) << zh.text;
  EXPECT_EQ(zh.body["field"], "limit");
  EXPECT_EQ(zh.body["reason"], "api.limit_range");
  EXPECT_EQ(zh.body["detail"], "limit: 须为 1 到 500 之间的整数");
  EXPECT_EQ(language(zh), "zh");
  Reply en = Get("/v1/hazards?limit=0", office_, {{"Accept-Language", "en-GB, zh;q=0.3"}});
  EXPECT_EQ(en.body["detail"], "limit: must be a whole number from 1 to 500");
  EXPECT_EQ(language(en), "en");

  Reply cursor = Get("/v1/verifications?cursor=zz", office_, {{"Accept-Language", "zh-CN"}});
  EXPECT_EQ(cursor.status, 400);
  EXPECT_EQ(cursor.body["reason"], "api.cursor_not_ours");
  EXPECT_NE(cursor.body["detail"].get<std::string>().find("next_cursor"), std::string::npos) << cursor.text;

  Reply route = Get("/v1/no-such-thing", office_, {{"Accept-Language", "en"}});
  EXPECT_EQ(route.status, 404);
  EXPECT_EQ(route.body["reason"], "api.no_such_route");
  EXPECT_EQ(route.body["detail"], "path: /v1/no-such-thing is not a route of this API; see /openapi.json");
  Reply method = From(client_->Delete("/v1/hazards", Auth(office_, {})));
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.body["reason"], "api.method_not_allowed");
  EXPECT_NE(method.body["detail"].get<std::string>().find("请用 GET, HEAD"), std::string::npos) << method.text;

  Reply log = Get("/v1/log", beilin_);
  EXPECT_EQ(log.status, 403);
  EXPECT_EQ(log.body["reason"], "api.log_not_for_units");
  EXPECT_NE(log.body["detail"].get<std::string>().find("不能查看整个日志"), std::string::npos) << log.text;
}

}  // namespace
}  // namespace safecity::testing
