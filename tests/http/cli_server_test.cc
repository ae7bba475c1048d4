// The CLI as a client of a server (`--server URL`, token from the environment
// or the config file), run as a user would — a new `safecity` process per
// call — against a real ApiServer on loopback: the office acts and queries its
// replica of the log, a unit acts only as itself and sees only its own tasks,
// and a wrong server, token or config file is a one-line error.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "connectors/http/api_server.h"
#include "engine/checkpoint.h"
#include "engine/checkpoint_publisher.h"
#include "engine/engine.h"
#include "engine/log_audit.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "tests/http/api_fixture.h"
#include "tests/test_util.h"

namespace safecity::testing {
namespace {

class CliServer : public LoopbackApi {
 protected:
  void SetUp() override {
    OpenEngine(dir_.sub("server"));
    Must(Cmd("assign-Y1", "task.assign", "task-Y1", Office(), AssignData("Y1", "yanta", {}, "2031-04-15")));
    Must(Cmd("assign-B1", "task.assign", "task-B1", Office(), AssignData("B1", "beilin", {"yanta"}, "2031-04-15")));
    Must(Cmd("assign-B2", "task.assign", "task-B2", Office(), AssignData("B2", "beilin", {}, "2031-04-15")));
    office_ = Token("office-wang", "office", "", "wang");
    yanta_ = Token("yanta-cli", "unit", "yanta");
    auditor_ = Token("audit-li", "auditor", "", "li");
    ASSERT_TRUE(engine_->Settle().ok());
    StartServer(LoopbackOptions());
    url_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  // `safecity --server URL --data <replica of who> args...` with the token in
  // the environment and HOME in the test's directory (no config file).
  CliRun As(const std::string& token, std::vector<std::string> args, const std::string& replica = "") {
    args.insert(args.begin(), {"--server", url_, "--data", dir_.sub(replica.empty() ? "replica-" + Sha256Hex(token).substr(0, 8) : replica)});
    return RunCli(args, {{"SAFECITY_TOKEN", token}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}});
  }
  Result<std::vector<EventEnvelope>> ServerEvents(const std::string& stream) { return engine_->store()->ReadStream(stream); }

  std::string url_, office_, yanta_, auditor_;
};

TEST_F(CliServer, TheOfficeActsOnTheServerAndAnAuditorVerifiesItsReplica) {
  auto assign = As(office_, {"task", "assign", "--id", "N1", "--title", "消防通道堵塞", "--lead", "雁塔区", "--deadline", "2031-05-01"});
  ASSERT_EQ(assign.exit_code, 0) << assign.err;
  EXPECT_NE(assign.out.find("ok: task-N1 TaskAssigned@1"), std::string::npos) << assign.out;
  auto events = ServerEvents("task-N1");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events.value().size(), 1u) << "the command went to the server's log";
  EXPECT_EQ(events.value()[0].actor.role, "office");
  EXPECT_EQ(events.value()[0].actor.id, "wang") << "the token decides who acts";
  EXPECT_EQ(events.value()[0].data["lead_unit"], "yanta") << "the server resolved the unit's name";

