// The webhook commands of the CLI: keys and subscriptions print their secret
// once, derived from the data directory's webhook master key (0600), and the
// listings never show it; the delivery log; bad input names the field. And
// the auditor's `history --as-of`, on the same small data directory.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "connectors/http/webhook_dispatcher.h"
#include "connectors/http/webhook_signature.h"
#include "engine/sha256.h"
#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

class WebhookCli : public CliDataTest {
 protected:
  void SetUp() override {
    Ok({"init"});
    Ok({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"});
  }
};

TEST_F(WebhookCli, KeysAndSubscriptionsShowTheirSecretOnceAndTheMasterKeyIsPrivate) {
  auto key = Run({"--output", "json", "webhook", "key", "issue", "--unit", "雁塔区", "--id", "yanta-sys"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  Json k = Json::parse(key.out);
  const std::string secret = k.value("secret", "");
  ASSERT_EQ(secret.rfind("whsec_", 0), 0u) << key.out;
  struct stat st {};
  ASSERT_EQ(stat((data_ + "/webhook.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the master key is readable by its owner only";
  EXPECT_EQ(st.st_size, 32);

  auto list = Run({"webhook", "key", "list"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("yanta-sys"), std::string::npos);
  EXPECT_EQ(list.out.find(secret), std::string::npos) << "never the secret";
  EXPECT_EQ(Run({"--output", "json", "history", "whkey-yanta-sys"}).out.find(secret), std::string::npos) << "nor in the log";

  auto sub = Run({"--output", "json", "webhook", "subscribe", "--unit", "yanta", "--url", "http://127.0.0.1:9/hook", "--kinds",
                  "task_assigned", "--id", "yanta-hook"});
  ASSERT_EQ(sub.exit_code, 0) << sub.err;
  EXPECT_EQ(Json::parse(sub.out).value("secret", "").rfind("whsec_", 0), 0u);
  auto subs = Run({"webhook", "subscriptions"});
  EXPECT_NE(subs.out.find("任务交办"), std::string::npos) << "kinds in the user's language: " << subs.out;
  EXPECT_NE(Run({"--lang", "en", "webhook", "subscriptions"}).out.find("task_assigned"), std::string::npos);
  EXPECT_EQ(Json::parse(Run({"--output", "json", "webhook", "subscriptions"}).out)[0]["kinds"], Json::array({"task_assigned"}))
      << "the kinds as a list for programs";
  Ok({"webhook", "unsubscribe", "yanta-hook", "--reason", "系统迁移"});
  EXPECT_EQ(Run({"webhook", "subscriptions"}).out.find("yanta-hook"), std::string::npos);
  EXPECT_NE(Run({"webhook", "subscriptions", "--all"}).out.find("已取消"), std::string::npos);

  // `webhook sign` signs with the same secret the key was issued with.
  auto signed_ = Run({"webhook", "sign", "--key", "yanta-sys", "--type", "task.acknowledge", "--stream", "task-X1"});
  ASSERT_EQ(signed_.exit_code, 0) << signed_.err;
  std::istringstream lines(signed_.out);
  std::string key_line, ts_line, sig_line, id_line, standard_ts_line, standard_sig_line, blank, body;
  for (std::string* line : {&key_line, &ts_line, &sig_line, &id_line, &standard_ts_line, &standard_sig_line, &blank, &body})
    std::getline(lines, *line);
  const int64_t ts = std::stoll(ts_line.substr(ts_line.find(':') + 2));
  EXPECT_EQ(sig_line, "X-Safecity-Signature: " + http::WebhookSignature(secret, ts, body));
  // And as Standard Webhooks: the delivery id of the body is the webhook-id.
  const std::string delivery = Json::parse(body).value("delivery_id", "");
  EXPECT_EQ(id_line, "webhook-id: " + delivery);
  EXPECT_EQ(standard_ts_line, "webhook-timestamp: " + std::to_string(ts));
  EXPECT_EQ(standard_sig_line, "webhook-signature: " + http::StandardWebhookSignature(secret, delivery, ts, body));
}

TEST_F(WebhookCli, BadInputNamesTheFieldAndWritesNothing) {
  const int64_t before = LogLength();
  auto no_unit = Run({"webhook", "key", "issue", "--unit", "nowhere"});
  EXPECT_EQ(no_unit.exit_code, 2);
  EXPECT_NE(no_unit.err.find("data.unit"), std::string::npos) << no_unit.err;
  // Addresses no delivery could reach are refused at the subscription, not retried for ever.
  for (const char* url : {"ftp://example/x", "https://user@hooks.example/x", "https://[fe80::1]:8443/x", "https://h:1:2/x"}) {
    auto bad_url = Run({"webhook", "subscribe", "--unit", "yanta", "--url", url});
    EXPECT_EQ(bad_url.exit_code, 2) << url;
    EXPECT_NE(bad_url.err.find("data.url"), std::string::npos) << url << ": " << bad_url.err;
  }
  auto no_such = Run({"deliveries", "retry", "n123"});
  EXPECT_EQ(no_such.exit_code, 2) << no_such.err;
  auto by_unit = Run({"--as", "yanta", "deliveries", "retry", "n123"});
  EXPECT_NE(by_unit.exit_code, 0);
  EXPECT_EQ(LogLength(), before);
  EXPECT_EQ(Run({"deliveries", "list"}).exit_code, 0);
}

// The auditor's question from the CLI: what did this task look like on a day, and who changed it.
using AuditCli = WebhookCli;

TEST_F(AuditCli, HistoryAsOfShowsTheTaskAsItStoodThenAndWhoChangedIt) {
  Ok({"--at", "2023-03-28T10:00:00+08:00", "task", "assign", "--id", "XA-1", "--title", "燃气管道整改", "--lead", "yanta", "--deadline",
      "2023-04-30"});
  Ok({"--at", "2023-04-02T10:00:00+08:00", "--as", "yanta", "task", "ack", "XA-1"});
  Ok({"--at", "2023-04-03T10:00:00+08:00", "--as", "yanta", "task", "plan", "XA-1", "--plan", "三步整改"});
  auto then = Run({"--output", "json", "history", "XA-1", "--as-of", "2023-04-02"});
  ASSERT_EQ(then.exit_code, 0) << then.err;
  Json j = Json::parse(then.out);
  EXPECT_EQ(j["state"]["state"], "acknowledged");
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["last_changed_by"]["id"], "yanta");
  auto table = Run({"history", "XA-1", "--as-of", "2023-04-01"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("TaskAssigned"), std::string::npos);
  EXPECT_EQ(table.out.find("TaskAcknowledged"), std::string::npos) << "nothing after the day";
  EXPECT_NE(table.out.find("\"state\": \"assigned\""), std::string::npos) << table.out;
  auto before = Run({"history", "XA-1", "--as-of", "2023-01-01"});
  EXPECT_EQ(before.exit_code, 2);
  EXPECT_NE(before.err.find("did not exist yet"), std::string::npos) << before.err;
  auto bad = Run({"history", "XA-1", "--as-of", "last week"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--as-of"), std::string::npos);
}

TEST_F(AuditCli, MyTasksAreTheUnitsOwnOpenOnesByDeadline) {
  Ok({"unit", "add", "--id", "beilin", "--name", "碑林区", "--kind", "district"});
  Ok({"task", "assign", "--id", "LATE", "--title", "后到期", "--lead", "yanta", "--deadline", "2031-06-30"});
  Ok({"task", "assign", "--id", "SOON", "--title", "先到期", "--lead", "beilin", "--coop", "雁塔区", "--deadline", "2031-05-31"});
  Ok({"task", "assign", "--id", "OTHER", "--title", "别人的", "--lead", "beilin", "--deadline", "2031-05-01"});
  auto mine = Run({"--as", "雁塔区", "my", "tasks"});
  ASSERT_EQ(mine.exit_code, 0) << mine.err;
  const size_t soon = mine.out.find("SOON"), late = mine.out.find("LATE");
  ASSERT_NE(soon, std::string::npos) << mine.out;
  ASSERT_NE(late, std::string::npos) << mine.out;
  EXPECT_LT(soon, late) << "earliest deadline first";
  EXPECT_EQ(mine.out.find("OTHER"), std::string::npos) << "not another unit's task";
  auto office = Run({"--as", "office", "my", "tasks"});
  EXPECT_EQ(office.exit_code, 2);
  EXPECT_NE(office.err.find("--as"), std::string::npos);
  EXPECT_EQ(Run({"--as", "nowhere", "my", "tasks"}).exit_code, 2);
}

}  // namespace
}  // namespace safecity::testing
