// The HTTP API on the engine nodes of a Kafka cluster (`safecity serve --log
// kafka --http`), two nodes on the real broker, everything over loopback as a
// unit's system or the office's CLI would use it: any node takes any command
// and answers with a state that already holds it, a unit acting on another
// unit's task is refused and recorded, a retried request is carried out once
// whichever node it reaches, a signed webhook action goes in through either
// node, and a subscribed receiver gets each notification once although both
// nodes run a dispatcher.
#include <signal.h>
#include <sys/stat.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "connectors/http/webhook_signature.h"
#include "connectors/kafka/cluster_gateway.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "tests/kafka/kafka_test_util.h"
#include "workflows/access/security_log.h"
#include "tests/test_util.h"

namespace safecity::testing {
namespace {

using kafka::KafkaOptions;

KafkaOptions Options(const std::string& test) {
  KafkaOptions o;
  o.brokers = Env("SAFECITY_TEST_BROKERS", "127.0.0.1:29092");
  o.topic_prefix = "h-" + test + "-" + std::to_string(NowMs());
  return o;
}

struct Answer {
  int status = 0;
  Json body;
  std::string replayed;  // the Idempotent-Replayed header
};

Answer Call(const std::string& url, const std::string& method, const std::string& path, const std::string& token,
            const std::string& body = "", httplib::Headers headers = {}) {
  httplib::Client c(url);
  c.set_read_timeout(130, 0);
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto r = method == "GET" ? c.Get(path, headers) : c.Post(path, headers, body, "application/json");
  Answer a;
  if (!r) return a;
  a.status = r->status;
  a.body = Json::parse(r->body, nullptr, false);
  a.replayed = r->get_header_value("Idempotent-Replayed");
  return a;
}

// Task ids whose streams fall, two each, into every partition of the cluster.
std::vector<std::string> TaskIdsInEveryPartition(int partitions, const std::string& prefix) {
  std::vector<std::string> ids;
  std::map<int, int> per;
  for (int i = 0; static_cast<int>(ids.size()) < 2 * partitions; ++i) {
    std::string id = prefix + std::to_string(i);
    int p = kafka::PartitionFor("task-" + id, partitions);
    if (per[p] < 2) {
      ++per[p];
      ids.push_back(id);
    }
  }
  return ids;
}

// Two nodes with the HTTP API on the broker, the office's CLI with its replica
// of the cluster, and tokens for the office and two district units.
class KafkaHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    o_ = Options(::testing::UnitTest::GetInstance()->current_test_info()->name());
    // Every node and the office's CLI hold the same webhook master key
    // (README: "A cluster"); it is made once and copied.
    std::filesystem::create_directories(dir_.sub("office"));
    auto master = http::LoadOrCreateWebhookMasterKey(dir_.sub("office") + "/webhook.key");
    ASSERT_TRUE(master.ok()) << master.status().ToString();
    master_ = master.value();
    for (const char* node : {"a", "b"}) {
      std::filesystem::create_directories(dir_.sub(node));
      std::filesystem::copy_file(dir_.sub("office") + "/webhook.key", dir_.sub(node) + "/webhook.key");
    }
    a_ = std::make_unique<Node>(o_, dir_.path(), "a", std::vector<std::string>{"--http", "127.0.0.1:0", "--tick-every", "0"});
    b_ = std::make_unique<Node>(o_, dir_.path(), "b", std::vector<std::string>{"--http", "127.0.0.1:0", "--tick-every", "0"});
    ASSERT_TRUE(WaitUntil([&] { return BothOwnPartitions(*a_, *b_) && !a_->url().empty() && !b_->url().empty(); }, 90,
                          DirectoryWrites(dir_.path())))
        << a_->log() << b_->log();
    office_ = IssueToken({"--role", "office", "--principal", "wang"});
    ASSERT_EQ(Office({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"}).exit_code, 0);
    ASSERT_EQ(Office({"unit", "add", "--id", "beilin", "--name", "碑林区", "--kind", "district"}).exit_code, 0);
    yanta_ = IssueToken({"--role", "unit", "--unit", "yanta"});
    beilin_ = IssueToken({"--role", "unit", "--unit", "beilin"});
    // The CLI waited for the cluster; each node follows it on its own.
    for (const std::string& token : {office_, yanta_, beilin_}) {
      for (Node* n : {a_.get(), b_.get()}) {
        DirectoryWrites writes(dir_.sub(n == a_.get() ? "a" : "b"));
        ASSERT_TRUE(WaitUntil([&] { return Call(n->url(), "GET", "/v1/whoami", token).status == 200; }, 60, [&](int ms) { writes(ms); }))
            << "a node does not know a token the cluster issued\n" << n->log();
      }
    }
  }
  void TearDown() override {
    if (::testing::Test::HasFailure()) std::cerr << "node a:\n" << a_->log() << "node b:\n" << b_->log();
  }

  CliRun Office(std::vector<std::string> args) {
    args.insert(args.begin(), {"--brokers", o_.brokers, "--topic-prefix", o_.topic_prefix, "--data", dir_.sub("office"), "--timeout", "120"});
    return RunCli(args);
  }
  std::string IssueToken(std::vector<std::string> args) {
    args.insert(args.begin(), {"--output", "json", "token", "issue"});
    CliRun r = Office(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Json j = Json::parse(r.out, nullptr, false);
    return j.is_object() ? j.value("token", "") : "";
  }
  Answer Post(Node& n, const std::string& type, const std::string& token, const Json& body, const std::string& key = "") {
    httplib::Headers h;
    if (!key.empty()) h.emplace("Idempotency-Key", key);
    return Call(n.url(), "POST", "/v1/commands/" + type, token, body.dump(), h);
  }
  static Json Assign(const std::string& id, const std::string& lead) {
    return Json{{"stream", "task-" + id},
                {"data", {{"task_id", id}, {"title", "消防通道堵塞 " + id}, {"lead_unit", lead}, {"deadline", "2031-05-01"}}}};
  }

  TempDir dir_;
  KafkaOptions o_;
  std::string master_, office_, yanta_, beilin_;
  std::unique_ptr<Node> a_, b_;
};

TEST_F(KafkaHttp, AnyNodeTakesAnyCommandAndAnswersWithAStateThatHoldsIt) {
  const std::vector<std::string> ids = TaskIdsInEveryPartition(o_.partitions, "K");
  for (const std::string& id : ids) {
    Answer assigned = Post(*a_, "task.assign", office_, Assign(id, "yanta"));
    ASSERT_EQ(assigned.status, 200) << assigned.body.dump();
    // Whichever node decided it, the node that answered already shows it.
    Answer task = Call(a_->url(), "GET", "/v1/tasks/" + id, office_);
    ASSERT_EQ(task.status, 200) << task.body.dump();
    EXPECT_EQ(task.body["state"], "assigned");
    EXPECT_EQ(task.body["lead_unit"], "yanta");
  }
  // Another unit's token on yanta's task: 403, and the refusal is on the record.
  Answer refused = Post(*a_, "task.acknowledge", beilin_, Json{{"stream", "task-" + ids[0]}, {"data", Json::object()}});
  EXPECT_EQ(refused.status, 403) << refused.body.dump();
  Answer security = Call(a_->url(), "GET", "/v1/security/" + access::SecurityStreamFor(NowMs()).substr(9) + "?limit=500", office_);
  ASSERT_EQ(security.status, 200) << security.body.dump();
  bool recorded = false;
  for (const Json& row : security.body["items"])
    recorded |= row.value("principal", "") == "beilin" && row.value("http_status", 0) == 403;
  EXPECT_TRUE(recorded) << "the refusal is in the security log of the node that refused\n" << security.body.dump();

  for (const std::string& id : ids) {
    // The unit acts through the other node, on a task it has not been told about.
    Answer ack = Post(*b_, "task.acknowledge", yanta_, Json{{"stream", "task-" + id}, {"data", Json::object()}});
    ASSERT_EQ(ack.status, 200) << ack.body.dump();
    EXPECT_EQ(Call(b_->url(), "GET", "/v1/tasks/" + id, yanta_).body["state"], "acknowledged");
  }
  Answer mine = Call(b_->url(), "GET", "/v1/my/tasks", yanta_);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body["items"].size(), ids.size()) << mine.body.dump();

  // A retry reaching the other node is carried out once and says so.
  const Json assign = Assign("R1", "beilin");
  Answer first = Post(*a_, "task.assign", office_, assign, "office-R1");
  ASSERT_EQ(first.status, 200) << first.body.dump();
  Answer again = Post(*b_, "task.assign", office_, assign, "office-R1");
  ASSERT_EQ(again.status, 200) << again.body.dump();
  EXPECT_EQ(again.replayed, "true");
  EXPECT_EQ(again.body["command_id"], first.body["command_id"]);
  Answer events = Call(b_->url(), "GET", "/v1/streams/task-R1/events", office_);
  ASSERT_EQ(events.status, 200) << events.body.dump();
  EXPECT_EQ(events.body["items"].size(), 1u) << events.body.dump();

  // Each node's /metrics: every partition it owns, all of it decided once
  // the follow-ups of the commands above are (lag 0; a reaction's command
  // may be on its way at any one moment), and the transactions it committed
  // for them, timed.
  for (Node* n : {a_.get(), b_.get()}) {
    httplib::Client c(n->url());
    std::string body;
    auto all_decided = [&] {
      auto scraped = c.Get("/metrics");
      if (!scraped) return false;
      body = scraped->body;
      std::stringstream owned(n->owns());
      for (std::string p; std::getline(owned, p, ',');)
        if (body.find("safecity_kafka_consumer_lag_records{partition=\"" + p + "\"} 0\n") == std::string::npos) return false;
      return true;
    };
    EXPECT_TRUE(WaitUntil(all_decided, 20, [](int) {})) << "partitions " << n->owns() << " of " << n->url() << "\n" << body;
    EXPECT_TRUE(std::regex_search(body, std::regex("\nsafecity_kafka_transaction_seconds_count [1-9]"))) << body;
    EXPECT_NE(body.find("safecity_build_info{"), std::string::npos);
  }

  // The office's CLI through a node, as through the embedded server.
  CliRun list = RunCli({"--server", a_->url(), "--data", dir_.sub("office-replica"), "task", "list"},
                       {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const std::string& id : ids) EXPECT_NE(list.out.find(id), std::string::npos) << id << "\n" << list.out;
  EXPECT_NE(list.out.find("R1"), std::string::npos) << list.out;

  // A stop answers what is in flight, then leaves the group: exit 0.
  EXPECT_EQ(a_->Signal(SIGTERM), 0) << a_->log();
  EXPECT_EQ(b_->Signal(SIGTERM), 0) << b_->log();
}

// A load balancer in front of the nodes: forwards each request to the node
// chosen at the moment.
class Proxy {
 public:
  explicit Proxy(std::string first) : backend_(std::move(first)) {
    auto forward = [this](const httplib::Request& req, httplib::Response& res) {
      httplib::Client c(backend());
      c.set_read_timeout(130, 0);
      httplib::Headers h;
      for (const char* name : {"Authorization", "Idempotency-Key"})
        if (req.has_header(name)) h.emplace(name, req.get_header_value(name));
      auto r = req.method == "GET" ? c.Get(req.target, h) : c.Post(req.target, h, req.body, req.get_header_value("Content-Type"));
      if (!r) {
        res.status = 502;
        return;
      }
      res.status = r->status;
      res.set_content(r->body, r->get_header_value("Content-Type"));
    };
    server_.Get(".*", forward);
    server_.Post(".*", forward);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Proxy() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void Route(const std::string& backend) {
    std::lock_guard<std::mutex> lock(mu_);
    backend_ = backend;
  }

 private:
  std::string backend() {
    std::lock_guard<std::mutex> lock(mu_);
    return backend_;
  }
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::string backend_;
};

TEST_F(KafkaHttp, TheCliBehindALoadBalancerFollowsWhicheverNodeAnswers) {
  // Each node numbers its log in the order it learned of the events; a
  // replica that changes node reads the new one's log from its start.
  Proxy balancer(a_->url());
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--server", balancer.url(), "--data", dir_.sub("auditor-replica")});
    return RunCli(args, {{"SAFECITY_TOKEN", office_}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}});
  };
  const std::vector<std::string> ids = TaskIdsInEveryPartition(o_.partitions, "P");
  for (size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(Post(i % 2 ? *b_ : *a_, "task.assign", office_, Assign(ids[i], "yanta")).status, 200);
  CliRun first = cli({"task", "list"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  balancer.Route(b_->url());
  ASSERT_EQ(Post(*b_, "task.assign", office_, Assign("P-late", "beilin")).status, 200);
  CliRun second = cli({"task", "list"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  for (const std::string& id : ids) EXPECT_NE(second.out.find(id), std::string::npos) << id << "\n" << second.out;
  EXPECT_NE(second.out.find("P-late"), std::string::npos) << second.out;
  // Once the cluster is quiet and node b holds all of it, so does the replica,
  // every chain whole.
  auto cluster = kafka::ClusterGateway::Open(o_, dir_.sub("settled"), 120000);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  ASSERT_TRUE(cluster.value()->Settle().ok());
  const int64_t total = cluster.value()->store()->LastPosition();
  DirectoryWrites writes(dir_.sub("b"));
  ASSERT_TRUE(WaitUntil([&] { return Call(b_->url(), "GET", "/readyz", "").body.value("log_position", int64_t{0}) == total; }, 60,
                        [&](int ms) { writes(ms); }));
  CliRun verify = cli({"--output", "json", "verify"});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  Json v = Json::parse(verify.out);
  EXPECT_TRUE(v["intact"].get<bool>()) << verify.out;
  EXPECT_EQ(v["events"].get<int64_t>(), total) << "the replica holds the whole log";
  // And it knows whose positions it holds: node b's.
  Answer page = Call(b_->url(), "GET", "/v1/log?limit=1", office_);
  ASSERT_FALSE(page.body.value("log_id", "").empty()) << page.body.dump();
  auto replica = Store::Open(dir_.sub("auditor-replica"), {false, true});
  ASSERT_TRUE(replica.ok()) << replica.status().ToString();
  auto followed = replica.value()->Get(Cf::kMeta, "http/log_id");
  ASSERT_TRUE(followed.ok() && followed.value());
  EXPECT_EQ(*followed.value(), page.body["log_id"].get<std::string>());
}

// A unit's system: receives the CloudEvents POSTed to it, counting each
// delivery id.
class Receiver {
 public:
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++received_[req.get_header_value("X-Safecity-Delivery")];
      }
      changed_.notify_all();
      res.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::map<std::string, int> received() {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }
  // A `changed` for WaitUntil: returns when a delivery arrives, or after `ms`.
  void Wait(int ms) {
    std::unique_lock<std::mutex> lock(mu_);
    size_t seen = 0;
    for (const auto& [id, n] : received_) seen += static_cast<size_t>(n);
    changed_.wait_for(lock, std::chrono::milliseconds(ms), [&] {
      size_t now = 0;
      for (const auto& [id, n] : received_) now += static_cast<size_t>(n);
      return now != seen;
    });
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, int> received_;
};

TEST_F(KafkaHttp, AUnitsSystemActsByWebhookThroughEitherNodeAndIsNotifiedOnce) {
  Receiver receiver;
  ASSERT_EQ(Office({"webhook", "subscribe", "--unit", "yanta", "--url", receiver.url(), "--kinds", "task_assigned", "--id", "yanta-sub"})
                .exit_code,
            0);
  ASSERT_EQ(Office({"webhook", "key", "issue", "--unit", "yanta", "--id", "yanta-sys"}).exit_code, 0);
  for (Node* n : {a_.get(), b_.get()}) {
    DirectoryWrites writes(dir_.sub(n == a_.get() ? "a" : "b"));
    ASSERT_TRUE(WaitUntil(
        [&] {
          return Call(n->url(), "GET", "/v1/read-models/whkey/yanta-sys", office_).status == 200 &&
                 Call(n->url(), "GET", "/v1/read-models/whsub/yanta-sub", office_).status == 200;
        },
        60, [&](int ms) { writes(ms); }));
  }

  // Tasks in every partition: both nodes own some of the notifications.
  const std::vector<std::string> ids = TaskIdsInEveryPartition(o_.partitions, "W");
  for (size_t i = 0; i < ids.size(); ++i) {
    Answer assigned = Post(i % 2 ? *b_ : *a_, "task.assign", office_, Assign(ids[i], "yanta"));
    ASSERT_EQ(assigned.status, 200) << assigned.body.dump();
  }
  ASSERT_TRUE(WaitUntil([&] { return receiver.received().size() == ids.size(); }, 90, [&](int ms) { receiver.Wait(ms); }))
      << receiver.received().size() << " of " << ids.size() << " notifications delivered";
  // Each was recorded delivered at the first attempt: no node made a second,
  // so the receiver got each delivery id once.
  for (const auto& [id, n] : receiver.received()) {
    DirectoryWrites writes(dir_.sub("a"));
    Json ntf;
    ASSERT_TRUE(WaitUntil(
        [&] {
          ntf = Call(a_->url(), "GET", "/v1/read-models/ntf/" + id, office_).body["value"];
          return ntf.is_object() && ntf.value("state", "") == "delivered";
        },
        60, [&](int ms) { writes(ms); }))
        << ntf.dump();
    EXPECT_EQ(ntf.value("attempts", 0), 1) << ntf.dump();
    EXPECT_EQ(receiver.received()[id], 1) << "delivery " << id << " was POSTed more than once";
  }

  // The unit's system acknowledges through node b, signed with its key.
  const std::string secret = http::DeriveInboundSecret(master_, "yanta-sys");
  const std::string body = Json{{"delivery_id", "yanta-ack-1"}, {"type", "task.acknowledge"}, {"stream", "task-" + ids[0]},
                                {"data", {{"note", "已收到"}}}}
                               .dump();
  const int64_t ts = NowMs() / 1000;
  httplib::Headers signed_headers{{"X-Safecity-Key", "yanta-sys"},
                                  {"X-Safecity-Timestamp", std::to_string(ts)},
                                  {"X-Safecity-Signature", http::WebhookSignature(secret, ts, body)}};
  Answer acted = Call(b_->url(), "POST", "/v1/webhooks/inbound", "", body, signed_headers);
  ASSERT_EQ(acted.status, 200) << acted.body.dump();
  EXPECT_EQ(Call(b_->url(), "GET", "/v1/tasks/" + ids[0], office_).body["state"], "acknowledged");
  // The same delivery again, through the other node: 401, with the first result.
  Answer replay = Call(a_->url(), "POST", "/v1/webhooks/inbound", "", body, signed_headers);
  EXPECT_EQ(replay.status, 401) << replay.body.dump();
  EXPECT_EQ(replay.body["result"]["command_id"], acted.body["command_id"]) << replay.body.dump();
}

}  // namespace
}  // namespace safecity::testing
