// Persons log in as persons (issue 18): accounts added by the office with an
// Argon2id hash of the password (never the password, never shown again), a
// session in an HttpOnly, SameSite=Strict cookie, a CSRF token on every
// change, a locked name after repeated failures, and a disabled account shut
// out at its next request. Real HTTP on loopback, a real store.
#include <filesystem>

#include <gtest/gtest.h>
#include <httplib.h>

#include "connectors/http/api_server.h"
#include "connectors/http/password.h"
#include "engine/checkpoint.h"
#include "engine/checkpoint_publisher.h"
#include "engine/engine.h"
#include "tests/http/api_client.h"
#include "tests/http/api_fixture.h"
#include "engine/time_util.h"
#include "tests/test_util.h"
#include "workflows/access/security_log.h"
#include "workflows/access/user_account.h"

namespace safecity::testing {
namespace {

class LoginApi : public LoopbackApi {
 protected:
  void SetUp() override {
    OpenEngine(dir_.sub("data"));
    Must(Cmd("assign-Y1", "task.assign", "task-Y1", Office(), AssignData("Y1", "yanta", {}, "2031-04-15")));
    AddUser("yt.li", "unit", "yanta", "雁塔区整改专班-01");
    AddUser("王工", "inspector", "", "核查组第一组-2023");
    office_ = Token("office-wang", "office", "", "wang");
    ASSERT_TRUE(engine_->Settle().ok());
    StartServer(LoopbackOptions());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void AddUser(const std::string& login, const std::string& role, const std::string& unit, const std::string& password) {
    const std::string id = access::UserIdOf(login);
    Json data{{"user_id", id}, {"login", login}, {"role", role}, {"password_hash", http::HashPassword(password).value()}};
    if (!unit.empty()) data["unit"] = unit;
    Must(Cmd("add-" + id, "user.add", "user-" + id, Office(), data));
  }
  Reply Login(const std::string& login, const std::string& password) {
    return From(client_->Post("/v1/sessions", Json{{"login", login}, {"password", password}}.dump(), "application/json"));
  }
  // The cookie's "name=value" from a login's Set-Cookie.
  static std::string CookieOf(const Reply& r) {
    auto it = r.headers.find("Set-Cookie");
    if (it == r.headers.end()) return "";
    return it->second.substr(0, it->second.find(';'));
  }
  Reply GetWith(const std::string& path, const std::string& cookie) {
    return From(client_->Get(path.c_str(), httplib::Headers{{"Cookie", cookie}}));
  }
  Reply PostWith(const std::string& path, const Json& body, const std::string& cookie, const std::string& csrf) {
    httplib::Headers h{{"Cookie", cookie}};
    if (!csrf.empty()) h.emplace("X-CSRF-Token", csrf);
    return From(client_->Post(path.c_str(), h, body.dump(), "application/json"));
  }

  std::unique_ptr<httplib::Client> client_;
  std::string office_;
};

TEST_F(LoginApi, APersonLogsInWithACookieAndActsAsTheirAccountWithTheCsrfToken) {
  Reply in = Login("yt.li", "雁塔区整改专班-01");
  ASSERT_EQ(in.status, 201) << in.text;
  const std::string set_cookie = in.headers.find("Set-Cookie")->second;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain HTTP on loopback: not Secure";
  EXPECT_EQ(in.body["acts_as"], (Json{{"id", "yanta"}, {"role", "unit"}})) << "a unit's staff act as the unit";
  EXPECT_EQ(in.text.find("argon2"), std::string::npos) << "no hash in the answer";
  const std::string cookie = CookieOf(in), csrf = in.body["csrf_token"];
  ASSERT_EQ(csrf.size(), 64u);

  Reply mine = GetWith("/v1/my/tasks", cookie);
  ASSERT_EQ(mine.status, 200) << mine.text;
  EXPECT_EQ(mine.headers.find("Cache-Control")->second, "private, no-store") << "a person's page is cached nowhere";
  ASSERT_EQ(mine.body["items"].size(), 1u);
  EXPECT_EQ(mine.body["items"][0]["task_id"], "Y1");
  Reply again = GetWith("/v1/sessions/current", cookie);
  ASSERT_EQ(again.status, 200) << again.text;
  EXPECT_EQ(again.body["csrf_token"], csrf) << "a reloaded page gets its token back";

  // A change without the CSRF token is what a page of another site would send: refused, nothing written.
  const Json ack{{"stream", "task-Y1"}, {"data", Json::object()}};
  Reply forged = PostWith("/v1/commands/task.acknowledge", ack, cookie, "");
  EXPECT_EQ(forged.status, 403) << forged.text;
  EXPECT_EQ(forged.body["reason"], "api.csrf_missing");
  EXPECT_EQ(engine_->store()->ReadStream("task-Y1").value().size(), 1u) << "nothing written";
  Reply wrong = PostWith("/v1/commands/task.acknowledge", ack, cookie, std::string(64, '0'));
  EXPECT_EQ(wrong.status, 403) << wrong.text;
  Reply done = PostWith("/v1/commands/task.acknowledge", ack, cookie, csrf);
  ASSERT_EQ(done.status, 200) << done.text;
  auto events = engine_->store()->ReadStream("task-Y1").value();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].actor.id, "yanta");
  EXPECT_EQ(events[1].actor.role, "unit");

