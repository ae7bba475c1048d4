// 通报 over HTTP (GET /v1/reports/bulletin) and from the CLI with --server:
// the demo's Xi'an round, whose April bulletin is issued, and a major hazard
// closed in May that no bulletin has named yet. The office's laptop prints,
// writes and issues the May bulletin through the server, keeping no copy of
// the log, and prints what a local store prints.
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

class BulletinApi : public LoopbackApi {
 protected:
  void SetUp() override {
    data_ = dir_.sub("data");
    CliRun demo = RunCli({"demo", "--dir", data_});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    const std::string evidence = "p.jpg|" + std::string(64, 'a') + "|file://p.jpg";
    for (std::vector<std::string> args :
         {std::vector<std::string>{"--at", "2023-05-04", "hazard", "report", "--id", "QJ-9", "--title", "商场疏散通道堵塞", "--source",
                                   "citizen_report", "--unit", "雁塔区"},
          {"--at", "2023-05-04T10:00:00+08:00", "hazard", "confirm", "QJ-9", "--grade", "major", "--deadline", "2023-05-20"},
          {"--at", "2023-05-05", "--as", "雁塔区", "task", "ack", "HZ-QJ-9"},
          {"--at", "2023-05-05", "--as", "雁塔区", "task", "plan", "HZ-QJ-9", "--plan", "清理通道"},
          {"--at", "2023-05-05", "--as", "雁塔区", "task", "start", "HZ-QJ-9"},
          {"--at", "2023-05-08", "--as", "雁塔区", "task", "submit", "HZ-QJ-9", "--evidence", evidence},
          {"--at", "2023-05-09", "verification", "assign", "HZ-QJ-9-1", "--inspector", "第一组"},
          {"--at", "2023-05-10", "--as", "inspector:第一组", "verification", "pass", "HZ-QJ-9-1"},
          {"--at", "2023-05-11", "hazard", "close", "QJ-9"}}) {
      args.insert(args.begin(), {"--data", data_});
      CliRun r = RunCli(args);
      ASSERT_EQ(r.exit_code, 0) << args[4] << ": " << r.err << r.out;
    }
    OpenExistingEngine(data_);
    office_ = Token("office-wang", "office", "", "wang");
    inspector_ = Token("insp-1", "inspector", "", "第一组");
    yanta_ = Token("yanta-sys", "unit", "xa-yanta");
    StartServer(LoopbackOptions());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  Reply Get(const std::string& path, const std::string& token, httplib::Headers extra = {}) {
    return From(client_->Get(path.c_str(), Auth(token, extra)));
  }
  CliRun Remote(std::vector<std::string> args, const std::string& token) { return RemoteCli(args, token, dir_.sub("laptop")); }
  CliRun Local(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data_});
    return RunCli(args);
  }

  std::unique_ptr<httplib::Client> client_;
  std::string data_, office_, inspector_, yanta_;
};

