// POST /v1/imports/tasks: the office imports a task breakdown table over
// HTTP, the same import as `safecity import tasks` (workflows/imports): a
// dry run shows every task it would assign, a table with errors is a 422
// that lists every one of them in the client's language and writes nothing,
// and only the office may import.
#include <gtest/gtest.h>
#include <httplib.h>

#include "connectors/http/api_server.h"
#include "engine/engine.h"
#include "tests/http/api_client.h"
#include "tests/http/api_fixture.h"
#include "tests/test_util.h"

namespace safecity::testing {
namespace {

// Shared responsibility as the Xixian plan prints it: no lead unit.
const char* kTable =
    "序号\t主要目标任务\t责任单位\t完成时限\n"
    "1\t排查城镇燃气管道。\t雁塔区、碑林区\t2099年6月\n"
    "2\t整治消防通道。\t雁塔区\t2099年12月\n";

class ImportApi : public LoopbackApi {
 protected:
  void SetUp() override {
    OpenEngine(dir_.sub("data"));
    office_ = Token("office-wang", "office", "", "wang");
    yanta_ = Token("yanta-sys", "unit", "yanta");
    StartServer(LoopbackOptions());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  Reply Import(const std::string& token, const Json& body, httplib::Headers extra = {}) {
    return From(client_->Post("/v1/imports/tasks", Auth(token, extra), body.dump(), "application/json"));
  }
  int64_t Events() { return engine_->store()->LastPosition(); }

  std::unique_ptr<httplib::Client> client_;
  std::string office_, yanta_;
};

TEST_F(ImportApi, ADryRunShowsEveryTrackThenTheImportAssignsThem) {
  const int64_t before = Events();
  Reply dry = Import(office_, Json{{"table", kTable}, {"file_name", "plan.tsv"}, {"prefix", "p"}, {"dry_run", true}});
  ASSERT_EQ(dry.status, 200) << dry.text;
  EXPECT_EQ(dry.body["tasks"], 3) << "row 1 is two tracks, one per unit";
  EXPECT_EQ(dry.body["planned"][0]["task_id"], "p-1-1-yanta");
  EXPECT_EQ(dry.body["planned"][0]["source"]["plan_task"], "p-1-1");
  EXPECT_EQ(Events(), before) << "a dry run writes nothing";

  Reply done = Import(office_, Json{{"table", kTable}, {"file_name", "plan.tsv"}, {"prefix", "p"}});
  ASSERT_EQ(done.status, 200) << done.text;
  EXPECT_EQ(done.body["added"], 3);
  Reply again = Import(office_, Json{{"table", kTable}, {"file_name", "plan.tsv"}, {"prefix", "p"}});
  ASSERT_EQ(again.status, 200) << again.text;
  EXPECT_EQ(again.body["added"], 0) << "the same table again adds nothing";
  EXPECT_EQ(again.body["already"], 3);
  Reply task = From(client_->Get("/v1/tasks/p-1-1-beilin", Auth(office_)));
  ASSERT_EQ(task.status, 200) << task.text;
  EXPECT_EQ(task.body["lead_unit"], "beilin");
}

TEST_F(ImportApi, EveryErrorIsListedInTheClientsLanguageAndNothingIsWritten) {
  const int64_t before = Events();
  const std::string bad = "序号\t主要目标任务\t责任单位\t完成时限\n1\t甲。\t雁塔\t2099年6月\n2\t乙。\t碑林区\t2099年13月\n";
  Reply zh = Import(office_, Json{{"table", bad}, {"file_name", "bad.tsv"}});
  ASSERT_EQ(zh.status, 400) << zh.text;
  ASSERT_TRUE(zh.body["errors"].is_array()) << zh.text;
  ASSERT_EQ(zh.body["errors"].size(), 2u) << zh.text;
  EXPECT_EQ(zh.body["errors"][0]["field"], "bad.tsv:2:3 (responsible_units)");
  EXPECT_NE(zh.body["errors"][0]["message"].get<std::string>().find("雁塔区"), std::string::npos) << "the nearest name: " << zh.text;
  EXPECT_EQ(zh.body["errors"][1]["field"], "bad.tsv:3:4 (deadline)");
  Reply en = Import(office_, Json{{"table", bad}, {"file_name", "bad.tsv"}}, {{"Accept-Language", "en"}});
  EXPECT_NE(en.body["errors"][0]["message"].get<std::string>().find("did you mean"), std::string::npos) << en.text;
  EXPECT_EQ(Events(), before) << "nothing is written while an error remains";

  EXPECT_EQ(Import(yanta_, Json{{"table", kTable}}).status, 403) << "only the office imports";
  EXPECT_EQ(Import(office_, Json{{"file_name", "x"}}).status, 400) << "no table";
  EXPECT_EQ(Import(office_, Json{{"table", kTable}, {"dry_run", "yes"}}).status, 400);
  EXPECT_EQ(Import("sct_nosuchtoken", Json{{"table", kTable}}).status, 401);
}

}  // namespace
}  // namespace safecity::testing
