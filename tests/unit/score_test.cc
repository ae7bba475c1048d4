// Scoring sheet arithmetic: tree checks, deduction caps (扣完为止), the ratio
// formula, judgement points, the pass line.
#include "workflows/scoring/score.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"
#include "workflows/scoring/sheet_state.h"

namespace safecity::scoring {
namespace {

Json Item(const char* id, const char* parent, int64_t x100, const char* method) {
  return Json{{"id", id}, {"parent", parent}, {"title", std::string("item ") + id}, {"points_x100", x100}, {"method", method}};
}

Json Sheet() {
  return Json::array({Item("1", "", 6000, ""), Item("1.1", "1", 300, "deduct"), Item("1.2", "1", 5700, "deduct"),
                      Item("2", "", 4000, ""), Item("2.1", "2", 250, "ratio"), Item("2.2", "2", 3750, "judgement")});
}

TEST(ScoringSheet, ValidTreeIsNormalised) {
  auto v = ValidateSheet(Sheet());
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v.value()[0]["rule"], "");
  EXPECT_EQ(AreaOf(v.value(), "2.1"), "2");
}

TEST(ScoringSheet, ErrorsNameTheRowAndTheFix) {
  Json bad = Sheet();
  bad[1]["points_x100"] = 250;  // children of 1 now sum to 59.5
  auto v = ValidateSheet(bad);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().field(), "data.items[0].points_x100");
  EXPECT_NE(v.status().message().find("59.5"), std::string::npos) << v.status().message();

  bad = Sheet();
  bad[5]["method"] = "";
  EXPECT_EQ(ValidateSheet(bad).status().field(), "data.items[5].method");
  bad = Sheet();
  bad[0]["method"] = "deduct";
  EXPECT_EQ(ValidateSheet(bad).status().field(), "data.items[0].method");
  bad = Sheet();
  bad[2]["parent"] = "9";
  EXPECT_EQ(ValidateSheet(bad).status().field(), "data.items[2].parent");
  bad = Sheet();
  bad[4]["id"] = "1.1";
  EXPECT_EQ(ValidateSheet(bad).status().field(), "data.items[4].id");
  bad = Json::array({Item("1", "", 9000, "deduct")});
  EXPECT_EQ(ValidateSheet(bad).status().field(), "data.items");
}

TEST(Score, DeductionsStopAtZeroForTheirItem) {
  Json items = ValidateSheet(Sheet()).value();
  Json rec{{"deducted", {{"1.1", 500}}}, {"assessed", Json::object()}, {"findings", 2}};  // 5 points off a 3-point item
  UnitScore s = Score(items, rec);
  EXPECT_EQ(s.deducted_x100, 300);
  EXPECT_EQ(s.score_x100, 9700);
  EXPECT_EQ(s.pending_items, 2);
  EXPECT_EQ(s.findings, 2);
}

TEST(Score, RatioIsQualifiedOverSampledTimesPointsAndJudgementIsAwarded) {
  Json items = ValidateSheet(Sheet()).value();
  // 2.1: 2.5 points × 17/20 = 2.125 -> 2.12 (rounded down to a hundredth)
  Json rec{{"deducted", Json::object()}, {"assessed", {{"2.1", 250 * 17 / 20}, {"2.2", 3000}}}, {"findings", 0}};
  UnitScore s = Score(items, rec);
  EXPECT_EQ(s.score_x100, 6000 + 212 + 3000);
  EXPECT_EQ(s.pending_items, 0);
}

// Gongshu's sheet (002): 规模以上工业企业安全生产标准化达到 95%及以上 — full
// points at the line or above, below it in proportion to the line.
TEST(Score, ARatioItemWithAPassLineGivesFullPointsAtTheLine) {
  Json sheet = Sheet();
  sheet[4]["full_at_percent"] = 95;
  auto v = ValidateSheet(sheet);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  const Json item = FindItem(v.value(), "2.1");
  EXPECT_EQ(item["full_at_percent"], 95);
  EXPECT_EQ(RatioAward(item, 19, 20), 250) << "95 % is the line: full points";
  EXPECT_EQ(RatioAward(item, 20, 20), 250);
  EXPECT_EQ(RatioAward(item, 18, 20), 236) << "90 % of a 95 % line: 2.5 × 90/95 = 2.368…, down to 2.36";
  EXPECT_EQ(RatioAward(FindItem(ValidateSheet(Sheet()).value(), "2.1"), 19, 20), 237) << "without a line: 2.5 × 19/20";
  Json on_deduct = Sheet();
  on_deduct[1]["full_at_percent"] = 95;
  auto bad = ValidateSheet(on_deduct);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "data.items[1].full_at_percent");
}

