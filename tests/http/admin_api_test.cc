// The office's administration lists over HTTP: the access tokens
// (GET /v1/tokens), the inbound webhook keys (GET /v1/webhooks/keys), the
// webhook subscriptions and deliveries (GET /v1/webhooks/subscriptions,
// /v1/webhooks/deliveries) and the follow-up commands a workflow refused
// (GET /v1/reactions). The CLI with --server prints them as it prints them
// from a local store, keeping no replica; a unit sees only its own webhooks,
// and no list ever holds a secret or a token's hash.
#include <filesystem>

#include <gtest/gtest.h>
#include <httplib.h>
#include <rocksdb/write_batch.h>

#include "connectors/http/api_server.h"
#include "engine/command_processor.h"
#include "engine/engine.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "tests/http/api_client.h"
#include "tests/http/api_fixture.h"
#include "tests/test_util.h"
#include "workflows/common.h"
#include "workflows/rectification/task_refusals.h"

namespace safecity::testing {
namespace {

class AdminApi : public LoopbackApi {
 protected:
  void SetUp() override {
    data_ = dir_.sub("data");
    for (std::vector<std::string> args :
         {std::vector<std::string>{"init"},
          {"--at", "2023-03-01", "template", "install", "xian2023"},
          {"--at", "2023-03-01", "token", "issue", "--role", "inspector", "--principal", "第一组", "--label", "核查组", "--id", "insp-old"},
          {"--at", "2023-03-02", "token", "revoke", "insp-old", "--reason", "人员调整"},
          {"--at", "2023-03-01", "webhook", "key", "issue", "--unit", "碑林区", "--id", "beilin-sys"},
          {"--at", "2023-03-01", "webhook", "key", "issue", "--unit", "雁塔区", "--id", "yanta-old"},
          {"--at", "2023-03-02", "webhook", "key", "revoke", "yanta-old", "--reason", "系统更换"},
          {"--at", "2023-03-01", "webhook", "subscribe", "--unit", "碑林区", "--url", "http://127.0.0.1:9/beilin", "--id", "sub-beilin"},
          {"--at", "2023-03-01", "webhook", "subscribe", "--unit", "雁塔区", "--url", "http://127.0.0.1:9/yanta", "--id", "sub-yanta",
           "--kinds", "task_assigned"},
          {"--at", "2023-03-03", "task", "assign", "--id", "BL-1", "--title", "老旧小区燃气管道改造", "--lead", "碑林区", "--deadline",
           "2023-06-30"},
          {"--at", "2023-03-03", "task", "assign", "--id", "YT-1", "--title", "电动车集中充电设施", "--lead", "雁塔区", "--deadline",
           "2023-06-30"}}) {
      args.insert(args.begin(), {"--data", data_});
      CliRun r = RunCli(args);
      ASSERT_EQ(r.exit_code, 0) << args[2] << ": " << r.err << r.out;
    }
    {  // a follow-up command its workflow refused, as the reaction runner records it
      auto st = Store::Open(data_, {false, true});
      ASSERT_TRUE(st.ok()) << st.status().ToString();
      Status refusal = Status::Refusal(Status::Code::kForbidden, "actor", rectification::kRoleNotResponsible,
                                       WithRole("unit", {{"task", "BL-1"}, {"lead", "xa-beilin"}}));
      Json rec = Rejection("pm-escalate-BL-1", "task-BL-1", refusal).body;
      rec["type"] = "task.escalate";
      rec["cause"] = "clock-city/1";
      rec["cause_type"] = "ClockTicked";
      rocksdb::WriteBatch b;
      b.Put(st.value()->handle(Cf::kMeta), "reaction_refused/pm-escalate-BL-1", CanonicalJson(rec));
      ASSERT_TRUE(st.value()->Write(&b, true).ok());
    }
    OpenExistingEngine(data_);
    office_ = Token("office-wang", "office", "", "wang");
    auditor_ = Token("audit-li", "auditor", "", "li");
    inspector_ = Token("insp-1", "inspector", "", "第一组");
    beilin_ = Token("beilin-cli", "unit", "xa-beilin");
    StartServer(LoopbackOptions());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  Reply Get(const std::string& path, const std::string& token, httplib::Headers extra = {}) {
    return From(client_->Get(path.c_str(), Auth(token, extra)));
  }
  CliRun Remote(std::vector<std::string> args, const std::string& token) { return RemoteCli(std::move(args), token, dir_.sub("laptop")); }
  static std::vector<std::string> Ids(const Json& items, const char* field) {
    std::vector<std::string> ids;
    for (const Json& i : items) ids.push_back(i.value(field, ""));
    return ids;
  }

  std::unique_ptr<httplib::Client> client_;
  std::string data_, office_, auditor_, inspector_, beilin_;
};

TEST_F(AdminApi, TheCliWithAServerListsTokensKeysWebhooksAndRefusedReactionsAsALocalStoreDoes) {
  const std::vector<std::vector<std::string>> lists{
      {"token", "list"},
      {"token", "list", "--all"},
      {"webhook", "key", "list"},
      {"webhook", "key", "list", "--all"},
      {"webhook", "subscriptions"},
      {"deliveries", "list"},
      {"deliveries", "list", "--unit", "碑林区"},
      {"deliveries", "list", "--state", "delivered"},
      {"reactions"},
      {"--lang", "en", "reactions"}};
  for (const std::string& token : {office_, auditor_})
    for (const auto& list : lists)
      for (const char* how : {"table", "json"}) {
        std::vector<std::string> remote{"-o", how}, here{"--data", data_, "-o", how};
        remote.insert(remote.end(), list.begin(), list.end());
        here.insert(here.end(), list.begin(), list.end());
        CliRun asked = Remote(remote, token);
        CliRun read = RunCli(here);
        ASSERT_EQ(asked.exit_code, 0) << asked.err;
        ASSERT_EQ(read.exit_code, 0) << read.err;
        EXPECT_EQ(asked.out, read.out) << list.back() << " " << how;
      }
  // What the lists hold, read through the server.
  CliRun tokens = Remote({"token", "list", "--all"}, office_);
  EXPECT_NE(tokens.out.find("insp-old"), std::string::npos) << tokens.out;
  EXPECT_NE(tokens.out.find("已吊销"), std::string::npos) << tokens.out;
  EXPECT_EQ(Remote({"token", "list"}, office_).out.find("insp-old"), std::string::npos) << "active ones only";
  CliRun deliveries = Remote({"deliveries", "list", "--unit", "碑林区"}, office_);
  EXPECT_NE(deliveries.out.find("xa-beilin"), std::string::npos) << deliveries.out;
  EXPECT_EQ(deliveries.out.find("xa-yanta"), std::string::npos) << deliveries.out;
  const int64_t connections_before = server_->transport_stats().accepted_connections;
  ASSERT_EQ(Remote({"inbox"}, office_).exit_code, 0);
  EXPECT_EQ(server_->transport_stats().accepted_connections - connections_before, 1) << "who acts and the inbox: one connection";
  CliRun reactions = Remote({"reactions"}, office_);
  EXPECT_NE(reactions.out.find("pm-escalate-BL-1"), std::string::npos) << reactions.out;
  EXPECT_NE(reactions.out.find("单位不是任务 BL-1 的责任单位"), std::string::npos) << "the CLI's words: " << reactions.out;
  CliRun en = Remote({"--lang", "en", "reactions"}, office_);
  EXPECT_NE(en.out.find("the unit is not responsible for task BL-1"), std::string::npos) << en.out;
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("laptop"))) << "no replica";
}

TEST_F(AdminApi, NoListHoldsASecretAndAUnitSeesOnlyItsOwnWebhooks) {
  Reply tokens = Get("/v1/tokens?all=true", office_);
  ASSERT_EQ(tokens.status, 200) << tokens.text;
  EXPECT_EQ(tokens.text.find("sha256"), std::string::npos) << "never a token's hash: " << tokens.text;
  EXPECT_TRUE(tokens.body["next_cursor"].is_null());
  const auto ids = Ids(tokens.body["items"], "token_id");
  EXPECT_NE(std::find(ids.begin(), ids.end(), "insp-old"), ids.end());
  EXPECT_EQ(Get("/v1/tokens?all=maybe", office_).status, 400);
  EXPECT_EQ(Get("/v1/tokens?all=", office_).status, 400) << "given empty: neither true nor false";

  for (const char* path : {"/v1/webhooks/keys?all=true", "/v1/webhooks/subscriptions?all=true"}) {
    Reply listed = Get(path, auditor_);
    ASSERT_EQ(listed.status, 200) << listed.text;
    EXPECT_FALSE(listed.body["items"].empty()) << path;
    EXPECT_EQ(listed.text.find("fingerprint"), std::string::npos) << "no hash of a secret: " << listed.text;
  }
  Reply subscriptions = Get("/v1/webhooks/subscriptions?unit=碑林区", office_);
  ASSERT_EQ(subscriptions.status, 200) << subscriptions.text;
  EXPECT_EQ(Ids(subscriptions.body["items"], "subscription_id"), std::vector<std::string>{"sub-beilin"});
  EXPECT_EQ(Get("/v1/webhooks/subscriptions", beilin_).status, 403) << "whsub streams are the office's and auditors', as stream_access says";
  Reply named = Get("/v1/webhooks/deliveries?unit=碑林区", beilin_);
  ASSERT_EQ(named.status, 200) << named.text;
  ASSERT_FALSE(named.body["items"].empty());
  for (const Json& n : named.body["items"]) {
    EXPECT_EQ(n["recipient"], "xa-beilin");
    EXPECT_EQ(n["channel"], "webhook");
  }
  // An inspector named like the unit is not it: its webhook copy is not the unit's to see.
  Must(Cmd("q-insp", "notification.queue", "notification-insp-beilin", Actor{"process-manager", "system"},
           Json{{"notification_id", "insp-beilin"}, {"recipient", "xa-beilin"}, {"recipient_role", "inspector"}, {"channel", "webhook"},
                {"kind", "verification_assigned"}, {"subject", "核查任务"}, {"body", "请核查 BL-1"}, {"ref", "task-BL-1"}},
           FormatIsoMs(NowMs())));
  Reply mine = Get("/v1/webhooks/deliveries", beilin_);
  ASSERT_EQ(mine.status, 200) << mine.text;
  EXPECT_EQ(mine.text.find("insp-beilin"), std::string::npos) << mine.text;
  EXPECT_NE(Get("/v1/webhooks/deliveries", office_).text.find("insp-beilin"), std::string::npos) << "the office sees it";
  Reply other = Get("/v1/webhooks/deliveries?unit=雁塔区", beilin_);
  EXPECT_EQ(other.status, 403) << other.text;
  EXPECT_EQ(other.body["reason"], "api.unit_sees_its_own_webhooks");
  EXPECT_EQ(other.text.find("xa-yanta"), std::string::npos) << "told nothing of another unit: " << other.text;

  for (const char* path : {"/v1/tokens", "/v1/webhooks/keys", "/v1/webhooks/subscriptions", "/v1/reactions"}) {
    Reply unit = Get(path, beilin_);
    EXPECT_EQ(unit.status, 403) << path << " " << unit.text;
    Reply inspector = Get(path, inspector_);
    EXPECT_EQ(inspector.status, 403) << path << " " << inspector.text;
  }
  Reply inspector = Get("/v1/webhooks/deliveries", inspector_, {{"Accept-Language", "en"}});
  EXPECT_EQ(inspector.status, 403);
  EXPECT_EQ(inspector.body["reason"], "api.webhook_list_readers");
  EXPECT_NE(inspector.text.find("not for the role inspector"), std::string::npos) << inspector.text;
  // What the access table says of these kinds, the stream routes say too.
  EXPECT_EQ(Get("/v1/streams/whsub-sub-beilin/state", beilin_).status, 403);
  Reply state = Get("/v1/streams/whsub-sub-beilin/state", auditor_);
  ASSERT_EQ(state.status, 200) << state.text;
  EXPECT_EQ(state.body["hidden"], Json::array({"fingerprint"})) << state.text;
  EXPECT_EQ(state.text.find("\"fingerprint\":"), std::string::npos) << "the hash itself left out: " << state.text;

  Reply refused = Get("/v1/reactions", auditor_, {{"Accept-Language", "en"}});
  ASSERT_EQ(refused.status, 200) << refused.text;
  EXPECT_EQ(refused.headers.count("Vary") ? refused.headers.find("Vary")->second : "", "Accept-Language") << "the words follow the language";
  ASSERT_EQ(refused.body["items"].size(), 1u) << refused.text;
  const Json& r = refused.body["items"][0];
  EXPECT_EQ(r["command"], "pm-escalate-BL-1");
  EXPECT_EQ(r["cause_type"], "ClockTicked");
  EXPECT_EQ(r["refusal"]["status"], 403);
  EXPECT_EQ(r["refusal"]["reason"], "task.role_not_responsible");
  EXPECT_NE(r["refusal"]["detail"].get<std::string>().find("not responsible for task BL-1"), std::string::npos) << r.dump();
}

}  // namespace
}  // namespace safecity::testing
