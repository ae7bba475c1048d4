// The fixture of the HTTP tests: an embedded engine in a temporary directory
// with the units yanta (雁塔区) and beilin (碑林区), tokens issued through it,
// and an ApiServer over it on a free loopback port, stopped on teardown.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "connectors/http/api_server.h"
#include "engine/engine.h"
#include "tests/test_util.h"
#include "workflows/registry.h"

namespace safecity::testing {

class LoopbackApi : public ::testing::Test {
 protected:
  void TearDown() override {
    if (server_) server_->Stop();
  }

  // Opens the engine in `data_dir` and registers yanta and beilin.
  void OpenEngine(const std::string& data_dir) {
    EngineOptions eo;
    eo.domain = &DefaultDomain();
    eo.data_dir = data_dir;
    eo.partitions = 2;
    auto e = Engine::Open(eo);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e.value());
    Must(Cmd("reg-yanta", "unit.register", "unit-yanta", Office(), UnitData("yanta", "雁塔区", "district")));
    Must(Cmd("reg-beilin", "unit.register", "unit-beilin", Office(), UnitData("beilin", "碑林区", "district")));
  }
  // Opens the engine of a data directory the CLI made (init, a template, the
  // demo) as it is.
  void OpenExistingEngine(const std::string& data_dir) {
    EngineOptions eo;
    eo.domain = &DefaultDomain();
    eo.data_dir = data_dir;
    eo.create_if_missing = false;
    auto e = Engine::Open(eo);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e.value());
  }
  // The CLI with --server (this server) and `token`, its --data `laptop`, where
  // a test may check that no replica appears; no config or HOME of the machine's.
  CliRun RemoteCli(std::vector<std::string> args, const std::string& token, const std::string& laptop) {
    args.insert(args.begin(), {"--server", "http://127.0.0.1:" + std::to_string(server_->port()), "--data", laptop});
    return RunCli(args, {{"SAFECITY_TOKEN", token}, {"HOME", dir_.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}});
  }
  // A free port, four handler threads, no clock ticks.
  static http::ApiOptions LoopbackOptions() {
    http::ApiOptions o;
    o.port = 0;
    o.threads = 4;
    o.tick_every_s = 0;
    return o;
  }
  void StartServer(const http::ApiOptions& o) {
    auto s = http::ApiServer::Start(engine_.get(), o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s.value());
  }

  void Must(CommandEnvelope c) {
    CommandResult r = engine_->Submit(std::move(c));
    ASSERT_TRUE(r.status.ok()) << r.body.dump();
  }
  std::string Token(const std::string& id, const std::string& role, const std::string& unit, const std::string& principal = "") {
    return IssueTestToken(engine_.get(), id, role, unit, principal);
  }

  TempDir dir_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<http::ApiServer> server_;
};

}  // namespace safecity::testing