  // The login is on the day's security log, which auditors read.
  int logins = 0;
  auto day = engine_->store()->ReadStream(access::SecurityStreamFor(NowMs()));
  ASSERT_TRUE(day.ok());
  for (const EventEnvelope& e : day.value())
    if (e.type == "LoginSucceeded") {
      ++logins;
      EXPECT_EQ(e.data["login"], "yt.li") << e.data.dump();
      EXPECT_EQ(e.data["principal"], "yanta");
      EXPECT_EQ(e.data["role"], "unit");
    }
  EXPECT_EQ(logins, 1);

  // Logging out ends the session at once.
  Reply out = From(client_->Delete("/v1/sessions/current", httplib::Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}}));
  EXPECT_EQ(out.status, 204) << out.text;
  EXPECT_NE(out.headers.find("Set-Cookie")->second.find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(GetWith("/v1/my/tasks", cookie).status, 401);
}

TEST_F(LoginApi, AWrongPasswordAndAnUnknownLoginReadTheSameAndTheFifthFailureLocksTheName) {
  Reply wrong = Login("王工", "not-the-password");
  Reply unknown = Login("张工", "not-the-password");
  EXPECT_EQ(wrong.status, 401) << wrong.text;
  EXPECT_EQ(unknown.status, 401) << unknown.text;
  EXPECT_EQ(wrong.body["reason"], "api.login_failed");
  EXPECT_EQ(wrong.body["detail"], unknown.body["detail"]) << "nothing tells whether the login exists";
  EXPECT_EQ(wrong.headers.count("Set-Cookie"), 0u);
  for (int i = 0; i < 4; ++i) Login("王工", "still-not-the-password");
  Reply locked = Login("王工", "核查组第一组-2023");
  EXPECT_EQ(locked.status, 429) << "locked even with the right password: " << locked.text;
  EXPECT_EQ(locked.body["reason"], "api.login_locked");
  EXPECT_TRUE(locked.headers.count("Retry-After"));
  Reply other = Login("yt.li", "雁塔区整改专班-01");
  EXPECT_EQ(other.status, 201) << "another name is not locked: " << other.text;
  // The office resets the password of a person who was locked out: the lock is lifted with it.
  const std::string id = access::UserIdOf("王工");
  Must(Cmd("reset-" + id, "user.set_password", "user-" + id, Office(),
           Json{{"user_id", id}, {"password_hash", http::HashPassword("核查组新密码-2023-05").value()}}));
  EXPECT_EQ(Login("王工", "核查组新密码-2023-05").status, 201) << "unlocked by the office's reset";

  Reply malformed = From(client_->Post("/v1/sessions", R"({"login":"王工"})", "application/json"));
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.body["field"], "password");
  EXPECT_NE(malformed.body["detail"].get<std::string>().find("password 为密码"), std::string::npos) << malformed.text;
  Reply long_name = Login(std::string(65, 'x'), "whatever-password");
  EXPECT_EQ(long_name.status, 400);
  EXPECT_EQ(long_name.body["field"], "login");
  // What a form of another site sends (text/plain) logs no one in.
  Reply form = From(client_->Post("/v1/sessions", Json{{"login", "yt.li"}, {"password", "雁塔区整改专班-01"}}.dump(), "text/plain"));
  EXPECT_EQ(form.status, 415) << form.text;
  EXPECT_EQ(form.headers.count("Set-Cookie"), 0u);
}

TEST_F(LoginApi, AnyChangeToAnAccountEndsItsSessionsAndAPasswordHashIsInNoProof) {
  const std::string id = access::UserIdOf("yt.li");
  Reply in = Login("yt.li", "雁塔区整改专班-01");
  ASSERT_EQ(in.status, 201) << in.text;
  const std::string cookie = CookieOf(in);
  Must(Cmd("off", "user.disable", "user-" + id, Office(), Json{{"user_id", id}, {"reason", "账户可能被盗用"}}));
  Must(Cmd("on", "user.enable", "user-" + id, Office(), Json{{"user_id", id}, {"reason", "已重设密码"}}));
  EXPECT_EQ(GetWith("/v1/my/tasks", cookie).status, 401) << "disabled and enabled again: the old session is over";
  Reply again = Login("yt.li", "雁塔区整改专班-01");
  ASSERT_EQ(again.status, 201);
  Must(Cmd("reset", "user.set_password", "user-" + id, Office(),
           Json{{"user_id", id}, {"password_hash", http::HashPassword("雁塔区整改专班-02").value()}}));
  EXPECT_EQ(GetWith("/v1/my/tasks", CookieOf(again)).status, 401) << "a reset password ends the session";
  // A person's own account is the office's to change: a session cannot set its password.
  Reply mine = Login("yt.li", "雁塔区整改专班-02");
  ASSERT_EQ(mine.status, 201);
  Reply self = PostWith("/v1/commands/user.set_password",
                        Json{{"stream", "user-" + id}, {"data", {{"user_id", id}, {"password_hash", http::HashPassword("x").value()}}}},
                        CookieOf(mine), mine.body["csrf_token"]);
  EXPECT_EQ(self.status, 403) << self.text;

  // A proof carries its event whole: none is served of an account's events, to no one.
  TempDir keys;
  ASSERT_TRUE(checkpoint::GenerateKeyPair(keys.sub("k")).ok());
  auto key = checkpoint::SigningKey::Load(keys.sub("k"), dir_.sub("data"));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  ASSERT_TRUE(PublishCheckpoint(engine_.get(), *key.value(), NowMs(), Actor{"checkpointer", "system"}).ok());
  const std::string inspector = Token("insp-1", "inspector", "", "第一组");
  for (const std::string& token : {office_, inspector}) {
    Reply proof = From(client_->Get(("/v1/proofs/user-" + id + "@1").c_str(), Auth(token)));
    EXPECT_EQ(proof.status, 403) << proof.text;
    EXPECT_EQ(proof.text.find("argon2"), std::string::npos) << proof.text;
  }
  Reply task = From(client_->Get("/v1/proofs/task-Y1@1", Auth(inspector)));
  EXPECT_EQ(task.status, 200) << "a task's proof is served as before: " << task.text;
}

