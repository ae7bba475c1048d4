// The inspection round's Decide and Apply, called directly (pure; no store):
// a round created on a sheet as Prepare leaves it (units resolved, the sheet
// version embedded, phases as times), its scoring commands, and what each
// finding does to the unit's tally and score — the sheet's shapes as printed:
// a rule's cap, 本项不得分 on a deduct item, on a judgement and on an item of
// deductions and judgements, 一票否决, and withdrawals that give each back.
#include <gtest/gtest.h>

#include "tests/unit/decide_apply_fixture.h"

namespace safecity::campaign {
namespace {

using safecity::testing::InspectorActor;
using safecity::testing::Office;
using safecity::testing::UnitActor;

Json Item(const char* id, const char* parent, int64_t x100, const char* method) {
  return Json{{"id", id}, {"parent", parent}, {"title", std::string("条目 ") + id}, {"points_x100", x100}, {"method", method}, {"rule", ""}};
}

class RoundDecideApply : public safecity::testing::DecideApplyTest {
 protected:
  RoundDecideApply() : DecideApplyTest("campaign-gs-2023", "2023-03-01T09:00:00+08:00") {}
  void SetUp() override {
    // Gongshu's 应急管理信息平台 as the item "1" with three parts; "2" the rest.
    Json items = Json::array({Item("1", "", 900, ""), Item("1.a", "1", 300, "deduct"), Item("1.b", "1", 300, "judgement"),
                              Item("1.c", "1", 300, "judgement"), Item("2", "", 9100, "deduct")});
    Json phases{{"self_check", "2023-09-01T15:59:59.999Z"},    {"system_check", "2023-09-10T15:59:59.999Z"},
                {"spot_check", "2023-09-20T15:59:59.999Z"},    {"rectification", "2023-10-15T15:59:59.999Z"},
                {"reporting", "2023-10-31T15:59:59.999Z"}};
    Decision created = Send("campaign.create", Office(),
                            Json{{"campaign_id", "gs-2023"},
                                 {"title", "拱墅区自评"},
                                 {"sheet", {{"sheet_id", "gs"}, {"version", "2018"}, {"title", "拱墅区评价细则"}, {"items", items}}},
                                 {"units", Json::array({"yanta", "beilin"})},
                                 {"phases", phases}});
    ASSERT_TRUE(created.status.ok()) << created.status.ToString();
    for (const char* c : {"campaign.launch", "campaign.start_self_check", "campaign.start_system_check"})
      ASSERT_TRUE(Send(c, Office()).status.ok()) << c;
  }
  Decision Deduct(const char* unit, const char* item, Json extra) {
    Json data{{"unit", unit}, {"item", item}, {"reason", "问题"}, {"open_task", false}};
    for (auto& [k, v] : extra.items()) data[k] = v;
    return Send("campaign.record_finding", InspectorActor(), data);
  }
  Json Score(const char* unit) { return state_["scores"][unit]; }
};

TEST_F(RoundDecideApply, OnlyTheOfficeAndInspectorsScoreAndOnlyUnitsOfTheRound) {
  Decision stranger = Deduct("changan", "1.a", Json{{"points_x100", 50}});
  EXPECT_EQ(stranger.status.field(), "data.unit");
  EXPECT_EQ(Send("campaign.record_finding", UnitActor("yanta"), Json{{"unit", "yanta"}, {"item", "1.a"}, {"reason", "x"}, {"points_x100", 10}})
                .status.code(),
            Status::Code::kForbidden);
  EXPECT_FALSE(state_["tallies"].contains("changan"));
}

TEST_F(RoundDecideApply, PointsOnAJudgementAreRefusedButZeroingItIsNot) {
  Decision points = Deduct("yanta", "1.b", Json{{"points_x100", 100}});
  EXPECT_EQ(points.status.reason(), "round.item_not_deduction");
  EXPECT_NE(points.status.Render(Language::kZh, Edge::kCli).find("zero_item"), std::string::npos);
  Decision parent_points = Deduct("yanta", "1", Json{{"points_x100", 100}});
  EXPECT_EQ(parent_points.status.reason(), "round.item_not_scored") << "an item with parts takes only 本项不得分";
  ASSERT_TRUE(Deduct("yanta", "1.b", Json{{"zero_item", true}}).status.ok());
  EXPECT_EQ(state_["tallies"]["yanta"]["zeroed"], Json({{"1.b", 1}}));
  EXPECT_EQ(Score("yanta")["score_x100"], 10000 - 300);
}

TEST_F(RoundDecideApply, ZeroingAnItemWithPartsTakesThemAllAndWithdrawingGivesThemBack) {
  ASSERT_TRUE(Deduct("yanta", "1.a", Json{{"points_x100", 50}}).status.ok());
  ASSERT_TRUE(Send("campaign.record_assessment", InspectorActor(), Json{{"unit", "yanta"}, {"item", "1.b"}, {"points_x100", 200}})
                  .status.ok());
  EXPECT_EQ(Score("yanta")["score_x100"], 10000 - 50 - 100);
  EXPECT_EQ(Score("yanta")["pending_items"], 1) << "1.c not assessed";
  Decision zero = Deduct("yanta", "1", Json{{"zero_item", true}});
  ASSERT_TRUE(zero.status.ok()) << zero.status.ToString();
  EXPECT_EQ(zero.events[0].data["points_x100"], 900) << "the item's whole points";
  EXPECT_EQ(Score("yanta")["score_x100"], 9100);
  EXPECT_EQ(Score("yanta")["pending_items"], 0);
  EXPECT_EQ(Score("yanta")["pass"], true);
  ASSERT_TRUE(Send("campaign.withdraw_finding", Office(), Json{{"finding", 2}, {"reason", "复核：平台已建立"}}).status.ok());
  EXPECT_FALSE(state_["tallies"]["yanta"].contains("zeroed")) << "nothing left of it in the tally";
  EXPECT_EQ(Score("yanta")["score_x100"], 10000 - 50 - 100);
  EXPECT_EQ(Score("beilin")["score_x100"], 10000) << "another unit's tally untouched";
}

TEST_F(RoundDecideApply, ZeroingADeductItemIsRecordedAsItAlwaysWas) {
  ASSERT_TRUE(Deduct("yanta", "1.a", Json{{"zero_item", true}}).status.ok());
  EXPECT_EQ(state_["tallies"]["yanta"]["deducted"]["1.a"], 300);
  EXPECT_FALSE(state_["tallies"]["yanta"].contains("zeroed")) << "old logs replay to the same state";
  EXPECT_EQ(Score("yanta")["score_x100"], 9700);
}

TEST_F(RoundDecideApply, AVetoFailsTheUnitWhateverItsPointsUntilWithdrawn) {
  ASSERT_TRUE(Deduct("beilin", "2", Json{{"veto", true}}).status.ok());
  EXPECT_EQ(Score("beilin")["score_x100"], 10000);
  EXPECT_EQ(Score("beilin")["pass"], false);
  EXPECT_EQ(Score("beilin")["vetoed"], true);
  ASSERT_TRUE(Send("campaign.withdraw_finding", Office(), Json{{"finding", 1}, {"reason", "事故责任不在本区"}}).status.ok());
  EXPECT_EQ(Score("beilin")["pass"], true);
  EXPECT_FALSE(Score("beilin").contains("vetoed"));
}

}  // namespace
}  // namespace safecity::campaign