  auto list = As(office_, {"task", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const char* id : {"Y1", "B1", "B2", "N1"}) EXPECT_NE(list.out.find(id), std::string::npos) << id << "\n" << list.out;
  // The replica follows: a later command shows in the next query.
  ASSERT_EQ(As(office_, {"task", "assign", "--id", "N2", "--title", "第二项", "--lead", "beilin", "--deadline", "2031-05-01"}).exit_code, 0);
  EXPECT_NE(As(office_, {"task", "list"}).out.find("N2"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("replica-" + Sha256Hex(office_).substr(0, 8))))
      << "a command and the task lists need no copy of the log";
  auto units = As(office_, {"unit", "list"});
  EXPECT_NE(units.out.find("碑林区"), std::string::npos) << units.out;

  // The same command id is carried out once, however often it is sent.
  const std::vector<std::string> n3{"--command-id", "assign-n3", "task", "assign", "--id", "N3", "--title", "第三项", "--lead", "yanta",
                                    "--deadline", "2031-05-01"};
  ASSERT_EQ(As(office_, n3).exit_code, 0);
  auto again = As(office_, n3);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already done"), std::string::npos) << again.out;
  EXPECT_EQ(ServerEvents("task-N3").value().size(), 1u);

  // Refused by the workflow: exit 1, with the state it is in.
  auto close = As(office_, {"task", "close", "N2"});
  EXPECT_EQ(close.exit_code, 1) << close.err;
  EXPECT_NE(close.err.find("refused: "), std::string::npos) << close.err;

  // The auditor's replica checks every chain on its own machine.
  auto verify = As(auditor_, {"--output", "json", "verify"});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  struct stat st {};
  ASSERT_EQ(stat(dir_.sub("replica-" + Sha256Hex(auditor_).substr(0, 8)).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u) << "the replica holds the server's data: its owner's alone";
  Json v = Json::parse(verify.out);
  EXPECT_TRUE(v["intact"].get<bool>());
  // Every stream but those holding secrets' hashes (token, webhook key and
  // subscription streams: the office's alone), security streams too.
  auto all = engine_->store()->ReadAll(1, 1000000);
  ASSERT_TRUE(all.ok());
  int64_t readable = 0;
  for (const EventEnvelope& e : all.value()) {
    const std::string kind = StreamKind(e.stream);
    readable += kind != "token" && kind != "whkey" && kind != "whsub";
  }
  EXPECT_LT(readable, engine_->store()->LastPosition()) << "the setup issued tokens";
  EXPECT_EQ(v["events"].get<int64_t>(), readable);
  auto then = As(auditor_, {"--output", "json", "history", "N1", "--as-of", "2031-01-01"});
  ASSERT_EQ(then.exit_code, 0) << then.err;
  EXPECT_EQ(Json::parse(then.out)["last_changed_by"]["id"], "wang");
}

TEST_F(CliServer, TheOfficeInstallsARoundThroughTheServerWithTheUnitsItJustAdded) {
  // A template of two new units, the real sheet and round: the round is drafted
  // with the units the same run registered a moment before on the server.
  const std::string tmpl = dir_.sub("templates/two");
  std::filesystem::create_directories(tmpl);
  const std::string real = std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/xian2023";
  std::filesystem::copy_file(real + "/round.json", tmpl + "/round.json");
  std::filesystem::copy_file(real + "/scoring_sheet.csv", tmpl + "/scoring_sheet.csv");
  std::ofstream(tmpl + "/units.csv") << "id,name,kind,aliases,parent,member_since\n"
                                        "lianhu,莲湖区,district,,,2023-01-01\n"
                                        "xincheng,新城区,district,,,2023-01-01\n";
  const int64_t connections_before = server_->transport_stats().accepted_connections;
  auto install = RunCli({"--server", url_, "--data", dir_.sub("office-replica"), "template", "install", "two"},
                        {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}, {"SAFECITY_TEMPLATES", dir_.sub("templates")}});
  ASSERT_EQ(install.exit_code, 0) << install.err << install.out;
  EXPECT_EQ(server_->transport_stats().accepted_connections - connections_before, 1) << "every part on one connection";
  EXPECT_NE(install.out.find("units: 2 added"), std::string::npos) << install.out;
  auto round = ServerEvents("campaign-xian-2023-self-inspection");
  ASSERT_TRUE(round.ok());
  ASSERT_FALSE(round.value().empty()) << install.out;
  const Json units = round.value()[0].data["units"];
  for (const char* u : {"lianhu", "xincheng", "yanta", "beilin"})
    EXPECT_NE(std::find(units.begin(), units.end(), Json(u)), units.end()) << u << " in " << units.dump();
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("office-replica"))) << "each part went to the server: no replica";
  auto again = RunCli({"--server", url_, "--data", dir_.sub("office-replica"), "template", "install", "two"},
                      {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}, {"SAFECITY_TEMPLATES", dir_.sub("templates")}});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("units: 0 added, 2 already there"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("already drafted"), std::string::npos) << again.out;
  // Another clerk of the office, with a token of its own: nothing refused, nothing added.
  const std::string li = Token("office-li", "office", "", "li");
  const int64_t events = engine_->store()->LastPosition();
  auto other = RunCli({"--server", url_, "--data", dir_.sub("li-laptop"), "template", "install", "two"},
                      {{"SAFECITY_TOKEN", li}, {"HOME", dir_.path()}, {"SAFECITY_TEMPLATES", dir_.sub("templates")}});
  ASSERT_EQ(other.exit_code, 0) << other.err << other.out;
  EXPECT_NE(other.out.find("scoring sheet xian-evaluation@2022 already defined"), std::string::npos) << other.out;
  EXPECT_NE(other.out.find("already drafted with 4 units"), std::string::npos) << other.out;
  EXPECT_EQ(engine_->store()->LastPosition(), events) << "nothing added";
}

