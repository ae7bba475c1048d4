// The HTTP API (connectors/http/api_server.h) over real HTTP on loopback, on a
// real embedded engine: a unit's token acts on its own tasks only, every
// refusal is in the security log, bad requests are problem documents naming
// the field, idempotency keys, pages, health, metrics and the OpenAPI document.
#include <fstream>
#include <mutex>
#include <thread>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <httplib.h>

#include "connectors/http/api_server.h"
#include "connectors/http/openapi.h"
#include "engine/build_info.h"
#include "engine/engine.h"
#include "engine/read_models.h"
#include "engine/schema_registry.h"
#include "engine/sha256.h"
#include "tests/http/api_client.h"
#include "tests/http/api_fixture.h"
#include "tests/test_util.h"
#include "connectors/http/webhook_signature.h"
#include "workflows/access/security_log.h"

namespace safecity::testing {
namespace {

class Api : public LoopbackApi {
 protected:
  void SetUp() override {
    OpenEngine(dir_.path());
    for (int i = 1; i <= 5; ++i)
      Must(Cmd("assign-Y" + std::to_string(i), "task.assign", "task-Y" + std::to_string(i), Office(),
               AssignData("Y" + std::to_string(i), "yanta", {}, "2031-04-15")));
    Must(Cmd("assign-B1", "task.assign", "task-B1", Office(), AssignData("B1", "beilin", {"yanta"}, "2031-04-15")));
    Must(Cmd("assign-B2", "task.assign", "task-B2", Office(), AssignData("B2", "beilin", {}, "2031-04-15")));
    yanta_ = Token("yanta-sys", "unit", "yanta");
    beilin_ = Token("beilin-sys", "unit", "beilin");
    office_ = Token("office-wang", "office", "", "wang");
    auditor_ = Token("audit-li", "auditor", "", "li");
    ASSERT_TRUE(engine_->Settle().ok()) << "the setup's notifications are out before any test subscribes";
    Must(Cmd("whkey-yanta", "webhook_key.issue", "whkey-yanta-sys", Office(),
             Json{{"key_id", "yanta-sys"}, {"unit", "yanta"}, {"fingerprint", Sha256Hex(http::DeriveInboundSecret(kMasterKey, "yanta-sys"))}}));
    StartServer(ServerOptions());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  // A free port, a small body limit, no clock ticks; retries within
  // milliseconds, and a receiver that does not answer in 300 ms counts as failed.
  http::ApiOptions ServerOptions() const {
    http::ApiOptions o = LoopbackOptions();
    o.max_body_bytes = 64 * 1024;
    o.webhook_master_key = kMasterKey;
    o.dispatch.first_backoff_ms = 20;
    o.dispatch.max_backoff_ms = 100;
    o.dispatch.max_attempts = 4;
    o.dispatch.timeout_ms = 300;
    return o;
  }


  Reply Get(const std::string& path, const std::string& token) { return From(client_->Get(path.c_str(), Auth(token))); }
  Reply Post(const std::string& type, const std::string& token, const std::string& body, httplib::Headers extra = {},
             const char* content_type = "application/json") {
    return From(client_->Post(("/v1/commands/" + type).c_str(), Auth(token, extra), body, content_type));
  }
  Reply Post(const std::string& type, const std::string& token, const Json& body, httplib::Headers extra = {}) {
    return Post(type, token, body.dump(), extra);
  }

  // The refusals the security log holds for today, as the auditor reads them.
  Json Refusals() {
    Reply r = Get("/v1/security/" + access::SecurityStreamFor(NowMs()).substr(9) + "?limit=500", auditor_);
    EXPECT_EQ(r.status, 200) << r.text;
    return r.body.value("items", Json::array());
  }

  // A delivery from yanta's system, signed with `secret` at `ts` (default: its key's secret, now).
  Reply Deliver(const Json& body, const std::string& key = "yanta-sys", std::string secret = "", int64_t ts = 0) {
    if (secret.empty()) secret = http::DeriveInboundSecret(kMasterKey, key);
    if (ts == 0) ts = NowMs() / 1000;
    const std::string text = body.is_string() ? body.get<std::string>() : body.dump();
    httplib::Headers h{{"X-Safecity-Key", key},
                       {"X-Safecity-Timestamp", std::to_string(ts)},
                       {"X-Safecity-Signature", http::WebhookSignature(secret, ts, text)}};
    return From(client_->Post("/v1/webhooks/inbound", h, text, "application/json"));
  }

  // Subscribes yanta's system at `url` to every kind of notification.
  void Subscribe(const std::string& id, const std::string& url) {
    Must(Cmd("sub-" + id, "webhook_subscription.create", "whsub-" + id, Office(),
             Json{{"subscription_id", id},
                  {"unit", "yanta"},
                  {"url", url},
                  {"fingerprint", Sha256Hex(http::WebhookDispatcher::SubscriptionSecret(kMasterKey, id))}}));
  }
  // The webhook copy of the notification about `stream`, as its read model shows it.
  Json WebhookNotification(const std::string& stream) {
    Json found = Json::object();
    ReadModelReader reader(engine_->store());
    reader.Scan("ntf/", [&](const std::string&, const std::string& v) {
      Json n = Json::parse(v, nullptr, false);
      if (n.is_object() && n["channel"] == "webhook" && n["ref"] == stream) found = n;
      return found.empty();
    });
    return found;
  }

  const std::string kMasterKey = std::string(32, '\x5a');
  std::unique_ptr<httplib::Client> client_;
  std::string yanta_, beilin_, office_, auditor_;
};

TEST_F(Api, AUnitSeesAndActsOnItsOwnTasksOnly) {
  Reply mine = Get("/v1/my/tasks", yanta_);
  ASSERT_EQ(mine.status, 200) << mine.text;
  std::set<std::string> ids;
  for (const Json& t : mine.body["items"]) ids.insert(t["task_id"].get<std::string>());
  EXPECT_EQ(ids, (std::set<std::string>{"Y1", "Y2", "Y3", "Y4", "Y5", "B1"})) << "lead of Y1-Y5, cooperating on B1; not B2";

  Reply ack = Post("task.acknowledge", yanta_, Json{{"stream", "task-Y1"}});
  ASSERT_EQ(ack.status, 200) << ack.text;
  EXPECT_EQ(ack.body["status"], "accepted");
  EXPECT_EQ(Get("/v1/tasks/Y1", yanta_).body["state"], "acknowledged");
  // The event names the unit the token acts as, whatever the body might claim.
  Reply history = Get("/v1/streams/task-Y1/events", yanta_);
  ASSERT_EQ(history.status, 200) << history.text;
  EXPECT_EQ(history.body["items"].back()["actor"]["id"], "yanta");

  // Another unit's task: 403, and nothing changes.
  Reply other = Post("task.acknowledge", yanta_, Json{{"stream", "task-B2"}});
  EXPECT_EQ(other.status, 403) << other.text;
  EXPECT_EQ(other.content_type, "application/problem+json");
  EXPECT_EQ(other.body["field"], "actor");
  EXPECT_EQ(Get("/v1/tasks/B2", office_).body["state"], "assigned");
  EXPECT_EQ(Get("/v1/tasks/B2", yanta_).status, 403) << "nor may it read another unit's task";
  EXPECT_EQ(Get("/v1/streams/task-B2/events", yanta_).status, 403);
  EXPECT_EQ(Get("/v1/tasks?unit=beilin", yanta_).status, 403);
  EXPECT_EQ(Get("/v1/read-models/unit/beilin", yanta_).status, 403);
  EXPECT_EQ(Get("/v1/security/2031-01-01", yanta_).status, 403) << "the security log is for auditors and the office";

  // Each refusal is on the record with who, what and why: the first whole, at
  // once; the five after it from the same source in one summary.
  Json refusals = Refusals();
  ASSERT_EQ(refusals.size(), 1u) << refusals.dump(1);
  EXPECT_EQ(refusals[0]["principal"], "yanta");
  EXPECT_EQ(refusals[0]["role"], "unit");
  EXPECT_EQ(refusals[0]["token_id"], "yanta-sys");
  EXPECT_EQ(refusals[0]["action"], "task.acknowledge");
  EXPECT_EQ(refusals[0]["target"], "task-B2");
  EXPECT_EQ(refusals[0]["http_status"], 403);
  EXPECT_EQ(refusals[0]["reason"], "forbidden");
  EXPECT_EQ(refusals[0]["remote"], "127.0.0.1");
  server_->Stop();
  Json all = SecurityRows(engine_->store());
  EXPECT_EQ(RefusalsCounted(all), 6) << all.dump(1);
}

TEST_F(Api, ARefusalIsSaidInTheClientsLanguageWithTheApisOwnAdvice) {
  auto header = [](const Reply& r, const char* name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? std::string() : it->second;
  };
  // No Accept-Language: Chinese, the users' first language, and a token, not --as, as the way out.
  Reply zh = Post("task.acknowledge", yanta_, Json{{"stream", "task-B2"}});
  ASSERT_EQ(zh.status, 403) << zh.text;
  const std::string detail = zh.body["detail"];
  EXPECT_NE(detail.find("单位 yanta 不是任务 B2 的责任单位（牵头单位：beilin）"), std::string::npos) << detail;
  EXPECT_NE(detail.find("令牌"), std::string::npos) << detail;
  EXPECT_EQ(detail.find("--as"), std::string::npos) << detail;
  EXPECT_EQ(zh.body["reason"], "task.unit_not_responsible");
  EXPECT_EQ(zh.body["params"]["task"], "B2");
  EXPECT_EQ(zh.body["params"]["lead"], "beilin");
  EXPECT_EQ(header(zh, "Content-Language"), "zh");
  // A client that prefers English gets English, with the same advice for an API client.
  Reply en = Post("task.acknowledge", yanta_, Json{{"stream", "task-B2"}}, {{"Accept-Language", "en-US,en;q=0.9,zh;q=0.5"}});
  ASSERT_EQ(en.status, 403) << en.text;
  EXPECT_EQ(en.body["detail"],
            "actor: unit yanta is not responsible for task B2 (lead: beilin); send it with a token of its lead or a cooperating unit");
  EXPECT_EQ(header(en, "Content-Language"), "en");
  // A state that does not allow it, in Chinese: the state in both words.
  Reply early = Post("task.submit", yanta_, Json{{"stream", "task-Y2"}, {"data", EvidenceData()}});
  ASSERT_EQ(early.status, 409) << early.text;
  EXPECT_NE(early.body["detail"].get<std::string>().find("任务 Y2 当前为已交办（assigned）"), std::string::npos) << early.text;
  EXPECT_EQ(early.body["reason"], "task.not_in_state");
}

TEST_F(Api, NoValidTokenIs401AndRecorded) {
  for (const std::string& token : {std::string(), std::string("sct_not_a_token"), yanta_ + "x"}) {
    Reply r = Post("task.acknowledge", token, Json{{"stream", "task-Y1"}});
    EXPECT_EQ(r.status, 401) << r.text;
    EXPECT_EQ(r.content_type, "application/problem+json");
    EXPECT_NE(r.text.find("safecity token issue"), std::string::npos) << "says how to get a token";
    EXPECT_EQ(r.text.find("sct_not_a_token"), std::string::npos) << "never echoes the secret";
    bool challenge = false;
    for (const auto& [k, v] : r.headers) challenge = challenge || (k == "WWW-Authenticate" && v.rfind("Bearer", 0) == 0);
    EXPECT_TRUE(challenge);
  }
  EXPECT_EQ(Get("/v1/tasks", "").status, 401);
  // A revoked token stops working at once.
  Must(Cmd("revoke-yanta", "token.revoke", "token-yanta-sys", Office(), Json{{"token_id", "yanta-sys"}, {"reason", "系统下线"}}));
  EXPECT_EQ(Get("/v1/my/tasks", yanta_).status, 401);
  EXPECT_EQ(Get("/v1/tasks/Y1", office_).body["state"], "assigned") << "nothing was done by the refused requests";

  server_->Stop();
  Json refusals = SecurityRows(engine_->store());
  EXPECT_EQ(RefusalsCounted(refusals), 5) << refusals.dump(1);
  for (const Json& r : refusals) {
    EXPECT_EQ(r["reason"], "unauthenticated");
    EXPECT_EQ(r["principal"], "anonymous");
    EXPECT_EQ(r["http_status"], 401);
  }
}

TEST_F(Api, BadRequestsAreProblemDocumentsThatNameTheField) {
  struct Case {
    std::string type, body, content_type;
    int status;
    std::string field;
  };
  const std::vector<Case> cases{
      {"task.acknowledge", "{\"stream\": \"task-Y1\"", "application/json", 400, "body"},
      {"task.acknowledge", "[1,2]", "application/json", 400, "body"},
      {"task.acknowledge", "{\"data\": {}}", "application/json", 400, "stream"},
      {"task.acknowledge", "{\"stream\": \"task-Y1\", \"actor\": \"office\"}", "application/json", 400, "actor"},
      {"task.acknowledge", "{\"stream\": \"task-Y1\", \"data\": []}", "application/json", 400, "data"},
      {"task.submit", "{\"stream\": \"task-Y1\", \"data\": {\"evidence\": \"none\"}}", "application/json", 400, "data.evidence"},
      {"task.acknowledge", "{\"stream\": \"hazard-Y1\"}", "application/json", 400, "stream"},
      {"task.launch_rocket", "{\"stream\": \"task-Y1\"}", "application/json", 400, "type"},
      {"task.acknowledge", "stream=task-Y1", "application/x-www-form-urlencoded", 415, "Content-Type"},
  };
  for (const Case& c : cases) {
    Reply r = Post(c.type, yanta_, c.body, {}, c.content_type.c_str());
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.text;
    EXPECT_EQ(r.content_type, "application/problem+json") << c.body;
    EXPECT_EQ(r.body.value("field", ""), c.field) << c.body << " -> " << r.text;
    EXPECT_EQ(r.body.value("status", 0), c.status);
    EXPECT_FALSE(r.body.value("detail", "").empty());
  }
  // Too large: 413 before anything is read into the engine.
  Reply big = Post("task.acknowledge", yanta_, "{\"stream\": \"task-Y1\", \"data\": {\"note\": \"" + std::string(70 * 1024, 'x') + "\"}}");
  EXPECT_EQ(big.status, 413) << big.text;
  EXPECT_EQ(big.content_type, "application/problem+json");
  EXPECT_EQ(big.body["reason"], "api.body_too_large");
  EXPECT_NE(big.body.value("detail", "").find("超过本服务器接受的请求体上限"), std::string::npos) << "Chinese when none is asked: " << big.text;
  Reply big_en = Post("task.acknowledge", yanta_, "{\"stream\": \"task-Y1\", \"data\": {\"note\": \"" + std::string(70 * 1024, 'x') + "\"}}",
                      {{"Accept-Language", "en"}});
  EXPECT_EQ(big_en.status, 413);
  EXPECT_NE(big_en.body.value("detail", "").find("is larger than this server's body limit"), std::string::npos)
      << "its headers were read, so its language is known: " << big_en.text;
  // A state that does not allow it: 409 with the state and what would.
  Reply early = Post("task.submit", yanta_, Json{{"stream", "task-Y2"}, {"data", EvidenceData()}});
  EXPECT_EQ(early.status, 409) << early.text;
  EXPECT_EQ(early.body["result"]["state"], "assigned");
  EXPECT_FALSE(early.body["result"]["allowed_in"].empty());
  // No such task, no such route.
  EXPECT_EQ(Post("task.acknowledge", yanta_, Json{{"stream", "task-NOPE"}}).status, 404);
  EXPECT_EQ(Get("/v1/tasks/NOPE", office_).status, 404);
  Reply route = Get("/v1/nothing-here", office_);
  EXPECT_EQ(route.status, 404);
  EXPECT_EQ(route.content_type, "application/problem+json");
  EXPECT_EQ(Get("/v1/tasks?limit=0", office_).body.value("field", ""), "limit");
  EXPECT_EQ(Get("/v1/tasks?cursor=zz", office_).body.value("field", ""), "cursor");
  for (const char* path : {"/v1/log?after=-1", "/v1/log?after=3x"}) {
    Reply bad = Get(path, office_);
    EXPECT_EQ(bad.status, 400) << path;
    EXPECT_EQ(bad.body.value("field", ""), "after") << path;
  }
  Reply version = Get("/v1/streams/task-Y1/events?after_version=one", office_);
  EXPECT_EQ(version.status, 400);
  EXPECT_EQ(version.body.value("field", ""), "after_version");
  // None of it was written: only the setup's events and no refusal (bad input is not a refusal).
  EXPECT_EQ(Get("/v1/tasks/Y1", office_).body["state"], "assigned");
  EXPECT_TRUE(Refusals().empty());
}

TEST_F(Api, AnIdempotencyKeyMakesARetryReturnTheFirstResult) {
  httplib::Headers key{{"Idempotency-Key", "ack-Y3-from-yanta-system"}};
  Reply first = Post("task.acknowledge", yanta_, Json{{"stream", "task-Y3"}}, key);
  ASSERT_EQ(first.status, 200) << first.text;
  Reply again = Post("task.acknowledge", yanta_, Json{{"stream", "task-Y3"}}, key);
  ASSERT_EQ(again.status, 200) << again.text << " (a retry is not refused as 'already acknowledged')";
  EXPECT_EQ(again.body["command_id"], first.body["command_id"]);
  EXPECT_TRUE(again.body.value("duplicate", false));
  EXPECT_EQ(again.headers.count("Idempotent-Replayed"), 1u);
  Reply history = Get("/v1/streams/task-Y3/events", office_);
  EXPECT_EQ(history.body["items"].size(), 2u) << "assigned, acknowledged once";
  // Without a key a repeat is a new command, which the task refuses.
  EXPECT_EQ(Post("task.acknowledge", yanta_, Json{{"stream", "task-Y3"}}).status, 409);
  // The same key from another principal is another command.
  Reply other = Post("task.acknowledge", beilin_, Json{{"stream", "task-B2"}}, key);
  EXPECT_EQ(other.status, 200) << other.text;
  EXPECT_NE(other.body["command_id"], first.body["command_id"]);
  EXPECT_EQ(Post("task.acknowledge", yanta_, Json{{"stream", "task-Y4"}}, {{"Idempotency-Key", std::string(201, 'k')}}).body.value("field", ""),
            "Idempotency-Key");
}

TEST_F(Api, AnAuditorSeesWhatATaskWasOnADayAndWhoChangedItLast) {
  // Y1 was assigned on 2023-03-01 (the setup's time); acknowledged on 2023-04-02, submitted on 2023-04-09.
  Must(Cmd("ack-Y1", "task.acknowledge", "task-Y1", UnitActor("yanta"), Json::object(), "2023-04-02T10:00:00+08:00"));
  Must(Cmd("plan-Y1", "task.submit_plan", "task-Y1", UnitActor("yanta"), Json{{"plan", "整改方案"}}, "2023-04-03T10:00:00+08:00"));
  Reply then = Get("/v1/streams/task-Y1/state?as_of=2023-04-01", auditor_);
  ASSERT_EQ(then.status, 200) << then.text;
  EXPECT_EQ(then.body["state"]["state"], "assigned") << "on 1 April it was still only assigned";
  EXPECT_EQ(then.body["version"], 1);
  EXPECT_EQ(then.body["last_changed_by"]["id"], "office");
  Reply later = Get("/v1/streams/task-Y1/state?as_of=2023-04-02", auditor_);
  EXPECT_EQ(later.body["state"]["state"], "acknowledged");
  EXPECT_EQ(later.body["last_changed_by"]["id"], "yanta");
  EXPECT_EQ(Get("/v1/streams/task-Y1/state", auditor_).body["state"]["state"], "plan_submitted") << "default: now";
  EXPECT_EQ(Get("/v1/streams/task-Y1/state?as_of=2020-01-01", auditor_).status, 404) << "it did not exist yet";
  EXPECT_EQ(Get("/v1/streams/task-Y1/state?as_of=someday", auditor_).body.value("field", ""), "as_of");
  EXPECT_EQ(Get("/v1/streams/task-B2/state", yanta_).status, 403) << "a unit sees only its own tasks' past";
}

TEST_F(Api, PagesWalkEveryTaskOnceWhateverTheirSize) {
  std::vector<std::string> all;
  std::string cursor;
  int pages = 0;
  do {
    Reply page = Get("/v1/tasks?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), office_);
    ASSERT_EQ(page.status, 200) << page.text;
    EXPECT_LE(page.body["items"].size(), 2u);
    for (const Json& t : page.body["items"]) all.push_back(t["task_id"]);
    cursor = page.body["next_cursor"].is_string() ? page.body["next_cursor"].get<std::string>() : "";
    ASSERT_LT(++pages, 10);
  } while (!cursor.empty());
  EXPECT_EQ(all, (std::vector<std::string>{"B1", "B2", "Y1", "Y2", "Y3", "Y4", "Y5"}));
  Reply by_state = Get("/v1/tasks?state=assigned&limit=500", auditor_);
  EXPECT_EQ(by_state.body["items"].size(), 7u);
  Reply events = Get("/v1/streams/unit-yanta/events?limit=1", auditor_);
  ASSERT_EQ(events.status, 200) << events.text;
  EXPECT_EQ(events.body["items"].size(), 1u);
  EXPECT_EQ(Get("/v1/streams/unit-yanta/events?after_version=1", auditor_).body["items"].size(), 0u);
  EXPECT_EQ(Get("/v1/streams/task-NOPE/events", auditor_).status, 404);
}

// The lists the CLI shows with --server: open work by deadline (pending
// deadlines last, the cursor crossing from one to the other), extensions
// awaiting the office, a unit by its name, each row with its lead's name.
TEST_F(Api, OpenTasksByDeadlineExtensionsWaitingAndAUnitByItsName) {
  Must(Cmd("assign-P1", "task.assign", "task-P1", Office(),
           Json{{"task_id", "P1"}, {"title", "电动自行车集中充电设施建设"}, {"lead_unit", "yanta"}, {"deadline_pending", "按照国家确定时间实施"}}));
  Must(Cmd("assign-Y0", "task.assign", "task-Y0", Office(), AssignData("Y0", "yanta", {}, "2031-03-01")));
  Must(Cmd("ack-Y2", "task.acknowledge", "task-Y2", UnitActor("yanta"), Json::object()));
  Must(Cmd("ext-Y2", "task.request_extension", "task-Y2", UnitActor("yanta"), Json{{"new_deadline", "2031-06-01"}, {"reason", "多部门协调"}}));

  std::vector<std::string> open;
  std::string cursor;
  for (int pages = 0; pages < 10; ++pages) {
    Reply page = Get("/v1/my/tasks?open=true&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), yanta_);
    ASSERT_EQ(page.status, 200) << page.text;
    for (const Json& t : page.body["items"]) open.push_back(t["task_id"]);
    if (!page.body["next_cursor"].is_string()) break;
    cursor = page.body["next_cursor"];
  }
  ASSERT_EQ(open.size(), 8u) << Json(open).dump();
  EXPECT_EQ(open.front(), "Y0") << "the earliest deadline first";
  EXPECT_EQ(open.back(), "P1") << "the pending deadline after every dated one";
  EXPECT_EQ(std::set<std::string>(open.begin(), open.end()).size(), open.size()) << "each once: " << Json(open).dump();

  Reply waiting = Get("/v1/tasks?extension_pending=true", office_);
  ASSERT_EQ(waiting.status, 200) << waiting.text;
  ASSERT_EQ(waiting.body["items"].size(), 1u) << waiting.text;
  EXPECT_EQ(waiting.body["items"][0]["task_id"], "Y2");

  Reply by_name = Get("/v1/tasks?unit=" + httplib::detail::encode_query_param("碑林区"), office_);
  ASSERT_EQ(by_name.status, 200) << by_name.text;
  ASSERT_EQ(by_name.body["items"].size(), 2u) << by_name.text;
  for (const Json& t : by_name.body["items"]) EXPECT_EQ(t["lead_unit_name"], "碑林区") << t.dump();
  Reply nobody = Get("/v1/tasks?unit=nowhere", office_);
  EXPECT_EQ(nobody.status, 404) << nobody.text;
  EXPECT_EQ(nobody.body.value("field", ""), "unit");
  Reply maybe = Get("/v1/tasks?open=maybe", office_);
  EXPECT_EQ(maybe.status, 400);
  EXPECT_EQ(maybe.body.value("field", ""), "open");
  EXPECT_EQ(Get("/v1/my/tasks?unit=" + httplib::detail::encode_query_param("碑林区"), yanta_).status, 403) << "a unit lists its own";
  Reply guess = Get("/v1/tasks?unit=" + httplib::detail::encode_query_param("碑林"), yanta_);
  EXPECT_EQ(guess.status, 403) << guess.text;
  EXPECT_EQ(guess.text.find("碑林区"), std::string::npos) << "a unit is not told other units' names: " << guess.text;
  EXPECT_EQ(Get("/v1/tasks?unit=" + httplib::detail::encode_query_param("雁塔区"), yanta_).status, 200) << "its own name";
  Reply past = Get("/v1/tasks?open=true&cursor=ff", office_);
  ASSERT_EQ(past.status, 200) << past.text;
  EXPECT_TRUE(past.body["items"].empty()) << "a cursor past the end is an empty page: " << past.text;
}

TEST_F(Api, AssignedWorkReachesTheUnitsInboxAfterTheReactionsSettle) {
  Reply assign = Post("task.assign", office_, Json{{"stream", "task-Y9"}, {"data", AssignData("Y9", "yanta", {}, "2031-05-01")}});
  ASSERT_EQ(assign.status, 200) << assign.text;
  bool notified = WaitUntil(
      [&] {
        Reply inbox = Get("/v1/inbox?limit=500", yanta_);
        for (const Json& n : inbox.body.value("items", Json::array()))
          if (n.dump().find("Y9") != std::string::npos) return true;
        return false;
      },
      30, LogGrowth(engine_->store()));
  EXPECT_TRUE(notified) << Get("/v1/inbox?limit=500", yanta_).text;
}

TEST_F(Api, HealthReadinessMetricsAndTheOpenApiDocument) {
  EXPECT_EQ(Get("/healthz", "").status, 200);
  Reply ready = Get("/readyz", "");
  EXPECT_EQ(ready.status, 200) << ready.text;
  EXPECT_GT(ready.body["log_position"].get<int64_t>(), 0);
  ASSERT_EQ(Post("task.acknowledge", yanta_, Json{{"stream", "task-Y1"}}).status, 200);
  ASSERT_EQ(Post("task.acknowledge", yanta_, Json{{"stream", "task-B2"}}).status, 403);
  Reply metrics = Get("/metrics", "");
  EXPECT_EQ(metrics.status, 200);
  for (const char* line : {"safecity_commands_total{result=\"accepted\",type=\"task.acknowledge\"} 1",
                           "safecity_commands_total{result=\"forbidden\",type=\"task.acknowledge\"} 1",
                           "safecity_refusals_total{reason=\"forbidden\"} 1", "safecity_event_append_seconds_count 2",
                           "safecity_projection_lag_events 0", "safecity_webhook_deliveries_total{outcome=\"dead_lettered\"} 0",
                           // The two commands and the two probes, timed by route template.
                           "safecity_http_request_duration_seconds_count{route=\"/v1/commands/{type}\"} 2",
                           "safecity_http_request_duration_seconds_count{route=\"/healthz\"} 1",
                           "process_cpu_seconds_total ", "process_resident_memory_bytes ", "process_open_fds ", "process_max_fds ",
                           "process_start_time_seconds "})
    EXPECT_NE(metrics.text.find(line), std::string::npos) << line << "\n" << metrics.text;
  // The binary's version and revision, as --version says them.
  EXPECT_NE(metrics.text.find(std::string("safecity_build_info{revision=\"") + BuildRevision() + "\",version=\"" + BuildVersion() + "\"} 1"),
            std::string::npos)
      << metrics.text;
  // The process series read /proc: a server that has answered has used CPU
  // and memory, and has this connection's socket among its open files.
  auto value = [&](const std::string& name) {
    const size_t at = metrics.text.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::stod(metrics.text.substr(at + name.size() + 2));
  };
  EXPECT_GT(value("process_resident_memory_bytes"), 1e6);
  EXPECT_GT(value("process_open_fds"), 3);
  EXPECT_NEAR(value("process_start_time_seconds"), NowMs() / 1000.0, 600) << "started in the last minutes, not at 1970";

  Reply doc = Get("/openapi.json", "");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.body["openapi"], "3.1.0");
  for (const std::string& type : SchemaRegistry::Default().CommandTypes())
    EXPECT_EQ(doc.body["paths"].contains("/v1/commands/" + type), !http::InternalCommand(type)) << type;
  // schemas/openapi.json is the served document (regenerate: safecity openapi > schemas/openapi.json).
  std::ifstream in(std::string(SAFECITY_SOURCE_DIR) + "/schemas/openapi.json");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_TRUE(Json::parse(ss.str(), nullptr, false) == doc.body)
      << "schemas/openapi.json is stale: run `./build/safecity openapi > schemas/openapi.json`";
}

TEST_F(Api, AUnitsSystemActsBySignedWebhookAndForgedOrReplayedDeliveriesAre401) {
  Json ack{{"delivery_id", "d-001"}, {"type", "task.acknowledge"}, {"stream", "task-Y1"}};
  Reply ok = Deliver(ack);
  ASSERT_EQ(ok.status, 200) << ok.text;
  EXPECT_EQ(Get("/v1/tasks/Y1", office_).body["state"], "acknowledged");
  EXPECT_EQ(Get("/v1/streams/task-Y1/events", office_).body["items"].back()["actor"]["id"], "yanta");

  // The same delivery again: refused, with the first result so a retrying sender learns it.
  Reply replay = Deliver(ack);
  EXPECT_EQ(replay.status, 401) << replay.text;
  EXPECT_EQ(replay.body.value("field", ""), "delivery_id");
  EXPECT_EQ(replay.body["result"]["status"], "accepted");

  Json plan{{"delivery_id", "d-002"}, {"type", "task.acknowledge"}, {"stream", "task-Y2"}};
  struct Case {
    const char* what;
    Reply reply;
    const char* field;
  };
  std::vector<Case> forged{
      {"signed with another secret", Deliver(plan, "yanta-sys", "whsec_guess"), "X-Safecity-Signature"},
      {"signed six minutes ago", Deliver(plan, "yanta-sys", "", NowMs() / 1000 - 360), "X-Safecity-Timestamp"},
      {"signed six minutes ahead", Deliver(plan, "yanta-sys", "", NowMs() / 1000 + 360), "X-Safecity-Timestamp"},
      {"an unknown key", Deliver(plan, "nobody"), "X-Safecity-Key"},
  };
  // The body changed after signing.
  {
    const int64_t ts = NowMs() / 1000;
    httplib::Headers h{{"X-Safecity-Key", "yanta-sys"},
                       {"X-Safecity-Timestamp", std::to_string(ts)},
                       {"X-Safecity-Signature", http::WebhookSignature(http::DeriveInboundSecret(kMasterKey, "yanta-sys"), ts, plan.dump())}};
    Json altered = plan;
    altered["stream"] = "task-Y3";
    forged.push_back({"a body altered after signing", From(client_->Post("/v1/webhooks/inbound", h, altered.dump(), "application/json")),
                      "X-Safecity-Signature"});
  }
  // In the Standard Webhooks format: the id is signed and must be sent; the
  // key may be named by the path.
  {
    const int64_t ts = NowMs() / 1000;
    const std::string secret = http::DeriveInboundSecret(kMasterKey, "yanta-sys");
    const std::string good = http::StandardWebhookSignature(secret, "d-002", ts, plan.dump());
    auto standard = [&](const std::string& id, const std::string& signature, int64_t at) {
      httplib::Headers h{{"webhook-timestamp", std::to_string(at)}, {"webhook-signature", signature}};
      if (!id.empty()) h.emplace("webhook-id", id);
      return From(client_->Post("/v1/webhooks/inbound/yanta-sys", h, plan.dump(), "application/json"));
    };
    forged.push_back({"standard: no webhook-id", standard("", good, ts), "webhook-id"});
    forged.push_back({"standard: another webhook-id than signed", standard("d-003", good, ts), "webhook-signature"});
    forged.push_back({"standard: safecity's own signature in webhook-signature",
                      standard("d-002", http::WebhookSignature(secret, ts, plan.dump()), ts), "webhook-signature"});
    forged.push_back({"standard: signed six minutes ago", standard("d-002", http::StandardWebhookSignature(secret, "d-002", ts - 360, plan.dump()), ts - 360),
                      "webhook-timestamp"});
    forged.push_back({"standard: an unknown key in the path",
                      From(client_->Post("/v1/webhooks/inbound/nobody", httplib::Headers{{"webhook-id", "d-002"}, {"webhook-timestamp", std::to_string(ts)}, {"webhook-signature", good}},
                                         plan.dump(), "application/json")),
                      "X-Safecity-Key"});
  }
  for (const Case& c : forged) {
    EXPECT_EQ(c.reply.status, 401) << c.what << ": " << c.reply.text;
    EXPECT_EQ(c.reply.content_type, "application/problem+json") << c.what;
    EXPECT_EQ(c.reply.body.value("field", ""), c.field) << c.what;
  }
  EXPECT_EQ(Get("/v1/tasks/Y2", office_).body["state"], "assigned") << "no forged delivery acted";
  EXPECT_EQ(Get("/v1/tasks/Y3", office_).body["state"], "assigned");

  // Well signed but not its task: 403; bad JSON and a missing delivery id: 400 naming the field.
  EXPECT_EQ(Deliver(Json{{"delivery_id", "d-003"}, {"type", "task.acknowledge"}, {"stream", "task-B2"}}).status, 403);
  EXPECT_EQ(Deliver(Json("{\"delivery_id\": ")).body.value("field", ""), "body");
  EXPECT_EQ(Deliver(Json{{"type", "task.acknowledge"}, {"stream", "task-Y2"}}).body.value("field", ""), "delivery_id");
  EXPECT_EQ(Deliver(Json{{"delivery_id", "d-004"}, {"type", "task.submit"}, {"stream", "task-Y2"}, {"data", {{"evidence", 1}}}})
                .body.value("field", ""),
            "data.evidence");

  // A revoked key stops at once.
  Must(Cmd("revoke-whkey", "webhook_key.revoke", "whkey-yanta-sys", Office(), Json{{"key_id", "yanta-sys"}, {"reason", "密钥泄露"}}));
  EXPECT_EQ(Deliver(plan).status, 401);

  // Every 401 and 403 is in the security log, from the webhook channel.
  server_->Stop();
  Json refusals = SecurityRows(engine_->store());
  // The replay, five forged in safecity's format and five in the Standard Webhooks format, the task not its own, the revoked key.
  EXPECT_EQ(RefusalsCounted(refusals), 13) << refusals.dump(1);
  for (const Json& r : refusals) EXPECT_EQ(r["channel"], "webhook") << r.dump();
  EXPECT_EQ(refusals[0]["principal"], "yanta") << "a replay by a known key names its unit";
  EXPECT_EQ(refusals[0]["token_id"], "whkey:yanta-sys");
}

// A receiver that answers 500 to its first two requests, then 200.
class FlakyReceiver {
 public:
  FlakyReceiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(req);
      res.status = requests_.size() <= 2 ? 500 : 200;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FlakyReceiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<httplib::Request> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<httplib::Request> requests_;
};

TEST_F(Api, AReceiverThatFailsTwiceThenRecoversGetsTheNotificationSignedUnderOneDeliveryId) {
  FlakyReceiver receiver;
  Subscribe("yanta-hook", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook");
  ASSERT_EQ(Post("task.assign", office_, Json{{"stream", "task-Y9"}, {"data", AssignData("Y9", "yanta", {}, "2031-05-01")}}).status, 200);
  ASSERT_TRUE(WaitUntil([&] { return WebhookNotification("task-Y9").value("state", "") == "delivered"; }, 30, LogGrowth(engine_->store())))
      << WebhookNotification("task-Y9").dump();
  Json n = WebhookNotification("task-Y9");
  EXPECT_EQ(n["attempts"], 3) << "two failures, then delivered";
  EXPECT_EQ(n["subscription"], "yanta-hook");

  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u);
  const std::string secret = http::WebhookDispatcher::SubscriptionSecret(kMasterKey, "yanta-hook");
  for (const auto& req : requests) {
    EXPECT_EQ(req.get_header_value("X-Safecity-Delivery"), n["notification_id"]) << "one delivery id on every attempt";
    EXPECT_EQ(req.get_header_value("Content-Type"), "application/cloudevents+json");
    const int64_t ts = std::stoll(req.get_header_value("X-Safecity-Timestamp"));
    EXPECT_EQ(req.get_header_value("X-Safecity-Signature"), http::WebhookSignature(secret, ts, req.body)) << "signed with the subscription's secret";
    // Standard Webhooks beside them: the same id and time, the id signed too.
    EXPECT_EQ(req.get_header_value("webhook-id"), n["notification_id"]);
    EXPECT_EQ(req.get_header_value("webhook-timestamp"), std::to_string(ts));
    EXPECT_EQ(req.get_header_value("webhook-signature"),
              http::StandardWebhookSignature(secret, n["notification_id"].get<std::string>(), ts, req.body));
    Json ce = Json::parse(req.body, nullptr, false);
    EXPECT_EQ(ce["specversion"], "1.0");
    EXPECT_EQ(ce["id"], n["notification_id"]);
    EXPECT_EQ(ce["type"], "safecity.notification." + n["kind"].get<std::string>());
    EXPECT_EQ(ce["subject"], "task-Y9");
    EXPECT_EQ(ce["data"]["recipient"], "yanta");
  }
  // The attempts are the notification's history.
  Reply history = Get("/v1/streams/notification-" + n["notification_id"].get<std::string>() + "/events", auditor_);
  std::vector<std::string> types;
  for (const Json& e : history.body["items"]) types.push_back(e["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"NotificationQueued", "NotificationSent", "NotificationFailed", "NotificationRetryScheduled",
                                             "NotificationSent", "NotificationFailed", "NotificationRetryScheduled", "NotificationSent",
                                             "NotificationDelivered"}));
  Reply metrics = Get("/metrics", "");
  EXPECT_NE(metrics.text.find("safecity_webhook_deliveries_total{outcome=\"delivered\"} 1"), std::string::npos);
  EXPECT_NE(metrics.text.find("safecity_webhook_deliveries_total{outcome=\"failed\"} 2"), std::string::npos);
  // The inbox copy is there too, and only inbox notifications count as unread.
  ReadModelReader reader(engine_->store());
  int inbox = 0;
  bool y9_in_inbox = false;
  reader.Scan("inbox/yanta/", [&](const std::string&, const std::string& v) {
    ++inbox;
    y9_in_inbox = y9_in_inbox || v.find("task-Y9") != std::string::npos;
    return true;
  });
  EXPECT_TRUE(y9_in_inbox);
  EXPECT_EQ(reader.Counter("cnt/yanta/unread"), inbox);
}

TEST_F(Api, ADeliveryInterruptedByAStopIsTriedAgainAfterTheRestart) {
  FlakyReceiver receiver;  // its first two answers are 500s
  Subscribe("yanta-hook", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook");
  // The server stops right after an attempt began: queued, sent, and no outcome recorded.
  server_->Stop();
  const Actor pm{"process-manager", "system"}, dispatcher{"webhook-dispatcher", "system"};
  Must(Cmd("q-1", "notification.queue", "notification-nx1", pm,
           Json{{"notification_id", "nx1"}, {"recipient", "yanta"}, {"channel", "webhook"}, {"subscription", "yanta-hook"},
                {"kind", "task_assigned"}, {"subject", "新任务 Y1"}, {"body", "请签收"}, {"ref", "task-Y1"}},
           FormatIsoMs(NowMs())));
  Must(Cmd("s-1", "notification.send", "notification-nx1", dispatcher, Json::object(), FormatIsoMs(NowMs())));
  auto restarted = http::ApiServer::Start(engine_.get(), ServerOptions());
  ASSERT_TRUE(restarted.ok());
  server_ = std::move(restarted.value());
  ASSERT_TRUE(WaitUntil([&] { return WebhookNotification("task-Y1").value("state", "") == "delivered"; }, 30, LogGrowth(engine_->store())))
      << WebhookNotification("task-Y1").dump();
  auto events = engine_->store()->ReadStream("notification-nx1");
  ASSERT_TRUE(events.ok());
  Json history = Json::array();
  for (const auto& e : events.value()) history.push_back(e.type);
  EXPECT_EQ(history[2], "NotificationFailed") << history.dump() << ": the interrupted attempt counts as failed";
  EXPECT_EQ(history.back(), "NotificationDelivered") << history.dump();
  for (const auto& req : receiver.requests()) EXPECT_EQ(req.get_header_value("X-Safecity-Delivery"), "nx1");
}

TEST_F(Api, AReceiverThatNeverAnswersLeadsToADeadLetterThatCanBeSentAgain) {
  // Listens, never accepts, never answers: every attempt times out.
  httplib::Server silent;
  const int port = silent.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  Subscribe("yanta-hook", "http://127.0.0.1:" + std::to_string(port) + "/hook");
  ASSERT_EQ(Post("task.assign", office_, Json{{"stream", "task-Y9"}, {"data", AssignData("Y9", "yanta", {}, "2031-05-01")}}).status, 200);
  ASSERT_TRUE(WaitUntil([&] { return WebhookNotification("task-Y9").value("state", "") == "dead_lettered"; }, 60, LogGrowth(engine_->store())))
      << WebhookNotification("task-Y9").dump();
  Json n = WebhookNotification("task-Y9");
  EXPECT_EQ(n["attempts"], 4) << "max_attempts";
  EXPECT_NE(n["last_error"].get<std::string>().find("no answer"), std::string::npos) << n.dump();
  EXPECT_FALSE(n["body"].get<std::string>().empty()) << "nothing of the notification is lost";
  EXPECT_NE(Get("/metrics", "").text.find("safecity_webhook_deliveries_total{outcome=\"dead_lettered\"} 1"), std::string::npos);

  // The office sends it again: one more attempt, dead again while the receiver stays silent.
  const std::string id = n["notification_id"];
  Reply retry = Post("notification.schedule_retry", office_, Json{{"stream", "notification-" + id}, {"data", {{"retry_at", FormatIsoMs(NowMs())}}}});
  ASSERT_EQ(retry.status, 200) << retry.text;
  ASSERT_TRUE(WaitUntil([&] { return WebhookNotification("task-Y9").value("attempts", 0) == 5 &&
                                     WebhookNotification("task-Y9").value("state", "") == "dead_lettered"; }, 30, LogGrowth(engine_->store())))
      << WebhookNotification("task-Y9").dump();
  // A unit may not re-drive deliveries.
  EXPECT_EQ(Post("notification.schedule_retry", yanta_, Json{{"stream", "notification-" + id}, {"data", {{"retry_at", FormatIsoMs(NowMs())}}}}).status,
            403);
}

}  // namespace
}  // namespace safecity::testing
