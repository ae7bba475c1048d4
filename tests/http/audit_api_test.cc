// The auditor's routes over real HTTP on loopback: the checkpoints a server
// recorded, and inclusion and consistency proofs that an auditor checks with
// the public key alone (connectors/http/api_audit.h).
#include <filesystem>

#include <gtest/gtest.h>
#include <httplib.h>

#include "connectors/http/api_server.h"
#include "engine/checkpoint.h"
#include "engine/checkpoint_publisher.h"
#include "engine/engine.h"
#include "engine/log_audit.h"
#include "tests/test_util.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

class AuditApi : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions eo;
    eo.domain = &DefaultDomain();
    eo.data_dir = dir_.sub("data");
    auto e = Engine::Open(eo);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e.value());
    ASSERT_TRUE(engine_->Submit(Cmd("reg", "unit.register", "unit-yanta", Office(), UnitData("yanta", "雁塔区", "district"))).status.ok());
    for (int i = 1; i <= 4; ++i)
      ASSERT_TRUE(engine_->Submit(Cmd("a" + std::to_string(i), "task.assign", "task-Y" + std::to_string(i), Office(),
                                      AssignData("Y" + std::to_string(i), "yanta", {}, "2031-04-15")))
                      .status.ok());
    auditor_ = IssueTestToken(engine_.get(), "audit-li", "auditor", "", "li");
    unit_ = IssueTestToken(engine_.get(), "yanta-sys", "unit", "yanta");
    ASSERT_TRUE(checkpoint::GenerateKeyPair(keys_.sub("k")).ok());
    auto key = checkpoint::SigningKey::Load(keys_.sub("k"), dir_.sub("data"));
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    auto head = PublishCheckpoint(engine_.get(), *key.value(), 1700000000000, Actor{"checkpointer", "system"});
    ASSERT_TRUE(head.ok()) << head.status().ToString();
    head_ = head.value();
    http::ApiOptions o;
    o.port = 0;
    o.tick_every_s = 0;
    auto s = http::ApiServer::Start(engine_.get(), o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s.value());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }
  httplib::Result Get(const std::string& path, const std::string& token) {
    return client_->Get(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + token}});
  }

  TempDir dir_, keys_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<http::ApiServer> server_;
  std::unique_ptr<httplib::Client> client_;
  std::string auditor_, unit_;
  checkpoint::SignedTreeHead head_;
};

TEST_F(AuditApi, AnAuditorGetsAProofThatThePublicKeyAloneChecks) {
  auto list = Get("/v1/checkpoints", auditor_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  Json cps = Json::parse(list->body);
  ASSERT_EQ(cps["items"].size(), 1u);
  EXPECT_EQ(cps["items"][0]["root_hash"], merkle::Hex(head_.root_hash));

  auto proof = Get("/v1/proofs/task-Y2@1?tree_size=" + std::to_string(head_.tree_size), auditor_);
  ASSERT_TRUE(proof);
  ASSERT_EQ(proof->status, 200) << proof->body;
  auto pub = checkpoint::PublicKey::Load(keys_.sub("k.pub"), "key");
  ASSERT_TRUE(pub.ok());
  Json doc = Json::parse(proof->body);
  EXPECT_TRUE(CheckInclusionProof(doc, *pub.value()).ok());
  // By the event's id too (it holds a '/').
  auto by_id = Get("/v1/proofs/" + doc["event"]["id"].get<std::string>(), auditor_);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->status, 200) << by_id->body;

  auto consistency = Get("/v1/consistency?first=3&second=" + std::to_string(head_.tree_size), auditor_);
  ASSERT_TRUE(consistency);
  EXPECT_EQ(consistency->status, 200) << consistency->body;
}

// `checkpoint list` with --server reads GET /v1/checkpoints and prints what
// the server's own store prints, keeping no replica.
TEST_F(AuditApi, TheCheckpointListThroughAServerIsTheStoresWithoutAReplica) {
  const std::string url = "http://127.0.0.1:" + std::to_string(server_->port());
  const std::vector<std::pair<std::string, std::string>> env{
      {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}};
  for (const char* how : {"table", "json"}) {
    auto with = env;
    with.push_back({"SAFECITY_TOKEN", auditor_});
    CliRun asked = RunCli({"--server", url, "--data", dir_.sub("laptop"), "-o", how, "checkpoint", "list"}, with);
    CliRun read = RunCli({"--data", dir_.sub("data"), "-o", how, "checkpoint", "list"});
    ASSERT_EQ(asked.exit_code, 0) << asked.err;
    ASSERT_EQ(read.exit_code, 0) << read.err;
    EXPECT_NE(read.out.find(checkpoint::ToJson(head_).value("root_hash", "")), std::string::npos) << read.out;
    EXPECT_EQ(asked.out, read.out) << how;
  }
  auto with = env;
  with.push_back({"SAFECITY_TOKEN", unit_});
  CliRun unit = RunCli({"--server", url, "--data", dir_.sub("laptop"), "checkpoint", "list"}, with);
  EXPECT_EQ(unit.exit_code, 2) << unit.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("laptop"))) << "no replica";
}

TEST_F(AuditApi, BadSizesUnknownEventsAndUnitsAreRefusedWithTheRightStatus) {
  auto no_cp = Get("/v1/proofs/task-Y2@1?tree_size=3", auditor_);
  ASSERT_TRUE(no_cp);
  EXPECT_EQ(no_cp->status, 404) << no_cp->body;
  auto huge = Get("/v1/proofs/task-Y2@1?tree_size=99999999999999999999999", auditor_);
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 400) << huge->body;
  auto missing = Get("/v1/proofs/task-NOPE@1", auditor_);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404) << missing->body;
  auto beyond = Get("/v1/consistency?first=1&second=1000000", auditor_);
  ASSERT_TRUE(beyond);
  EXPECT_EQ(beyond->status, 400) << beyond->body;
  auto unit = Get("/v1/proofs/task-Y2@1", unit_);
  ASSERT_TRUE(unit);
  EXPECT_EQ(unit->status, 403) << unit->body;
}

}  // namespace
}  // namespace safecity::testing