TEST_F(LoginApi, ADisabledAccountIsShutOutAtItsNextRequestAndNoOneReadsAHash) {
  Reply in = Login("王工", "核查组第一组-2023");
  ASSERT_EQ(in.status, 201) << in.text;
  const std::string cookie = CookieOf(in);
  ASSERT_EQ(GetWith("/v1/hazards", cookie).status, 200);
  const std::string id = access::UserIdOf("王工");
  Must(Cmd("off-" + id, "user.disable", "user-" + id, Office(), Json{{"user_id", id}, {"reason", "调离岗位"}}));
  EXPECT_EQ(GetWith("/v1/hazards", cookie).status, 401) << "the session ended with the account";
  Reply refused = Login("王工", "核查组第一组-2023");
  EXPECT_EQ(refused.status, 403) << refused.text;
  EXPECT_EQ(refused.body["reason"], "api.account_disabled");

  // The office reads the account's history, never its hash; the list leaves it out too.
  Reply history = From(client_->Get(("/v1/streams/user-" + id + "/events").c_str(), Auth(office_)));
  ASSERT_EQ(history.status, 200) << history.text;
  EXPECT_EQ(history.text.find("$argon2id$"), std::string::npos) << history.text;
  Reply users = From(client_->Get("/v1/users?all=true", Auth(office_)));
  ASSERT_EQ(users.status, 200) << users.text;
  EXPECT_EQ(users.body["items"].size(), 2u);
  EXPECT_EQ(users.text.find("argon2"), std::string::npos) << users.text;
}

TEST_F(LoginApi, TheOfficeAddsAnAccountThroughTheCliAndOnlyTheHashLeavesTheLaptop) {
  const std::string url = "http://127.0.0.1:" + std::to_string(server_->port());
  const std::string password = "碑林区-新账户-2023";
  CliRun add = RunCli({"--server", url, "--data", dir_.sub("laptop"), "user", "add", "--name", "赵敏", "--login", "bl.zhao", "--role", "unit", "--unit",
                       "碑林区"},
                      {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}},
                      password + "\n");
  ASSERT_EQ(add.exit_code, 0) << add.err << add.out;
  auto events = engine_->store()->ReadStream("user-" + access::UserIdOf("bl.zhao")).value();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data.dump().find(password), std::string::npos) << "the password is not in the log";
  EXPECT_TRUE(http::VerifyPassword(events[0].data["password_hash"], password));
  Reply in = Login("bl.zhao", password);
  ASSERT_EQ(in.status, 201) << in.text;
  EXPECT_EQ(in.body["acts_as"]["id"], "beilin");
  // As the issue writes it: a person named once, who logs in with that name.
  CliRun named = RunCli({"--server", url, "--data", dir_.sub("laptop"), "user", "add", "--name", "孙工", "--role", "inspector"},
                        {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}},
                        "孙工的核查密码-2023\n");
  ASSERT_EQ(named.exit_code, 0) << named.err;
  Reply sun = Login("孙工", "孙工的核查密码-2023");
  ASSERT_EQ(sun.status, 201) << sun.text;
  EXPECT_EQ(sun.body["acts_as"], (Json{{"id", "孙工"}, {"role", "inspector"}}));
  CliRun weak = RunCli({"--server", url, "--data", dir_.sub("laptop"), "user", "add", "--name", "钱工", "--role", "unit", "--unit",
                        "碑林区"},
                       {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}}, "123\n");
  EXPECT_EQ(weak.exit_code, 2) << weak.err;
  EXPECT_NE(weak.err.find("password: 密码须为 10 到 128 个字节"), std::string::npos) << weak.err;
}

}  // namespace
}  // namespace safecity::testing
