// Access (访问控制) Decide and Apply, called directly (pure; no store): only
// the office issues and revokes tokens, and the refusals a clerk reads at
// the CLI or an integrator reads over HTTP are in both languages, each with
// its own edge's advice.
#include <gtest/gtest.h>

#include "engine/sha256.h"
#include "tests/unit/decide_apply_fixture.h"

namespace safecity::access {
namespace {

using safecity::testing::Office;
using safecity::testing::UnitActor;

class TokenDecideApply : public safecity::testing::DecideApplyTest {
 protected:
  TokenDecideApply() : DecideApplyTest("token-zhang", "2023-03-01T09:00:00+08:00") {}
  Decision Issue(const Actor& by) {
    return Send("token.issue", by,
                Json{{"token_id", "zhang"}, {"role", "inspector"}, {"principal", "zhang.wei"}, {"sha256", Sha256Hex("secret")}});
  }
  Decision Revoke() { return Send("token.revoke", Office(), Json{{"token_id", "zhang"}, {"reason", "调岗"}}); }
};

TEST_F(TokenDecideApply, OnlyTheOfficeIssuesAndItsRefusalSaysHowAtEachEdge) {
  Decision by_unit = Issue(UnitActor("yanta"));
  EXPECT_EQ(by_unit.status.code(), Status::Code::kForbidden);
  EXPECT_EQ(by_unit.status.reason(), "token.office_only");
  EXPECT_EQ(by_unit.status.Render(Language::kZh, Edge::kCli), "actor: 只有创建办可以签发和吊销令牌；请以创建办身份办理");
  EXPECT_EQ(by_unit.status.Render(Language::kEn, Edge::kHttp),
            "actor: only the office (创建办) issues and revokes tokens; send it with an office token");
  EXPECT_TRUE(state_.is_null()) << "a refusal folds nothing";
  ASSERT_TRUE(Issue(Office()).status.ok());
  EXPECT_EQ(state_["state"], "active");
  Decision again = Issue(Office());
  EXPECT_EQ(again.status.code(), Status::Code::kConflict);
  EXPECT_EQ(again.status.Render(Language::kZh, Edge::kHttp), "令牌 zhang 已存在；请换一个编号");
}

TEST_F(TokenDecideApply, ARevokedTokenIsRevokedOnceAndTheSecondSaysWhen) {
  Decision none = Revoke();
  EXPECT_EQ(none.status.code(), Status::Code::kNotFound);
  EXPECT_EQ(none.status.Render(Language::kZh, Edge::kCli), "token: 没有令牌“zhang”；用 `safecity token list` 查看令牌");
  EXPECT_EQ(none.status.Render(Language::kEn, Edge::kHttp), "token: no token 'zhang'; check the token's id");
  ASSERT_TRUE(Issue(Office()).status.ok());
  ASSERT_TRUE(Revoke().status.ok());
  EXPECT_EQ(state_["state"], "revoked");
  Decision twice = Revoke();
  EXPECT_EQ(twice.status.code(), Status::Code::kRefused);
  EXPECT_EQ(twice.status.reason(), "token.already_revoked");
  EXPECT_EQ(twice.status.Render(Language::kZh, Edge::kHttp), "令牌 zhang 已于 " + state_["revoked_at"].get<std::string>() + " 吊销");
}

}  // namespace
}  // namespace safecity::access