TEST_F(CliServer, AUnitActsAsItselfAndSeesOnlyItsOwnTasks) {
  auto mine = As(yanta_, {"my", "tasks"});
  ASSERT_EQ(mine.exit_code, 0) << mine.err;
  EXPECT_NE(mine.out.find("Y1"), std::string::npos) << mine.out;
  EXPECT_NE(mine.out.find("B1"), std::string::npos) << "a cooperating unit's task too\n" << mine.out;
  EXPECT_EQ(mine.out.find("B2"), std::string::npos) << "never another unit's task";

  auto ack = As(yanta_, {"task", "ack", "Y1"});
  ASSERT_EQ(ack.exit_code, 0) << ack.err;
  auto events = ServerEvents("task-Y1");
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events.value().back().actor.role, "unit");
  EXPECT_EQ(events.value().back().actor.id, "yanta");

  const int64_t before = engine_->store()->LastPosition();
  auto other = As(yanta_, {"task", "ack", "B2"});
  EXPECT_EQ(other.exit_code, 2) << other.err;
  // In the CLI's language (Chinese by default), with the server's advice: a token, not --as.
  EXPECT_NE(other.err.find("单位 yanta 不是任务 B2 的责任单位"), std::string::npos) << other.err;
  EXPECT_NE(other.err.find("令牌"), std::string::npos) << other.err;
  EXPECT_EQ(engine_->store()->LastPosition(), before + 1) << "nothing written to B2; the refusal recorded in the security log";
  auto in_english = As(yanta_, {"--lang", "en", "task", "ack", "B2"});
  EXPECT_NE(in_english.err.find("unit yanta is not responsible for task B2"), std::string::npos) << in_english.err;
  auto as_other = As(yanta_, {"--as", "beilin", "task", "ack", "B2"});
  EXPECT_EQ(as_other.exit_code, 2);
  EXPECT_NE(as_other.err.find("--as"), std::string::npos) << as_other.err;

  auto history = As(yanta_, {"history", "Y1"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find("TaskAcknowledged"), std::string::npos) << history.out;
  EXPECT_NE(As(yanta_, {"history", "B2"}).exit_code, 0) << "not its task";
  auto verify = As(yanta_, {"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err << verify.out;
  auto inbox = As(yanta_, {"inbox"});
  ASSERT_EQ(inbox.exit_code, 0) << inbox.err;
  EXPECT_NE(inbox.out.find("Y1"), std::string::npos) << "its own notifications\n" << inbox.out;
}

TEST_F(CliServer, AWrongServerTokenOrConfigIsAOneLineError) {
  auto one_line = [](const CliRun& r) { return std::count(r.err.begin(), r.err.end(), '\n') == 1; };
  auto nobody = RunCli({"--server", "http://127.0.0.1:1", "--data", dir_.sub("r0"), "task", "list"},
                       {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}});
  EXPECT_EQ(nobody.exit_code, 3) << nobody.err;
  EXPECT_NE(nobody.err.find("连不上 http://127.0.0.1:1"), std::string::npos) << "Chinese by default\n" << nobody.err;
  EXPECT_TRUE(one_line(nobody)) << nobody.err;
  auto nobody_en = RunCli({"--lang", "en", "--server", "http://127.0.0.1:1", "--data", dir_.sub("r0"), "task", "list"},
                          {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}});
  EXPECT_EQ(nobody_en.exit_code, 3) << nobody_en.err;
  EXPECT_NE(nobody_en.err.find("cannot reach http://127.0.0.1:1"), std::string::npos) << nobody_en.err;

  auto bad = As("sct_not_a_token", {"task", "list"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("令牌无效；请向创建办申领"), std::string::npos) << "in the CLI's language, Chinese by default\n" << bad.err;
  auto bad_en = As("sct_not_a_token", {"--lang", "en", "task", "list"});
  EXPECT_EQ(bad_en.exit_code, 2) << bad_en.err;
  EXPECT_NE(bad_en.err.find("unknown token; ask the office for one"), std::string::npos) << bad_en.err;
  auto none = RunCli({"--server", url_, "task", "list"}, {{"SAFECITY_TOKEN", ""}, {"HOME", dir_.path()}});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("SAFECITY_TOKEN"), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("没有访问"), std::string::npos) << none.err;
  auto not_url = As(office_, {"--server", "127.0.0.1:8080", "task", "list"});
  EXPECT_EQ(not_url.exit_code, 2);
  EXPECT_NE(not_url.err.find("--server"), std::string::npos) << not_url.err;
  auto at = As(office_, {"--at", "2023-03-15T09:00:00+08:00", "task", "list"});
  EXPECT_EQ(at.exit_code, 2);
  EXPECT_NE(at.err.find("--at"), std::string::npos) << at.err;
  // A webhook secret derives from the server's master key: a client cannot
  // issue one that would work, so it is told where to run the command.
  for (const std::vector<std::string>& secret_cmd :
       {std::vector<std::string>{"webhook", "key", "issue", "--unit", "yanta"},
        std::vector<std::string>{"webhook", "subscribe", "--unit", "yanta", "--url", "http://127.0.0.1:1/hook"}}) {
    auto refused = As(office_, secret_cmd);
    EXPECT_EQ(refused.exit_code, 2) << refused.err;
    EXPECT_NE(refused.err.find("server's master key"), std::string::npos) << refused.err;
    EXPECT_TRUE(one_line(refused)) << refused.err;
  }

  // The config file: server and token, readable by its owner only.
  const std::string config = dir_.sub("config.json");
  std::ofstream(config) << Json{{"server", url_}, {"token", office_}}.dump();
  chmod(config.c_str(), 0644);
  auto open = RunCli({"--data", dir_.sub("r1"), "task", "list"}, {{"SAFECITY_CONFIG", config}, {"SAFECITY_TOKEN", ""}, {"HOME", dir_.path()}});
  EXPECT_EQ(open.exit_code, 2);
  EXPECT_NE(open.err.find("chmod 600"), std::string::npos) << open.err;
  chmod(config.c_str(), 0600);
  auto ok = RunCli({"--data", dir_.sub("r1"), "task", "list"}, {{"SAFECITY_CONFIG", config}, {"SAFECITY_TOKEN", ""}, {"HOME", dir_.path()}});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("B2"), std::string::npos) << ok.out;

  // A replica (what the queries not yet answered by the server read) is one
  // server's, for one scope: not a data directory of its own log.
  auto verified = RunCli({"--data", dir_.sub("r1"), "verify"}, {{"SAFECITY_CONFIG", config}, {"SAFECITY_TOKEN", ""}, {"HOME", dir_.path()}});
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  auto local = RunCli({"--data", dir_.sub("local"), "init"}, {});
  ASSERT_EQ(local.exit_code, 0);
  ASSERT_EQ(RunCli({"--data", dir_.sub("local"), "unit", "add", "--id", "x", "--name", "某单位"}, {}).exit_code, 0);
  auto mixed = As(office_, {"verify"}, "local");
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_NE(mixed.err.find("--data"), std::string::npos) << mixed.err;
  auto scope = As(yanta_, {"verify"}, "r1");
  EXPECT_EQ(scope.exit_code, 2) << "the office's replica is not the unit's";
  EXPECT_NE(scope.err.find("unit:yanta"), std::string::npos) << scope.err;
}