// Gongshu's sheet (002) caps inside an item and across items: 每发现一处扣 0.1
// 分，1 分扣完为止 for one rule of an item, 1.5 分扣完为止 over several.
TEST(Score, CapsInsideAnItemAndSharedByItemsTakeEffect) {
  Json sheet = Sheet();
  Json cap_a{{"id", "1.2.a"}, {"parent", "1.2"}, {"title", "规划未论证"}, {"points_x100", 100}, {"method", "cap"}};
  Json cap_b{{"id", "1.2.b"}, {"parent", "1.2"}, {"title", "未投保"}, {"points_x100", 150}, {"method", "cap"}};
  sheet.insert(sheet.begin() + 3, cap_a);
  sheet.insert(sheet.begin() + 4, cap_b);
  auto v = ValidateSheet(sheet);
  ASSERT_TRUE(v.ok()) << v.status().ToString() << " (cap rows are not part of 1's 60 points)";
  const Json items = v.value();
  // Rule a: 3 points found, 1 counted; rule b: 1 point, all counted; 0.5 outside any rule.
  Json record{{"deducted", {{"1.2", 450}}}, {"ruled", {{"1.2.a", 300}, {"1.2.b", 100}}}, {"findings", 3}};
  EXPECT_EQ(Score(items, record).deducted_x100, 100 + 100 + 50);
  EXPECT_EQ(DeductedLoss(items, record["deducted"], record["ruled"]), 250);

  // 1.1 and 1.2 share 2 points: 3 + 2.5 lost, 2 counted.
  Json shared = items;
  shared[1]["shared_cap"] = Json{{"group", "A"}, {"points_x100", 200}};
  shared[2]["shared_cap"] = Json{{"group", "A"}, {"points_x100", 200}};
  auto vs = ValidateSheet(shared);
  ASSERT_TRUE(vs.ok()) << vs.status().ToString();
  Json both{{"deducted", {{"1.1", 300}, {"1.2", 450}}}, {"ruled", {{"1.2.a", 300}, {"1.2.b", 100}}}, {"findings", 4}};
  EXPECT_EQ(Score(vs.value(), both).deducted_x100, 200);
  EXPECT_EQ(Score(vs.value(), both).score_x100, 10000 - 200 - 3750 - 250 + 3750 + 250) << "pending items count in full";

  Json differ = shared;
  differ[2]["shared_cap"]["points_x100"] = 300;
  EXPECT_EQ(ValidateSheet(differ).status().reason(), "sheet.shared_cap_differs");
  Json over = sheet;
  over[3]["points_x100"] = 6000;
  EXPECT_EQ(ValidateSheet(over).status().reason(), "sheet.cap_over_leaf");
  Json orphan = sheet;
  orphan[3]["parent"] = "1";  // not a deduct item
  EXPECT_EQ(ValidateSheet(orphan).status().reason(), "sheet.cap_under_deduct_leaf");
}

