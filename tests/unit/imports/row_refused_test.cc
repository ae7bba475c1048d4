// A row the engine refuses while an import is being written (its intake
// checks passed: a race with another writer, a state the plan could not
// see): the error names the file and line, says in the user's language
// whether anything was written, and carries the engine's own refusal.
#include <gtest/gtest.h>

#include "engine/command_gateway.h"
#include "engine/store.h"
#include "tests/test_util.h"
#include "workflows/common.h"
#include "workflows/imports/imports.h"
#include "workflows/unit/unit_refusals.h"

namespace safecity::imports {
namespace {

// Accepts every command but the n-th, which its workflow refuses.
class RefusesOne : public CommandGateway {
 public:
  RefusesOne(Store* store, int refused) : store_(store), refused_(refused) {}
  Status Check(CommandEnvelope*) override { return Status::Ok(); }
  CommandResult Submit(CommandEnvelope cmd) override {
    if (++sent_ == refused_)
      return Rejection(cmd.id, cmd.stream,
                       Status::Refusal(Status::Code::kConflict, "", units::kUnitExists, {{"unit", cmd.stream}}));
    return {Status::Ok(), Json{{"command_id", cmd.id}, {"status", "accepted"}, {"stream", cmd.stream}}};
  }
  Result<SettleReport> Settle() override { return SettleReport{}; }
  Store* store() override { return store_; }

 private:
  Store* store_;
  int refused_;
  int sent_ = 0;
};

const char* kUnits =
    "id,name,kind\n"
    "yanta,雁塔区,district\n"
    "beilin,碑林区,district\n"
    "lianhu,莲湖区,district\n";

class RowRefused : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = Store::Open(dir_.path());
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st.value());
  }
  Status Import(int refused) {
    RefusesOne gateway(store_.get(), refused);
    auto r = ImportUnits(&gateway, "units.csv", kUnits, Actor{"office", "office"}, 0);
    return r.ok() ? Status::Ok() : r.status();
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RowRefused, TheFirstRowRefusedSaysNothingWasImported) {
  Status s = Import(1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "units.csv:2");
  EXPECT_EQ(s.reason(), "import.row_refused");
  const std::string zh = s.Render(Language::kZh, Edge::kCli), en = s.Render(Language::kEn, Edge::kCli);
  EXPECT_NE(zh.find("单位 unit-yanta 已存在；未导入任何内容，请改正后重新导入"), std::string::npos) << zh;
  EXPECT_NE(en.find("unit unit-yanta already exists; nothing was imported"), std::string::npos) << en;
}

TEST_F(RowRefused, ALaterRowRefusedSaysHowManyBeforeItWereImported) {
  Status s = Import(3);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "units.csv:4");
  EXPECT_EQ(s.reason(), "import.row_refused_after_some");
  const std::string zh = s.Render(Language::kZh, Edge::kCli), en = s.Render(Language::kEn, Edge::kCli);
  EXPECT_NE(zh.find("单位 unit-lianhu 已存在；此前的 2 行已导入"), std::string::npos) << zh;
  EXPECT_NE(en.find("the 2 rows before this one were imported"), std::string::npos) << en;
}

}  // namespace
}  // namespace safecity::imports
