// POST /v1/imports/tasks: the office imports a task breakdown table over
// HTTP, the same import as `safecity import tasks` (workflows/imports): a
// dry run shows every task it would assign, a table with errors is a 422
// that lists every one of them in the client's language and writes nothing,
// and only the office may import.
#include <algorithm>
#include <filesystem>
#include <fstream>

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

// The office's laptop with --server sends the table to the server, which
// checks every row and assigns the tasks: no replica is made. A table with
// errors reads as on a local store with the same units, word for word.
TEST_F(ImportApi, TheCliWithAServerImportsATableWithoutAReplica) {
  const std::string table = dir_.sub("plan.tsv");
  std::ofstream(table) << kTable;
  const std::string laptop = dir_.sub("laptop");
  const int64_t before = Events();
  CliRun dry = RemoteCli({"import", "tasks", table, "--prefix", "p", "--dry-run"}, office_, laptop);
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("p-1-1-yanta"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("雁塔区"), std::string::npos) << "units by the names the server gives: " << dry.out;
  EXPECT_NE(dry.out.find("3 tasks would be assigned; nothing written (--dry-run)"), std::string::npos) << dry.out;
  CliRun planned = RemoteCli({"-o", "json", "import", "tasks", table, "--prefix", "p", "--dry-run"}, office_, laptop);
  ASSERT_EQ(planned.exit_code, 0) << planned.err;
  Reply api = Import(office_, Json{{"table", kTable}, {"file_name", table}, {"prefix", "p"}, {"dry_run", true}});
  EXPECT_EQ(Json::parse(planned.out), api.body["planned"]) << "the API's plan, as planned";
  EXPECT_EQ(Events(), before) << "a dry run writes nothing";

  CliRun done = RemoteCli({"import", "tasks", table, "--prefix", "p"}, office_, laptop);
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_EQ(done.out, "tasks: 3 added, 0 already there\n");
  CliRun again = RemoteCli({"import", "tasks", table, "--prefix", "p"}, office_, laptop);
  EXPECT_EQ(again.out, "tasks: 0 added, 3 already there\n") << again.err;
  for (const Json& d : api.body["planned"]) {
    Reply task = From(client_->Get("/v1/tasks/" + d["task_id"].get<std::string>(), Auth(office_)));
    EXPECT_EQ(task.status, 200) << "assigned on the server: " << task.text;
  }

  // 共同责任: row 1's two tracks, as the server and the store show them.
  Reply tracks = From(client_->Get("/v1/plan-tasks/p-1-1/tracks", Auth(office_)));
  ASSERT_EQ(tracks.status, 200) << tracks.text;
  EXPECT_EQ(tracks.body["tracks"].size(), 2u) << tracks.text;
  EXPECT_EQ(tracks.body["open"], 2);
  EXPECT_EQ(tracks.body["late"], 0);
  for (const char* how : {"table", "json"}) {
    CliRun asked = RemoteCli({"-o", how, "task", "tracks", "p-1-1"}, office_, laptop);
    CliRun read = RunCli({"--data", dir_.sub("data"), "-o", how, "task", "tracks", "p-1-1"});
    ASSERT_EQ(asked.exit_code, 0) << asked.err;
    EXPECT_EQ(asked.out, read.out) << how;
  }
  EXPECT_NE(RemoteCli({"task", "tracks", "p-1-1"}, office_, laptop).out.find("碑林区"), std::string::npos);
  CliRun unknown_remote = RemoteCli({"task", "tracks", "p-9"}, office_, laptop);
  CliRun unknown_local = RunCli({"--data", dir_.sub("data"), "task", "tracks", "p-9"});
  EXPECT_EQ(unknown_remote.exit_code, 2) << unknown_remote.err;
  EXPECT_EQ(unknown_remote.err, unknown_local.err) << "the CLI's own words and advice, not the API's";
  Reply none = From(client_->Get("/v1/plan-tasks/p-9/tracks", Auth(office_)));
  EXPECT_EQ(none.status, 404) << none.text;
  EXPECT_EQ(none.body["field"], "plan_task");
  EXPECT_EQ(From(client_->Get("/v1/plan-tasks/p-1-1/tracks", Auth(yanta_))).status, 403) << "a unit reads its own tasks";

  // Unknown units on two rows and a month that is none: every error, the
  // same one on several rows told once, as a local store tells them.
  const std::string bad = dir_.sub("bad.tsv");
  std::ofstream(bad) << "序号\t主要目标任务\t责任单位\t完成时限\n1\t甲。\t雁塔\t2099年6月\n2\t乙。\t雁塔\t2099年6月\n"
                        "3\t丙。\t碑林区\t2099年13月\n";
  const int64_t written = Events();
  CliRun refused = RemoteCli({"import", "tasks", bad}, office_, laptop);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(Events(), written) << "nothing is written while an error remains";
  const std::string local = dir_.sub("local");
  for (std::vector<std::string> args : {std::vector<std::string>{"init"},
                                        {"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"},
                                        {"unit", "add", "--id", "beilin", "--name", "碑林区", "--kind", "district"}}) {
    args.insert(args.begin(), {"--data", local});
    ASSERT_EQ(RunCli(args).exit_code, 0);
  }
  CliRun here = RunCli({"--data", local, "import", "tasks", bad});
  EXPECT_EQ(here.exit_code, 2) << here.err;
  EXPECT_EQ(refused.err, here.err) << "the server's errors read as the local store's";
  EXPECT_NE(refused.err.find("雁塔区"), std::string::npos) << "the nearest name: " << refused.err;

  // A file name from a GBK archive, and a title typed in GBK: refused, naming
  // them, before anything is sent (JSON carries UTF-8 only).
  const std::string gbk_name = dir_.sub("plan-\xb0\xa1.tsv");
  std::ofstream(gbk_name) << kTable;
  CliRun gbk = RemoteCli({"import", "tasks", gbk_name}, office_, laptop);
  EXPECT_EQ(gbk.exit_code, 2) << gbk.err;
  EXPECT_NE(gbk.err.find("file: 不是有效的 UTF-8 文本"), std::string::npos) << gbk.err;
  CliRun title = RemoteCli({"task", "assign", "--id", "G1", "--title", "\xb0\xa1", "--lead", "雁塔区", "--deadline", "2099-01-01"},
                           office_, laptop);
  EXPECT_EQ(title.exit_code, 2) << title.err;
  EXPECT_NE(title.err.find("title"), std::string::npos) << title.err;
  EXPECT_NE(title.err.find("UTF-8"), std::string::npos) << title.err;
  EXPECT_EQ(Events(), written) << "nothing is written";

  CliRun unit = RemoteCli({"import", "tasks", table}, yanta_, laptop);
  EXPECT_EQ(unit.exit_code, 2) << unit.err;
  EXPECT_EQ(std::count(unit.err.begin(), unit.err.end(), '\n'), 1) << unit.err;
  EXPECT_FALSE(std::filesystem::exists(laptop)) << "no replica";
}