// Task lists, a task in full and a stream's history come from the server's
// query API (GET /v1/tasks, /v1/my/tasks, /v1/streams/{stream}/state and
// /events): no replica is made for them, and they read as on a local store.
TEST_F(CliServer, TasksComeFromTheServerWithoutAReplica) {
  Must(Cmd("assign-P1", "task.assign", "task-P1", Office(),
           Json{{"task_id", "P1"}, {"title", "电动自行车集中充电设施建设"}, {"lead_unit", "yanta"}, {"deadline_pending", "按照国家确定时间实施"}}));
  Must(Cmd("ack-Y1", "task.acknowledge", "task-Y1", UnitActor("yanta"), Json::object()));
  Must(Cmd("ext-Y1", "task.request_extension", "task-Y1", UnitActor("yanta"),
           Json{{"new_deadline", "2031-06-01"}, {"reason", "多部门协调"}}));

  // A unit's open work, earliest deadline first and the pending one last, each
  // lead unit by its name (碑林区 leads B1, which yanta only cooperates on).
  const std::string unit_data = dir_.sub("unit-phone");
  auto mine = As(yanta_, {"my", "tasks"}, "unit-phone");
  ASSERT_EQ(mine.exit_code, 0) << mine.err;
  const size_t b1 = mine.out.find("B1"), p1 = mine.out.find("P1");
  ASSERT_NE(b1, std::string::npos) << mine.out;
  ASSERT_NE(p1, std::string::npos) << mine.out;
  EXPECT_LT(b1, p1) << "dated tasks before the one whose deadline is pending\n" << mine.out;
  EXPECT_NE(mine.out.find("碑林区"), std::string::npos) << mine.out;
  EXPECT_NE(mine.out.find("待定（按照国家确定时间实施）"), std::string::npos) << mine.out;
  EXPECT_EQ(mine.out.find("B2"), std::string::npos) << mine.out;
  EXPECT_FALSE(std::filesystem::exists(unit_data)) << "a unit's phone keeps no copy of the log";

  // The office by a unit's name, by the extensions waiting for it, a page at a time.
  auto by_name = As(office_, {"-o", "json", "task", "list", "--unit", "雁塔区"}, "office-laptop");
  ASSERT_EQ(by_name.exit_code, 0) << by_name.err;
  std::set<std::string> ids;
  for (const Json& row : Json::parse(by_name.out)) ids.insert(row["task_id"].get<std::string>());
  EXPECT_EQ(ids, (std::set<std::string>{"Y1", "B1", "P1"})) << by_name.out;
  auto waiting = As(office_, {"-o", "json", "task", "list", "--extension-pending"}, "office-laptop");
  ASSERT_EQ(waiting.exit_code, 0) << waiting.err;
  ASSERT_EQ(Json::parse(waiting.out).size(), 1u) << waiting.out;
  EXPECT_EQ(Json::parse(waiting.out)[0]["task_id"], "Y1");
  auto page = As(office_, {"task", "list", "--open", "--limit", "2"}, "office-laptop");
  ASSERT_EQ(page.exit_code, 0) << page.err;
  EXPECT_NE(page.err.find("还有 2 个任务未列出"), std::string::npos) << page.err;

  // One task in full: what the server folds is what a local store folds.
  auto shown = As(office_, {"-o", "json", "task", "show", "Y1"}, "office-laptop");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  auto local = RunCli({"--data", dir_.sub("server"), "-o", "json", "task", "show", "Y1"});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  EXPECT_EQ(Json::parse(shown.out), Json::parse(local.out));
  EXPECT_EQ(Json::parse(shown.out)["extension_request"]["reason"], "多部门协调") << shown.out;
  auto full = As(office_, {"task", "show", "B1"}, "office-laptop");
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_NE(full.out.find("碑林区"), std::string::npos) << full.out;
  EXPECT_NE(full.out.find("雁塔区"), std::string::npos) << "the cooperating unit by its name\n" << full.out;
  EXPECT_NE(As(yanta_, {"task", "show", "B2"}, "unit-phone").exit_code, 0) << "not the unit's task";
  auto unknown = As(office_, {"task", "show", "NOPE"}, "office-laptop");
  auto unknown_here = RunCli({"--data", dir_.sub("server"), "task", "show", "NOPE"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, unknown_here.err) << "an unknown task is said as a local store says it";
  EXPECT_NE(unknown.err.find("没有任务“NOPE”"), std::string::npos) << unknown.err;

  // A task's history, now and as it stood then, as a local store tells it.
  for (const std::vector<std::string>& history :
       {std::vector<std::string>{"history", "Y1"}, {"history", "Y1", "--json"}, {"-o", "json", "history", "Y1", "--as-of", "2099-01-01"},
        {"history", "task-Y1", "--as-of", "2099-01-01"}}) {
    auto remote = As(yanta_, history, "unit-phone");
    std::vector<std::string> args{"--data", dir_.sub("server")};
    args.insert(args.end(), history.begin(), history.end());
    auto here = RunCli(args);
    ASSERT_EQ(remote.exit_code, 0) << remote.err;
    ASSERT_EQ(here.exit_code, 0) << here.err;
    EXPECT_EQ(remote.out, here.out) << history.back();
  }
  EXPECT_NE(As(yanta_, {"history", "B2"}, "unit-phone").exit_code, 0) << "not the unit's task";

  // The units with their rates: the office sees every unit, a unit its own row.
  for (const char* how : {"table", "json"}) {
    auto remote = As(office_, {"-o", how, "unit", "list"}, "office-laptop");
    auto here = RunCli({"--data", dir_.sub("server"), "-o", how, "unit", "list"});
    ASSERT_EQ(remote.exit_code, 0) << remote.err;
    EXPECT_EQ(remote.out, here.out);
  }
  auto own = As(yanta_, {"-o", "json", "unit", "list"}, "unit-phone");
  ASSERT_EQ(own.exit_code, 0) << own.err;
  ASSERT_EQ(Json::parse(own.out).size(), 1u) << own.out;
  EXPECT_EQ(Json::parse(own.out)[0]["id"], "yanta");
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("office-laptop"))) << "queries alone make no replica";
  EXPECT_FALSE(std::filesystem::exists(unit_data));

  // A unit the server does not know: one line naming it, nothing listed.
  auto nowhere = As(office_, {"task", "list", "--unit", "曲江新区"}, "office-laptop");
  EXPECT_EQ(nowhere.exit_code, 2) << nowhere.err << nowhere.out;
  EXPECT_NE(nowhere.err.find("--unit: 没有单位“曲江新区”"), std::string::npos) << nowhere.err;
  EXPECT_EQ(std::count(nowhere.err.begin(), nowhere.err.end(), '\n'), 1) << nowhere.err;
}

