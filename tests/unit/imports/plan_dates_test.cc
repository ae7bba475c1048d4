// Dates and periods as plans write them: a stage's 时间 in parentheses and a
// 完成时限 cell read by the same rules.
#include "workflows/imports/plan_dates.h"

#include <gtest/gtest.h>

namespace safecity::imports {
namespace {

std::string Period(const std::string& text, int year = 0) {
  auto p = ParsePlanPeriod(text, year);
  if (!p) return "none";
  return (p->starts.empty() ? "…" : p->starts) + " .. " + p->ends;
}

// The stages of Xixian (000) and Chaoyang (004) as they print them.
TEST(PlanPeriod, TheStagesOfThePlansAsPrinted) {
  EXPECT_EQ(Period("2020年10月"), "2020-10-01 .. 2020-10-31") << "动员部署阶段";
  EXPECT_EQ(Period("2020年10月-2021年5月"), "2020-10-01 .. 2021-05-31") << "组织实施阶段";
  EXPECT_EQ(Period("2019年12月底前"), "… .. 2019-12-31") << "前期准备阶段: by then, no first day";
  EXPECT_EQ(Period("2020年2月—5月"), "2020-02-01 .. 2020-05-31") << "创建实施阶段: the end takes the start's year";
  EXPECT_EQ(Period("2020年5月—2020年6月"), "2020-05-01 .. 2020-06-30") << "自评申报阶段";
}

// Xi'an's self-inspection (003) writes its steps without a year.
TEST(PlanPeriod, TenDayPartsAndDaysTakeTheYearGiven) {
  EXPECT_EQ(Period("3月中旬", 2023), "2023-03-11 .. 2023-03-20");
  EXPECT_EQ(Period("3月上旬", 2023), "2023-03-01 .. 2023-03-10");
  EXPECT_EQ(Period("4月下旬", 2023), "2023-04-21 .. 2023-04-30");
  EXPECT_EQ(Period("2月底", 2023), "… .. 2023-02-28") << "a point: a deadline";
  EXPECT_EQ(Period("4月15日", 2023), "… .. 2023-04-15");
  EXPECT_EQ(Period("3月中旬"), "none") << "no year, none given";
  EXPECT_TRUE(LacksYear("3月中旬"));
  EXPECT_FALSE(LacksYear("2023年3月中旬"));
}

TEST(PlanPeriod, YearsHalvesQuartersAndRanges) {
  EXPECT_EQ(Period("2020年"), "2020-01-01 .. 2020-12-31");
  EXPECT_EQ(Period("2020年底前"), "… .. 2020-12-31");
  EXPECT_EQ(Period("2020年上半年"), "2020-01-01 .. 2020-06-30");
  EXPECT_EQ(Period("2020年第三季度"), "2020-07-01 .. 2020-09-30");
  EXPECT_EQ(Period("2018～2020年"), "2018-01-01 .. 2020-12-31");
  EXPECT_EQ(Period("2020年10月15日-2020年11月10日"), "2020-10-15 .. 2020-11-10");
  EXPECT_EQ(Period("2021年7月-2020年10月"), "none") << "ends before it starts";
  EXPECT_EQ(Period("具体时间行程待定"), "none");
}

}  // namespace
}  // namespace safecity::imports