// The unit directory through a server: the same lines as a local store with
// the same units prints, dry run and import, and no replica.
TEST_F(ImportApi, TheCliWithAServerImportsTheUnitDirectoryWithoutAReplica) {
  const std::string units = dir_.sub("units.csv");
  std::ofstream(units) << "id,name,kind,aliases,parent,member_since,left_on\n"
                          "lianhu,莲湖区,district,莲湖,,,\n"
                          "beilin,碑林区,district,碑林,,,\n";
  const std::string laptop = dir_.sub("laptop"), local = dir_.sub("local");
  for (std::vector<std::string> args : {std::vector<std::string>{"init"},
                                        {"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"},
                                        {"unit", "add", "--id", "beilin", "--name", "碑林区", "--kind", "district"}}) {
    args.insert(args.begin(), {"--data", local});
    ASSERT_EQ(RunCli(args).exit_code, 0);
  }
  for (const bool dry : {true, false})
    for (const char* how : {"table", "json"}) {
      std::vector<std::string> args{"-o", how, "import", "units", units};
      if (dry) args.push_back("--dry-run");
      CliRun asked = RemoteCli(args, office_, laptop);
      args.insert(args.begin(), {"--data", local});
      CliRun here = RunCli(args);
      ASSERT_EQ(asked.exit_code, 0) << asked.err;
      ASSERT_EQ(here.exit_code, 0) << here.err;
      EXPECT_EQ(asked.out, here.out) << (dry ? "dry run " : "import ") << how;
      if (!dry) break;  // the second import finds everything there
    }
  Reply lianhu = From(client_->Get("/v1/units/莲湖", Auth(office_)));
  EXPECT_EQ(lianhu.body["id"], "lianhu") << lianhu.text;
  EXPECT_EQ(From(client_->Get("/v1/units/碑林", Auth(office_))).body["id"], "beilin") << "the alias the file adds";

  const std::string bad = dir_.sub("bad.csv");
  std::ofstream(bad) << "id,name,kind,aliases,parent,member_since,left_on\nx1,新区,nowhere,,,,\n";
  const int64_t before = Events();
  CliRun refused = RemoteCli({"import", "units", bad}, office_, laptop);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(refused.err, RunCli({"--data", local, "import", "units", bad}).err) << "the same words as a local store";
  EXPECT_EQ(Events(), before) << "nothing is written";
  const std::string empty = dir_.sub("empty.csv");
  std::ofstream(empty) << "";
  CliRun nothing = RemoteCli({"import", "units", empty}, office_, laptop);
  EXPECT_EQ(nothing.exit_code, 2) << nothing.err;
  EXPECT_EQ(nothing.err, RunCli({"--data", local, "import", "units", empty}).err) << "an empty file is named as a local store names it";
  EXPECT_EQ(RemoteCli({"import", "units", units}, yanta_, laptop).exit_code, 2) << "only the office";
  EXPECT_FALSE(std::filesystem::exists(laptop)) << "no replica";
}

