// What the HTTP API lets through (workflows/access/stream_access.h) and what
// it writes of what it refused (connectors/http/refusal_recorder.h), over
// real HTTP on loopback: one rule per stream kind by every route, inboxes by
// role and principal, token hashes for the office only, a flood of bad
// tokens summarised and answered 429, and /metrics with bounded labels.
#include <set>

#include <gtest/gtest.h>
#include <httplib.h>

#include "connectors/http/openapi.h"
#include "engine/read_models.h"
#include "engine/sha256.h"
#include "tests/http/api_client.h"
#include "tests/http/api_fixture.h"
#include "workflows/access/security_log.h"

namespace safecity::testing {
namespace {

class Access : public LoopbackApi {
 protected:
  void SetUp() override {
    OpenEngine(dir_.path());
    Must(Cmd("assign-Y1", "task.assign", "task-Y1", Office(), AssignData("Y1", "yanta", {}, "2031-04-15")));
    Must(Cmd("assign-B1", "task.assign", "task-B1", Office(), AssignData("B1", "beilin", {}, "2031-04-15")));
    office_ = Token("office-wang", "office", "", "wang");
    auditor_ = Token("audit-li", "auditor", "", "li");
    // An inspector whose name is also a unit's id.
    inspector_ = Token("insp-yanta", "inspector", "", "yanta");
    yanta_ = Token("yanta-sys", "unit", "yanta");
    Must(Cmd("whkey-yanta", "webhook_key.issue", "whkey-yanta-sys", Office(),
             Json{{"key_id", "yanta-sys"}, {"unit", "yanta"}, {"fingerprint", Sha256Hex("whsec_of_yanta")}}));
    ASSERT_TRUE(engine_->Settle().ok());
    StartServer(LoopbackOptions());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  Reply Get(const std::string& path, const std::string& token) { return From(client_->Get(path.c_str(), Auth(token))); }
  Reply Post(const std::string& type, const std::string& token, const Json& body) {
    return From(client_->Post(("/v1/commands/" + type).c_str(), Auth(token), body.dump(), "application/json"));
  }
  // The streams of every event a /v1/log reader gets, from the start.
  std::set<std::string> LogStreams(const std::string& token, std::string* text = nullptr) {
    std::set<std::string> streams;
    int64_t after = 0;
    for (int pages = 0; pages < 100; ++pages) {
      Reply page = Get("/v1/log?limit=500&after=" + std::to_string(after), token);
      EXPECT_EQ(page.status, 200) << page.text;
      if (page.status != 200) break;
      if (text) *text += page.text;
      for (const Json& e : page.body["items"]) streams.insert(e["stream"].get<std::string>());
      after = page.body["next_after"];
      if (page.body["end"]) break;
    }
    return streams;
  }
  static bool AnyOfKind(const std::set<std::string>& streams, const std::string& kind) {
    for (const std::string& s : streams)
      if (StreamKind(s) == kind) return true;
    return false;
  }
  // Queues an inbox notification for `recipient` in `role`, delivered at once.
  std::string Notify(const std::string& id, const std::string& recipient, const std::string& role, const std::string& kind) {
    Must(Cmd("q-" + id, "notification.queue", "notification-" + id, Actor{"process-manager", "system"},
             Json{{"notification_id", id}, {"recipient", recipient}, {"recipient_role", role}, {"channel", "inbox"},
                  {"kind", kind}, {"subject", "核查任务 " + id}, {"body", "请核查"}, {"ref", "task-Y1"}},
             FormatIsoMs(NowMs())));
    EXPECT_TRUE(engine_->Settle().ok());
    return id;
  }
  // The notification ids in an inbox page.
  static std::set<std::string> Ids(const Reply& inbox) {
    std::set<std::string> ids;
    for (const Json& n : inbox.body.value("items", Json::array())) ids.insert(n["notification_id"].get<std::string>());
    return ids;
  }
  // The security log once the server stopped and wrote what it still counted.
  Json RecordedRefusals() {
    server_->Stop();
    return SecurityRows(engine_->store());
  }

  std::unique_ptr<httplib::Client> client_;
  std::string office_, auditor_, inspector_, yanta_;
};

TEST_F(Access, TheSecurityLogIsTheOfficesAndAuditorsByEveryRoute) {
  ASSERT_EQ(Get("/v1/whoami", "sct_wrong").status, 401);  // puts today's security stream on the record
  const std::string day = access::SecurityStreamFor(NowMs()).substr(9);
  const std::string stream = "security-" + day;
  ASSERT_EQ(Get("/v1/security/" + day, auditor_).status, 200);
  ASSERT_EQ(Get("/v1/streams/" + stream + "/events", office_).status, 200);
  for (const std::string& path : {"/v1/security/" + day, "/v1/streams/" + stream + "/events", "/v1/streams/" + stream + "/state",
                                  "/v1/read-models/security/" + day + "/00000001", std::string("/v1/read-models/cnt/security/anonymous")}) {
    EXPECT_EQ(Get(path, inspector_).status, 403) << path << " as an inspector";
    EXPECT_EQ(Get(path, yanta_).status, 403) << path << " as a unit";
    EXPECT_EQ(Get(path, auditor_).status, 200) << path << " as an auditor";
  }
  EXPECT_FALSE(AnyOfKind(LogStreams(inspector_), "security")) << "nor through the log";
  EXPECT_TRUE(AnyOfKind(LogStreams(auditor_), "security"));
}

TEST_F(Access, TokenAndKeyHashesAreShownToTheOfficeOnly) {
  const std::string hash = Sha256Hex(auditor_);
  const std::string fingerprint = Sha256Hex("whsec_of_yanta");
  // The office issued them and sees them whole; its replica needs the streams.
  Reply whole = Get("/v1/streams/token-audit-li/events", office_);
  ASSERT_EQ(whole.status, 200) << whole.text;
  EXPECT_EQ(whole.body["items"][0]["data"]["sha256"], hash);
  std::string office_log;
  EXPECT_TRUE(AnyOfKind(LogStreams(office_, &office_log), "token"));

  // An auditor reads who got which token, without the hash.
  for (const std::string& path : {std::string("/v1/streams/token-audit-li/events"), std::string("/v1/streams/token-audit-li/state"),
                                  std::string("/v1/read-models/token/audit-li")}) {
    Reply r = Get(path, auditor_);
    ASSERT_EQ(r.status, 200) << path << ": " << r.text;
    EXPECT_EQ(r.text.find(hash), std::string::npos) << path << ": " << r.text;
    EXPECT_EQ(r.body["hidden"], Json::array({"sha256"})) << path << ": " << r.text;
  }
  EXPECT_EQ(Get("/v1/streams/token-audit-li/events", auditor_).body["items"][0]["data"]["principal"], "li");
  for (const std::string& path : {std::string("/v1/streams/whkey-yanta-sys/events"), std::string("/v1/read-models/whkey/yanta-sys")}) {
    Reply r = Get(path, auditor_);
    ASSERT_EQ(r.status, 200) << path << ": " << r.text;
    EXPECT_EQ(r.text.find(fingerprint), std::string::npos) << path << ": " << r.text;
  }
  // Inspectors and units read no token or key streams at all.
  for (const std::string& token : {inspector_, yanta_})
    for (const std::string& path : {std::string("/v1/streams/token-audit-li/events"), std::string("/v1/streams/token-audit-li/state"),
                                    std::string("/v1/streams/whkey-yanta-sys/events"), std::string("/v1/read-models/token/audit-li")})
      EXPECT_EQ(Get(path, token).status, 403) << path;
  // A replica verifies every chain it holds: the streams whose hashes it may
  // not see are left out of the log whole, not served with holes.
  for (const std::string& token : {auditor_, inspector_}) {
    std::string text;
    std::set<std::string> streams = LogStreams(token, &text);
    EXPECT_FALSE(AnyOfKind(streams, "token"));
    EXPECT_FALSE(AnyOfKind(streams, "whkey"));
    EXPECT_TRUE(streams.count("task-Y1")) << "the rest is there";
    EXPECT_EQ(text.find(hash), std::string::npos);
    EXPECT_EQ(text.find(fingerprint), std::string::npos);
  }
  // The hash index, to no one.
  for (const std::string& token : {office_, auditor_, inspector_})
    EXPECT_EQ(Get("/v1/read-models/tokenhash/" + hash, token).status, 403);
}

TEST_F(Access, AnInspectorNamedLikeAUnitNeitherReadsNorAcknowledgesItsNotifications) {
  // The setup's assignment of Y1 queued a notification for the unit yanta.
  Reply unit_inbox = Get("/v1/inbox", yanta_);
  ASSERT_EQ(unit_inbox.status, 200) << unit_inbox.text;
  ASSERT_EQ(Ids(unit_inbox).size(), 1u) << unit_inbox.text;
  const std::string units = *Ids(unit_inbox).begin();
  // And the inspector yanta gets one of its own.
  const std::string inspectors = Notify("ninsp1", "yanta", "inspector", "verification_assigned");

  EXPECT_EQ(Ids(Get("/v1/inbox", inspector_)), std::set<std::string>{inspectors}) << "its own, not the unit's";
  EXPECT_EQ(Ids(Get("/v1/inbox", yanta_)), std::set<std::string>{units}) << "the unit's, not the inspector's";
  EXPECT_TRUE(Ids(Get("/v1/inbox", auditor_)).empty()) << "an auditor gets no notifications";

  // Neither reads the other's notification by any route.
  for (const std::string& path : {"/v1/streams/notification-" + units + "/events", "/v1/streams/notification-" + units + "/state",
                                  "/v1/read-models/ntf/" + units, std::string("/v1/read-models/cnt/yanta/unread")})
    EXPECT_EQ(Get(path, inspector_).status, 403) << path;
  EXPECT_EQ(Get("/v1/streams/notification-" + inspectors + "/events", yanta_).status, 403);
  EXPECT_EQ(Get("/v1/streams/notification-" + inspectors + "/events", inspector_).status, 200) << "its own it reads";
  EXPECT_EQ(Get("/v1/streams/notification-" + units + "/events", yanta_).status, 200);
  EXPECT_EQ(Get("/v1/streams/notification-" + units + "/events", auditor_).status, 200);
  EXPECT_FALSE(LogStreams(inspector_).count("notification-" + units)) << "nor through the log";
  EXPECT_TRUE(LogStreams(inspector_).count("notification-" + inspectors));

  // Nor acknowledges it.
  EXPECT_EQ(Post("notification.acknowledge", inspector_, Json{{"stream", "notification-" + units}}).status, 403);
  EXPECT_EQ(Post("notification.acknowledge", yanta_, Json{{"stream", "notification-" + inspectors}}).status, 403);
  EXPECT_EQ(Post("notification.acknowledge", inspector_, Json{{"stream", "notification-" + inspectors}}).status, 200);
  EXPECT_EQ(Post("notification.acknowledge", yanta_, Json{{"stream", "notification-" + units}}).status, 200);
}

TEST_F(Access, AMissingStreamIs404WhateverVersionIsAskedAfter) {
  for (const char* after : {"0", "1", "7"}) {
    Reply r = Get(std::string("/v1/streams/task-NOPE/events?after_version=") + after, office_);
    EXPECT_EQ(r.status, 404) << after << ": " << r.text;
    EXPECT_EQ(r.body.value("field", ""), "stream");
  }
  Reply past_the_end = Get("/v1/streams/task-Y1/events?after_version=5", office_);
  EXPECT_EQ(past_the_end.status, 200) << "a stream that exists has nothing after its end: " << past_the_end.text;
  EXPECT_TRUE(past_the_end.body["items"].empty());
}

TEST_F(Access, ASecurityDayThatIsNotADayIs400) {
  Reply r = Get("/v1/security/0", office_);
  EXPECT_EQ(r.status, 400) << r.text;
  EXPECT_EQ(r.body.value("field", ""), "day");
  EXPECT_EQ(Get("/v1/security/0", inspector_).status, 403) << "who may not read it learns nothing more";
}

TEST_F(Access, FiveThousandBadTokensWriteAHandfulOfEventsAllCountedAndABurstGets429) {
  httplib::Client client("127.0.0.1", server_->port());
  client.set_keep_alive(true);
  int unauthorized = 0, limited = 0;
  std::string retry_after;
  for (int i = 0; i < 5000; ++i) {
    auto r = client.Get("/v1/whoami", Auth("sct_guess_" + std::to_string(i)));
    ASSERT_TRUE(r) << "request " << i;
    if (r->status == 401) ++unauthorized;
    if (r->status == 429) {
      ++limited;
      retry_after = r->get_header_value("Retry-After");
    }
  }
  EXPECT_EQ(unauthorized + limited, 5000);
  EXPECT_GT(limited, 4000) << "a burst of failures from one address is answered 429";
  EXPECT_GE(std::atoi(retry_after.c_str()), 1) << "with Retry-After in seconds";
  // A valid token from the same address is never held back.
  EXPECT_EQ(Get("/v1/whoami", office_).status, 200);

  Json rows = RecordedRefusals();
  RecordProperty("security_events", static_cast<int>(rows.size()));
  RecordProperty("answered_429", limited);
  EXPECT_LE(rows.size(), 8u) << "one event per source at once, then one per source and minute: " << rows.dump(1);
  EXPECT_EQ(RefusalsCounted(rows), 5000) << "and every refusal counted: " << rows.dump(1);
  bool summarised = false;
  for (const Json& r : rows) summarised = summarised || (r.value("count", 0) > 1 && r.contains("first") && r.contains("last"));
  EXPECT_TRUE(summarised) << rows.dump(1);
}

TEST_F(Access, ForbiddenActionsOfOneSourceAreOneEventThenASummary) {
  for (int i = 0; i < 50; ++i) ASSERT_EQ(Get("/v1/tasks/B1", yanta_).status, 403);
  Json rows = RecordedRefusals();
  ASSERT_GE(rows.size(), 2u) << rows.dump(1);
  EXPECT_LE(rows.size(), 3u) << rows.dump(1);
  EXPECT_EQ(rows[0]["principal"], "yanta") << "the first is recorded whole";
  EXPECT_EQ(rows[0]["target"], "task-B1");
  EXPECT_FALSE(rows[0].contains("count"));
  EXPECT_EQ(RefusalsCounted(rows), 50);
}

TEST_F(Access, MetricsLabelUnknownRoutesMethodsAndCommandTypesAsOther) {
  auto series = [&] {
    Reply m = Get("/metrics", "");
    int n = 0;
    size_t at = 0;
    while ((at = m.text.find("\nsafecity_", at)) != std::string::npos) {
      ++at;
      if (m.text.compare(at, 23, "safecity_commands_total") == 0 || m.text.compare(at, 28, "safecity_http_requests_total") == 0) ++n;
    }
    return std::make_pair(n, m.text);
  };
  auto noise = [&](const std::string& tag) {
    for (int i = 0; i < 40; ++i) {
      const std::string n = tag + std::string(1, static_cast<char>('a' + i % 26)) + std::string(1, static_cast<char>('a' + i / 26));
      Post("x" + n + ".do_" + n, office_, Json{{"stream", "task-Y1"}});
      Get("/v1/no_such_" + n, office_);
      Get("/v1/tasks/" + n, office_);
      Get("/v1/streams/task-" + n + "/events", office_);
      From(client_->Delete(("/v1/x" + n).c_str()));
    }
  };
  noise("a");
  series();  // the scrape itself is a series too
  const auto before = series();
  noise("b");
  const auto after = series();
  EXPECT_EQ(after.first, before.first) << "new types and paths made new series:\n" << after.second;
  for (const char* line : {"type=\"other\"", "route=\"/v1/tasks/{id}\"", "route=\"/v1/streams/{stream}/events\"", "route=\"other\""})
    EXPECT_NE(after.second.find(line), std::string::npos) << line << "\n" << after.second;
  EXPECT_EQ(after.second.find("no_such_"), std::string::npos);
  EXPECT_EQ(after.second.find("do_ab"), std::string::npos);
}

TEST_F(Access, TheOpenApiDocumentSaysWhatTheServerDoes) {
  const Json doc = Get("/openapi.json", "").body;
  const Json& paths = doc["paths"];
  // No token for these.
  for (const char* open : {"/healthz", "/readyz", "/metrics", "/openapi.json"})
    EXPECT_EQ(paths[open]["get"]["security"], Json::array()) << open;
  // Commands only the engine issues are no operation, and every token gets 403 on them.
  for (const char* internal : {"security.record_refusal", "security.summarise_refusals", "notification.deliver", "notification.send",
                               "task.escalate", "hazard.assign"}) {
    EXPECT_FALSE(paths.contains(std::string("/v1/commands/") + internal)) << internal;
    EXPECT_TRUE(http::InternalCommand(internal)) << internal;
    EXPECT_EQ(Post(internal, office_, Json{{"stream", "notification-nope"}, {"data", Json::object()}}).status, 403) << internal;
  }
  EXPECT_TRUE(paths.contains("/v1/commands/notification.acknowledge"));
  // The stream is <kind>-<id> of the command's workflow; data is required where the command needs any.
  const Json assign = paths["/v1/commands/task.assign"]["post"]["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(assign["properties"]["stream"]["pattern"], "^task-.+$");
  EXPECT_EQ(assign["required"], Json::array({"stream", "data"}));
  const Json ack = paths["/v1/commands/task.acknowledge"]["post"]["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(ack["required"], Json::array({"stream"})) << "task.acknowledge needs no data";
  EXPECT_EQ(Post("task.acknowledge", yanta_, Json{{"stream", "task-Y1"}}).status, 200) << "and the server takes it without";
  // Dates have their grammar, and the server takes what it allows.
  const std::string deadline = doc["components"]["schemas"]["cmd.task.assign"]["properties"]["deadline"].value("pattern", "");
  EXPECT_FALSE(deadline.empty());
  // The answers are real schemas, and 400 and 405 are where the server gives them.
  for (const char* name : {"Task", "Event", "Notification", "Refusal"})
    EXPECT_TRUE(doc["components"]["schemas"][name].contains("properties")) << name;
  EXPECT_TRUE(paths["/v1/security/{day}"]["get"]["responses"].contains("400"));
  Reply wrong = From(client_->Put("/v1/tasks", Auth(office_), "{}", "application/json"));
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.content_type, "application/problem+json");
  bool allow = false;
  for (const auto& [k, v] : wrong.headers) allow = allow || (k == "Allow" && v == "GET, HEAD");
  EXPECT_TRUE(allow);
}

}  // namespace
}  // namespace safecity::testing
