// The unit directory's (成员单位) Decide and Apply, called directly (pure; no
// store): only the office registers units and changes their membership, a
// membership is one dated period at a time, and each change is kept.
#include <gtest/gtest.h>

#include "tests/unit/decide_apply_fixture.h"

namespace safecity::units {
namespace {

using safecity::testing::Office;
using safecity::testing::UnitActor;

class UnitDecideApply : public safecity::testing::DecideApplyTest {
 protected:
  UnitDecideApply() : DecideApplyTest("unit-xxgq", "2023-03-01T09:00:00+08:00") {}
  Decision Register(Json extra = Json::object()) {
    Json data{{"id", "xxgq"}, {"name", "西咸新区管委会"}, {"kind", "district"}, {"aliases", {"西咸新区"}}};
    for (auto& [k, v] : extra.items()) data[k] = v;
    return Send("unit.register", Office(), data);
  }
  Decision Membership(const char* type, const char* on) {
    return Send(type, Office(), Json{{"id", "xxgq"}, {"on", on}, {"reason", "机构调整"}});
  }
};

TEST_F(UnitDecideApply, OnlyTheOfficeRegistersAUnitAndOnlyOnce) {
  Decision by_unit = Send("unit.register", UnitActor("yanta"), Json{{"id", "xxgq"}, {"name", "西咸新区管委会"}, {"kind", "district"}});
  EXPECT_EQ(by_unit.status.code(), Status::Code::kForbidden);
  EXPECT_EQ(by_unit.status.reason(), "unit.office_only");
  EXPECT_TRUE(state_.is_null());
  Decision d = Register(Json{{"member_since", "2021-01-01"}});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(d.events[0].type, "UnitRegistered");
  EXPECT_EQ(state_["name"], "西咸新区管委会");
  EXPECT_EQ(state_["aliases"], Json::array({"西咸新区"}));
  EXPECT_EQ(state_["parent"], "") << "a unit of no parent";
  EXPECT_EQ(state_["member_since"], "2021-01-01");
  Decision again = Register();
  EXPECT_EQ(again.status.code(), Status::Code::kConflict);
  EXPECT_EQ(again.status.reason(), "unit.exists");
}

TEST_F(UnitDecideApply, AUnitRegisteredAsAlreadyGoneLeftAfterItJoined) {
  Decision d = Register(Json{{"member_since", "2021-01-01"}, {"left_on", "2020-06-30"}});
  EXPECT_EQ(d.status.code(), Status::Code::kInvalid);
  EXPECT_EQ(d.status.field(), "data.left_on");
  EXPECT_EQ(d.status.reason(), "unit.left_before_joined");
  ASSERT_TRUE(Register(Json{{"member_since", "2021-01-01"}, {"left_on", "2022-06-30"}}).status.ok());
  EXPECT_EQ(state_["left_on"], "2022-06-30");
}

TEST_F(UnitDecideApply, LeavingAndRejoiningAreOnePeriodAtATimeInDateOrderAndEachIsKept) {
  EXPECT_EQ(Membership("unit.leave", "2023-01-01").status.reason(), "unit.not_found");
  ASSERT_TRUE(Register(Json{{"member_since", "2021-01-01"}}).status.ok());
  EXPECT_EQ(Membership("unit.rejoin", "2023-01-01").status.reason(), "unit.still_member");
  Decision early = Membership("unit.leave", "2020-12-31");
  EXPECT_EQ(early.status.field(), "data.on");
  EXPECT_EQ(early.status.reason(), "unit.leave_before_join");
  ASSERT_TRUE(Membership("unit.leave", "2023-01-01").status.ok());
  EXPECT_EQ(state_["left_on"], "2023-01-01");
  Decision twice = Membership("unit.leave", "2023-02-01");
  EXPECT_EQ(twice.status.reason(), "unit.already_left");
  EXPECT_NE(twice.status.Render(Language::kZh, Edge::kCli).find("已于 2023-01-01 退出"), std::string::npos);
  EXPECT_EQ(Membership("unit.rejoin", "2022-12-31").status.reason(), "unit.rejoin_before_left");
  ASSERT_TRUE(Membership("unit.rejoin", "2023-07-01").status.ok());
  EXPECT_FALSE(state_.contains("left_on")) << "a member again";
  EXPECT_EQ(state_["member_since"], "2023-07-01");
  EXPECT_EQ(state_["membership_changes"],
            Json::array({Json{{"change", "left"}, {"on", "2023-01-01"}, {"reason", "机构调整"}},
                         Json{{"change", "rejoined"}, {"on", "2023-07-01"}, {"reason", "机构调整"}}}));
  EXPECT_EQ(Send("unit.leave", UnitActor("xxgq"), Json{{"id", "xxgq"}, {"on", "2024-01-01"}, {"reason", "x"}}).status.reason(),
            "unit.office_only")
      << "a unit does not end its own membership";
}

// Units change (机构改革): the names a unit is known by follow, its id does not.
TEST_F(UnitDecideApply, AliasesComeAndGoAndARenameKeepsTheOldNameAsAnAlias) {
  EXPECT_EQ(Send("unit.add_alias", Office(), Json{{"id", "xxgq"}, {"alias", "西咸"}}).status.reason(), "unit.not_found");
  ASSERT_TRUE(Register().status.ok());
  Decision added = Send("unit.add_alias", Office(), Json{{"id", "xxgq"}, {"alias", "西咸管委会"}});
  ASSERT_TRUE(added.status.ok()) << added.status.ToString();
  EXPECT_EQ(added.events[0].type, "UnitAliasAdded");
  EXPECT_EQ(state_["aliases"], Json::array({"西咸新区", "西咸管委会"}));
  EXPECT_EQ(Send("unit.add_alias", Office(), Json{{"id", "xxgq"}, {"alias", "西咸新区管委会"}}).status.reason(), "unit.alias_exists")
      << "its own name is no alias";
  EXPECT_EQ(Send("unit.add_alias", UnitActor("xxgq"), Json{{"id", "xxgq"}, {"alias", "x"}}).status.reason(), "unit.office_only");
  EXPECT_EQ(Send("unit.remove_alias", Office(), Json{{"id", "xxgq"}, {"alias", "西咸"}, {"reason", "r"}}).status.reason(), "unit.not_alias");
  ASSERT_TRUE(Send("unit.remove_alias", Office(), Json{{"id", "xxgq"}, {"alias", "西咸新区"}, {"reason", "给错了"}}).status.ok());
  EXPECT_EQ(state_["aliases"], Json::array({"西咸管委会"}));

  Decision renamed = Send("unit.rename", Office(), Json{{"id", "xxgq"}, {"name", "西咸新区党工委管委会"}, {"reason", "机构改革"}});
  ASSERT_TRUE(renamed.status.ok()) << renamed.status.ToString();
  EXPECT_EQ(renamed.events[0].data["previous_name"], "西咸新区管委会");
  EXPECT_EQ(renamed.events[0].data["keep_previous"], true) << "by default the old name still finds the unit";
  EXPECT_EQ(state_["name"], "西咸新区党工委管委会");
  EXPECT_EQ(state_["aliases"], Json::array({"西咸管委会", "西咸新区管委会"}));
  EXPECT_EQ(state_["id"], "xxgq");
  EXPECT_EQ(Send("unit.rename", Office(), Json{{"id", "xxgq"}, {"name", "西咸新区党工委管委会"}, {"reason", "r"}}).status.reason(),
            "unit.same_name");
  // An alias may become the name; the name it had goes unless kept.
  ASSERT_TRUE(Send("unit.rename", Office(), Json{{"id", "xxgq"}, {"name", "西咸管委会"}, {"keep_previous", false}, {"reason", "r"}})
                  .status.ok());
  EXPECT_EQ(state_["name"], "西咸管委会");
  EXPECT_EQ(state_["aliases"], Json::array({"西咸新区管委会"}));
  EXPECT_EQ(state_["name_changes"].size(), 2u);
}

}  // namespace
}  // namespace safecity::units