// Gongshu's 应急管理信息平台 (002): one item whose parts are a deduction and
// judgements; 未建立平台，本项不得分 takes every part, assessed or not, and a
// judgement part alone may be zeroed too (存在淘汰目录情形，3 分全扣).
TEST(Score, AZeroedItemTakesEveryOneOfItsParts) {
  Json items = ValidateSheet(Sheet()).value();  // 2 = 2.1 ratio 2.5 + 2.2 judgement 37.5
  Json whole{{"deducted", {{"2", 4000}}}, {"assessed", {{"2.2", 3000}}}, {"zeroed", {{"2", 1}}}, {"findings", 1}};
  UnitScore s = Score(items, whole);
  EXPECT_EQ(s.score_x100, 6000);
  EXPECT_EQ(s.deducted_x100, 4000);
  EXPECT_EQ(s.pending_items, 0) << "a zeroed part waits for no assessment";
  EXPECT_EQ(DeductedLoss(items, whole["deducted"], Json::object(), whole["zeroed"]), 4000);

  Json part{{"deducted", {{"2.2", 3750}, {"1.1", 100}}}, {"assessed", {{"2.2", 3000}}}, {"zeroed", {{"2.2", 1}}}, {"findings", 2}};
  s = Score(items, part);
  EXPECT_EQ(s.score_x100, 10000 - 3750 - 100) << "2.1 pending counts in full; 2.2 nothing whatever was awarded";
  EXPECT_EQ(s.pending_items, 1);
  EXPECT_EQ(DeductedLoss(items, part["deducted"], Json::object(), part["zeroed"]), 3750 + 100);

  // A zeroed deduct item inside a shared cap loses all its points, past the cap.
  Json shared = items;
  shared[1]["shared_cap"] = Json{{"group", "A"}, {"points_x100", 200}};
  shared[2]["shared_cap"] = Json{{"group", "A"}, {"points_x100", 200}};
  Json area{{"deducted", {{"1", 6000}}}, {"zeroed", {{"1", 1}}}, {"findings", 1}};
  EXPECT_EQ(Score(shared, area).score_x100, 4000) << "area 1 scores nothing, area 2 pending in full";
}

// Which 本项不得分 findings a unit's record keeps as "zeroed": the round's fold
// and the feedback list both ask this one rule.
TEST(Score, OnlyAZeroingOfMoreThanADeductLeafIsKeptAsZeroed) {
  Json items = ValidateSheet(Sheet()).value();
  EXPECT_TRUE(ZeroesWholeItem(items, Json{{"item", "2"}, {"zero_item", true}})) << "an item with parts";
  EXPECT_TRUE(ZeroesWholeItem(items, Json{{"item", "2.2"}, {"zero_item", true}})) << "a judgement leaf";
  EXPECT_FALSE(ZeroesWholeItem(items, Json{{"item", "1.1"}, {"zero_item", true}})) 
      << "a deduct leaf: its points deducted";
  EXPECT_FALSE(ZeroesWholeItem(items, Json{{"item", "2"}})) << "not a 本项不得分 finding";
  EXPECT_FALSE(ZeroesWholeItem(items, Json{{"item", "9"}, {"zero_item", true}})) << "an item the sheet does not have";
}

// The sheet's typed state: its definition and the moment (a number, as the
// JSON state always had it), read back whole; other events change nothing.
TEST(ScoringSheetState, ADefinitionFoldsAndReadsBackWhole) {
  const Json items = ValidateSheet(Sheet()).value();
  ScoringSheet s;
  ApplySheetEvent(s, safecity::testing::EventOf("sheet-gs@2018", "ScoringSheetDefined",
                                                Json{{"sheet_id", "gs"}, {"version", "2018"}, {"title", "拱墅区评价细则"}, {"items", items}},
                                                "2018-06-01T09:00:00+08:00", Actor{"office", "office"}));
  const Json j = s.ToJson();
  EXPECT_TRUE(j["defined_at"].is_number_integer()) << j.dump();
  EXPECT_EQ(j["items"], items);
  EXPECT_TRUE(ScoringSheet::FromJson(j) == s);
  EXPECT_EQ(ScoringSheet::FromJson(j).ToJson(), j);
  ScoringSheet before = s;
  ApplySheetEvent(s, safecity::testing::EventOf("sheet-gs@2018", "SomethingLater", Json::object(), "2019-01-01", Actor{"office", "office"}));
  EXPECT_TRUE(s == before);
}

TEST(Score, PassMeansAboveNinety) {
  Json items = ValidateSheet(Sheet()).value();
  Json at90{{"deducted", {{"1.2", 1000}}}, {"assessed", Json::object()}};
  EXPECT_EQ(Score(items, at90).score_x100, 9000);
  EXPECT_FALSE(Score(items, at90).pass);
  Json above{{"deducted", {{"1.2", 999}}}, {"assessed", Json::object()}};
  EXPECT_TRUE(Score(items, above).pass);
}

}  // namespace
}  // namespace safecity::scoring