// A sheet version is one command: through a server it is sent, checked
// there, and no replica is made; a bad row reads as on a local store.
TEST_F(ImportApi, TheCliWithAServerDefinesASheetWithoutAReplica) {
  const std::string sheet = dir_.sub("sheet.csv");
  std::ofstream(sheet) << "id,parent,title,points,method,达标线,rule\n1,,安全责任,60,,,\n1.1,1,隐患整改率,60,ratio,95%,\n"
                          "2,,其他,40,judgement,,\n";
  const std::string laptop = dir_.sub("laptop");
  const std::vector<std::string> define{"sheet", "import", sheet, "--id", "gs", "--version", "2018", "--title", "拱墅区评价细则"};
  CliRun first = RemoteCli(define, office_, laptop);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "defined gs@2018\n");
  EXPECT_EQ(RemoteCli(define, office_, laptop).out, "already defined gs@2018\n");
  Reply defined = From(client_->Get("/v1/sheets/gs@2018", Auth(office_)));
  ASSERT_EQ(defined.status, 200) << defined.text;
  EXPECT_EQ(defined.body["items"].size(), 3u);

  const std::string bad = dir_.sub("bad.csv");
  std::ofstream(bad) << "id,parent,title,points,method,达标线,rule\n1,,a,100,ratio,120%,\n";
  const std::vector<std::string> refused_args{"sheet", "import", bad, "--id", "gs", "--version", "bad", "--title", "t"};
  CliRun refused = RemoteCli(refused_args, office_, laptop);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("bad.csv:2:6"), std::string::npos) << refused.err;
  // A title too long for the schema, refused by the server's intake: placed
  // at its line and field as a local store's check places it.
  const std::string local = dir_.sub("local");
  ASSERT_EQ(RunCli({"--data", local, "init"}).exit_code, 0);
  const std::vector<std::string> long_title{"sheet", "import", sheet, "--id", "gs", "--version", "2019", "--title", std::string(300, 'x')};
  CliRun remote_long = RemoteCli(long_title, office_, laptop);
  std::vector<std::string> local_long = long_title;
  local_long.insert(local_long.begin(), {"--data", local});
  CliRun here_long = RunCli(local_long);
  EXPECT_EQ(remote_long.exit_code, 2) << remote_long.err;
  EXPECT_EQ(remote_long.err, here_long.err) << "the same words and place as a local store";
  EXPECT_FALSE(std::filesystem::exists(laptop)) << "no replica";
}

}  // namespace
}  // namespace safecity::testing