TEST_F(BulletinApi, TheBulletinIsTheCLIsAndNamesTheLateUnitsAndTheHazardsClosed) {
  Reply april = Get("/v1/reports/bulletin?from=2023-04-01&to=2023-04-30", inspector_);
  ASSERT_EQ(april.status, 200) << april.text;
  EXPECT_EQ(april.body["late_units"].size(), 5u) << "five units with work due by 30 April not accepted by then";
  ASSERT_EQ(april.body["closed_hazards"].size(), 2u) << april.text;
  for (const Json& h : april.body["closed_hazards"]) EXPECT_EQ(h["state"], "bulletined") << "the demo issued April's bulletin";
  Reply may = Get("/v1/reports/bulletin?from=2023-05-01&to=2023-05-31", office_);
  ASSERT_EQ(may.status, 200) << may.text;
  ASSERT_EQ(may.body["closed_hazards"].size(), 1u) << may.text;
  const Json& closed = may.body["closed_hazards"][0];
  EXPECT_EQ(closed["hazard"], "QJ-9");
  EXPECT_EQ(closed["unit_name"], "雁塔区");
  EXPECT_EQ(closed["grade"], "major");
  EXPECT_EQ(closed["state"], "closed") << "no bulletin has named it yet";
  CliRun cli = Local({"-o", "json", "report", "bulletin", "--from", "2023-05-01", "--to", "2023-05-31"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(Json::parse(cli.out)["closed_hazards"][0]["closed_at"], closed["closed_at"]) << "one query for both edges";

  Reply unit = Get("/v1/reports/bulletin?from=2023-05-01&to=2023-05-31", yanta_);
  EXPECT_EQ(unit.status, 403) << unit.text;
  EXPECT_EQ(unit.body["reason"], "api.bulletin_readers");
  Reply backwards = Get("/v1/reports/bulletin?from=2023-05-31&to=2023-05-01", office_);
  EXPECT_EQ(backwards.status, 400) << backwards.text;
  EXPECT_EQ(backwards.body["field"], "to");
  Reply nameless = Get("/v1/reports/bulletin?from=2023-05-01", office_);
  EXPECT_EQ(nameless.status, 400) << nameless.text;
  EXPECT_EQ(nameless.body["field"], "to");
}

// The office's laptop prints, writes and issues a bulletin through the server.
TEST_F(BulletinApi, TheCliWithAServerPrintsWritesAndIssuesTheBulletinWithoutAReplica) {
  for (const char* month : {"04", "05"})
    for (const char* how : {"table", "json"}) {
      const std::vector<std::string> args{"-o", how, "report", "bulletin", "--from", std::string("2023-") + month + "-01",
                                          "--to", std::string("2023-") + month + "-30"};
      CliRun asked = Remote(args, office_);
      CliRun read = Local(args);
      ASSERT_EQ(asked.exit_code, 0) << asked.err;
      ASSERT_EQ(read.exit_code, 0) << read.err;
      EXPECT_EQ(asked.out, read.out) << month << " " << how;
    }
  const std::vector<std::string> doc{"report", "bulletin", "--from", "2023-05-01", "--to", "2023-05-31", "--issuer", "西安市创建办",
                                     "--date", "2023-06-02", "--number", "市安城创〔2023〕7号"};
  std::vector<std::string> remote = doc, local = doc;
  remote.insert(remote.end(), {"--pdf", dir_.sub("remote.pdf"), "--xlsx", dir_.sub("remote.xlsx")});
  local.insert(local.end(), {"--pdf", dir_.sub("local.pdf")});
  ASSERT_EQ(Remote(remote, office_).exit_code, 0);
  ASSERT_EQ(Local(local).exit_code, 0);
  const std::string made = FileBytes(dir_.sub("remote.pdf"));
  EXPECT_GT(made.size(), 1000u);
  EXPECT_TRUE(made == FileBytes(dir_.sub("local.pdf"))) << "the server's 公文 differs from the store's";
  EXPECT_TRUE(std::filesystem::exists(dir_.sub("remote.xlsx")));

  CliRun issued = Remote({"report", "bulletin", "--from", "2023-05-01", "--to", "2023-05-31", "--issue", "XA-2023-TB-05"}, office_);
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  Reply may = Get("/v1/reports/bulletin?from=2023-05-01&to=2023-05-31", office_);
  EXPECT_EQ(may.body["closed_hazards"][0]["state"], "bulletined") << may.text;
  CliRun history = Remote({"history", "hazard-QJ-9"}, office_);
  EXPECT_NE(history.out.find("XA-2023-TB-05"), std::string::npos) << history.out;
  CliRun again = Remote({"report", "bulletin", "--from", "2023-05-01", "--to", "2023-05-31", "--issue", "XA-2023-TB-05"}, office_);
  EXPECT_EQ(again.exit_code, 0) << "issuing it again names nothing twice: " << again.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("laptop"))) << "no replica";

  CliRun unit = Remote({"report", "bulletin", "--from", "2023-05-01", "--to", "2023-05-31"}, yanta_);
  EXPECT_EQ(unit.exit_code, 2) << unit.err;
  EXPECT_EQ(std::count(unit.err.begin(), unit.err.end(), '\n'), 1) << unit.err;
}

}  // namespace
}  // namespace safecity::testing