// `safecity audit sync`: the auditor's deliberate copy of the server's log,
// checked against the server's signed checkpoints, then queried offline.
TEST_F(CliServer, AnAuditorsCopyIsCheckedAgainstTheSignedCheckpointsAndQueriedOffline) {
  const std::string key_path = dir_.sub("keys/checkpoint.key"), pub = key_path + ".pub";
  std::filesystem::create_directories(dir_.sub("keys"));
  ASSERT_TRUE(checkpoint::GenerateKeyPair(key_path).ok());
  auto key = checkpoint::SigningKey::Load(key_path, dir_.sub("server"));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  ASSERT_TRUE(PublishCheckpoint(engine_.get(), *key.value(), NowMs(), Office()).ok());
  Must(Cmd("assign-Y9", "task.assign", "task-Y9", Office(), AssignData("Y9", "yanta", {}, "2031-04-15")));
  const std::string copy = dir_.sub("audit-copy");

  auto synced = As(auditor_, {"audit", "sync", "--dir", copy, "--public-key", pub});
  ASSERT_EQ(synced.exit_code, 0) << synced.err << synced.out;
  const int64_t server_events = engine_->store()->LastPosition();
  EXPECT_NE(synced.out.find("the server's log holds " + std::to_string(server_events)), std::string::npos)
      << "every leaf, the token streams' too: " << synced.out;
  EXPECT_NE(synced.out.find("matching every checkpoint the log recorded (1)"), std::string::npos) << synced.out;

  // A key that did not sign the checkpoints, and a unit's token, are refused.
  ASSERT_TRUE(checkpoint::GenerateKeyPair(dir_.sub("keys/other.key")).ok());
  auto other = As(auditor_, {"audit", "sync", "--dir", copy, "--public-key", dir_.sub("keys/other.key.pub")});
  EXPECT_EQ(other.exit_code, 1) << other.err << other.out;
  EXPECT_NE(other.out.find("NOT SIGNED"), std::string::npos) << other.out;
  auto unit = As(yanta_, {"audit", "sync", "--dir", dir_.sub("unit-copy")});
  EXPECT_NE(unit.exit_code, 0);
  EXPECT_NE(unit.err.find("auditor"), std::string::npos) << unit.err;

  // Offline: the server is gone; the copy answers and proves itself.
  server_->Stop();
  auto verified = RunCli({"--data", copy, "verify", "--public-key", pub});
  EXPECT_EQ(verified.exit_code, 0) << verified.err << verified.out;
  EXPECT_NE(verified.out.find("matching every checkpoint the log recorded (1)"), std::string::npos) << verified.out;
  auto tasks = RunCli({"--data", copy, "task", "list"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  for (const char* id : {"Y1", "B1", "Y9"}) EXPECT_NE(tasks.out.find(id), std::string::npos) << id << "\n" << tasks.out;

  // A copy whose events no longer match the server's leaves is broken.
  {
    auto st = Store::Open(copy);
    ASSERT_TRUE(st.ok());
    std::string origin;
    auto leaves = AuditedLeaves(st.value().get(), &origin);
    ASSERT_TRUE(leaves.ok());
    ASSERT_EQ(static_cast<int64_t>(leaves.value().size()), server_events);
    std::vector<merkle::Hash> altered = leaves.value();
    altered.back()[0] ^= 1;  // the last event, Y9's assignment, which the copy holds
    ASSERT_TRUE(RecordAuditedLeaves(st.value().get(), origin, altered).ok());
  }
  auto broken = RunCli({"--data", copy, "verify"});
  EXPECT_EQ(broken.exit_code, 1) << broken.err << broken.out;
  EXPECT_NE(broken.out.find("task-Y9@1"), std::string::npos) << broken.out;
}


}  // namespace
}  // namespace safecity::testing
