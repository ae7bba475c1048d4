// A fresh engine on a temporary data directory with the demo's units, and
// on teardown the check that every event it stored validates against its schema.
#pragma once

#include <memory>

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "engine/store.h"
#include "tests/test_util.h"
#include "workflows/registry.h"

namespace safecity::testing {

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(true); }
  void TearDown() override {
    if (engine_) ExpectAllEventsValid(engine_->store());
    engine_.reset();
  }
  void Open(bool sync, size_t partitions = 2) {
    engine_.reset();
    EngineOptions o;
    o.domain = &DefaultDomain();
    o.data_dir = dir_.sub("data");
    o.sync = sync;
    o.partitions = partitions;
    auto e = Engine::Open(o);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e.value());
  }
  CommandResult Do(CommandEnvelope c) { return engine_->Submit(std::move(c)); }
  void RegisterUnits() {
    int n = 0;
    for (auto [id, name, alias] : {std::tuple{"yanta", "雁塔区", ""}, {"beilin", "碑林区", ""},
                                   {"cgj", "市城管局", "城管局"}, {"zjj", "市住建局", "住建局"}}) {
      std::vector<std::string> aliases;
      if (*alias) aliases.push_back(alias);
      auto r = Do(Cmd("u" + std::to_string(++n), "unit.register", std::string("unit-") + id, Office(),
                      UnitData(id, name, "district", aliases)));
      ASSERT_TRUE(r.status.ok()) << r.body.dump();
    }
  }
  int64_t Events() { return EventCount(engine_->store()); }

  TempDir dir_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace safecity::testing
