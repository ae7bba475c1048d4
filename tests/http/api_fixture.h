// The fixture of the HTTP tests: an embedded engine in a temporary directory
// with the units yanta (雁塔区) and beilin (碑林区), tokens issued through it,
// and an ApiServer over it on a free loopback port, stopped on teardown.
#pragma once

#include <memory>
#include <string>

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
