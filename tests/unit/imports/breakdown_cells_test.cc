// The cells of task breakdown tables, as the campaign documents write them.
#include "workflows/imports/breakdown_cells.h"

#include <set>

#include <gtest/gtest.h>

namespace safecity::imports {
namespace {

std::string Due(const std::string& cell) {
  auto r = ParseDeadlineCell(cell);
  if (!r.ok()) return "error: " + r.status().message();
  if (!r.value().pending.empty()) return "pending: " + r.value().pending;
  return r.value().open ? "open" : r.value().date;
}

TEST(DeadlineCell, MonthsMeanTheirLastDay) {
  EXPECT_EQ(Due("2019年6月"), "2019-06-30");
  EXPECT_EQ(Due("2018年12月"), "2018-12-31");
  EXPECT_EQ(Due("2020年2月"), "2020-02-29") << "leap year";
  EXPECT_EQ(Due("2019年2月底前"), "2019-02-28");
  EXPECT_EQ(Due("2019-06"), "2019-06-30");
  EXPECT_EQ(Due("２０１９年６月"), "2019-06-30") << "full-width digits";
  EXPECT_EQ(Due(" 2019年 6月 "), "2019-06-30");
}

TEST(DeadlineCell, DaysYearsHalvesAndQuarters) {
  EXPECT_EQ(Due("2020年10月15日前"), "2020-10-15");
  EXPECT_EQ(Due("2023-04-15"), "2023-04-15");
  EXPECT_EQ(Due("2020年底前"), "2020-12-31");
  EXPECT_EQ(Due("2020年底"), "2020-12-31");
  EXPECT_EQ(Due("2020年年底"), "2020-12-31");
  EXPECT_EQ(Due("2020年"), "2020-12-31");
  EXPECT_EQ(Due("2020年上半年"), "2020-06-30");
  EXPECT_EQ(Due("2020年下半年"), "2020-12-31");
  EXPECT_EQ(Due("2020年第三季度"), "2020-09-30");
}

TEST(DeadlineCell, RangesMeanTheirEnd) {
  EXPECT_EQ(Due("2020年10月-2021年7月"), "2021-07-31");
  EXPECT_EQ(Due("2020年10月—2021年7月"), "2021-07-31");
  EXPECT_EQ(Due("2020年3月至6月"), "2020-06-30") << "the end takes the start's year";
  EXPECT_EQ(Due("2018年-2020年"), "2020-12-31");
  EXPECT_EQ(Due("2018～2020年"), "2020-12-31");
  EXPECT_EQ(Due("2021年7月-2020年10月").substr(0, 6), "error:") << "a range that ends before it starts";
}

TEST(DeadlineCell, BlankAndStandingWorkAreOpen) {
  EXPECT_EQ(Due(""), "open");
  EXPECT_EQ(Due("长期"), "open");
  EXPECT_EQ(Due("持续推进"), "open");
  EXPECT_EQ(Due("常态化"), "open");
  EXPECT_EQ(Due("规划水平年"), "open");
}

// Xixian's 附件 3, row 16: 按照国家确定 时间实施 (broken across two lines in
// the cell). A date to be set later is no error and no date.
TEST(DeadlineCell, ADateSetLaterIsPendingWithTheCellsWords) {
  EXPECT_EQ(Due("按照国家确定 时间实施"), "pending: 按照国家确定时间实施");
  EXPECT_EQ(Due("具体时间待定"), "pending: 具体时间待定");
  EXPECT_EQ(Due("另行通知"), "pending: 另行通知");
  EXPECT_EQ(Due("根据国家安排"), "pending: 根据国家安排");
  EXPECT_EQ(Due("2020年10月待定").substr(0, 6), "error:") << "a date with other words is not pending";
}

TEST(DeadlineCell, NonsenseIsAnErrorThatShowsHowToWriteIt) {
  for (const char* bad : {"2019年13月", "2019年2月30日", "明年", "下个月", "2019/13", "20190630"}) {
    auto r = ParseDeadlineCell(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find(bad), std::string::npos);
    EXPECT_NE(r.status().message().find("2019年6月"), std::string::npos) << "shows a form that works";
  }
}

const std::set<std::string> kKnown = {"区安委办",   "区安委会成员单位", "区商务局（区旅游局）", "区住建局", "区城管局",
                                      "消防拱墅大队", "区相关部门",     "各街道（园区）",       "区民政局", "运管拱墅管理处",
                                      "各专项规划编制单位", "区科技局", "区财政局"};
bool Known(const std::string& s) { return kKnown.count(s) > 0; }

std::string Show(const std::vector<ResponsibleRef>& refs) {
  std::string out;
  for (const auto& r : refs) out += (out.empty() ? "" : " | ") + std::string(r.lead ? "L:" : "C:") + r.name + (r.matched ? "" : "?");
  return out;
}

TEST(ResponsibilityCell, LeadAndCooperatingClausesInOneCell) {
  EXPECT_EQ(Show(SplitResponsibility("区安委办牵头；区安委会成员单位配合", true, Known)), "L:区安委办 | C:区安委会成员单位");
  EXPECT_EQ(Show(SplitResponsibility("区财政局牵头；区安委会成员单位配合", true, Known)), "L:区财政局 | C:区安委会成员单位");
  EXPECT_EQ(Show(SplitResponsibility("区安委办牵头，区住建局、区城管局配合", true, Known)), "L:区安委办 | C:区住建局 | C:区城管局");
  EXPECT_EQ(Show(SplitResponsibility("区安委办牵头；区商务局（区旅游局）、区住建局、消防拱墅大队等有关单位配合", true, Known)),
            "L:区安委办 | C:区商务局（区旅游局） | C:区住建局 | C:消防拱墅大队");
}

TEST(ResponsibilityCell, ColumnsGiveTheRoleOfUnmarkedNames) {
  EXPECT_EQ(Show(SplitResponsibility("区住建局", true, Known)), "L:区住建局");
  EXPECT_EQ(Show(SplitResponsibility("区住建局、区城管局", false, Known)), "C:区住建局 | C:区城管局");
  EXPECT_EQ(Show(SplitResponsibility("区安委办，区相关部门及各街道（园区）等单位", false, Known)),
            "C:区安委办 | C:区相关部门 | C:各街道（园区）");
}

TEST(ResponsibilityCell, GroupsAfterDengAndNotesInBrackets) {
  EXPECT_EQ(Show(SplitResponsibility("区民政局、运管拱墅管理处等各专项规划编制单位", false, Known)),
            "C:区民政局 | C:运管拱墅管理处 | C:各专项规划编制单位");
  EXPECT_EQ(Show(SplitResponsibility("各街道（园区）等单位", false, Known)), "C:各街道（园区）");
  EXPECT_EQ(Show(SplitResponsibility("区科技局（区地震局）", false, Known)), "C:区科技局") << "a note is dropped";
}

// As the Xixian plan (000) writes its 责任单位: tails that only say "and the
// others", names a page or a space broke, half-width brackets.
TEST(ResponsibilityCell, TailsThatSayTheOthersAreDropped) {
  EXPECT_EQ(Show(SplitResponsibility("区住建局、消防拱墅大队等相关部门和单位", true, Known)), "L:区住建局 | L:消防拱墅大队");
  EXPECT_EQ(Show(SplitResponsibility("区住建局等各相关部门和单位", true, Known)), "L:区住建局");
  EXPECT_EQ(Show(SplitResponsibility("区住建局等有关部门", true, Known)), "L:区住建局");
  EXPECT_EQ(Show(SplitResponsibility("区民政局、运管拱墅管理处等各专项规划编制单位", false, Known)),
            "C:区民政局 | C:运管拱墅管理处 | C:各专项规划编制单位")
      << "a group after 等 is no tail";
}

TEST(ResponsibilityCell, NamesBrokenBySpacesOrWrittenHalfWidthAreMended) {
  EXPECT_EQ(Show(SplitResponsibility("区住 建局、区城管局", true, Known)), "L:区住建局 | L:区城管局");
  EXPECT_EQ(Show(SplitResponsibility("区住建局、消防拱墅\n大队", true, Known)), "L:区住建局 | L:消防拱墅大队");
  EXPECT_EQ(Show(SplitResponsibility("区商务局(区旅游局)", true, Known)), "L:区商务局（区旅游局）");
  EXPECT_EQ(Show(SplitResponsibility("各街道(园区)", false, Known)), "C:各街道（园区）");
}

TEST(ResponsibilityCell, UnknownNamesComeBackUnmatched) {
  EXPECT_EQ(Show(SplitResponsibility("区住建局、各建设指挥部", false, Known)), "C:区住建局 | C:各建设指挥部?");
  EXPECT_EQ(Show(SplitResponsibility("", false, Known)), "");
}

TEST(Numbers, WorkPointsAndItems) {
  EXPECT_EQ(ParseOrdinal("3"), 3);
  EXPECT_EQ(ParseOrdinal("三"), 3);
  EXPECT_EQ(ParseOrdinal("（十二）"), 12);
  EXPECT_EQ(ParseOrdinal("二十"), 20);
  EXPECT_EQ(ParseOrdinal("十"), 10);
  EXPECT_EQ(ParseOrdinal("源头治理"), 0);
  EXPECT_EQ(ParseOrdinal(""), 0);
  auto a = SplitLeadingNumber("（4） 规模以上工业企业安全生产标准化达到 95%及以上。");
  EXPECT_EQ(a.number, 4);
  EXPECT_EQ(a.text, "规模以上工业企业安全生产标准化达到 95%及以上。");
  EXPECT_EQ(SplitLeadingNumber("1.成立创建国家安全发展示范城市工作领导小组。").number, 1);
  EXPECT_EQ(SplitLeadingNumber("(2)明确").number, 2);
  EXPECT_EQ(SplitLeadingNumber("3、明确").number, 3);
  auto none = SplitLeadingNumber("提升安全监管执法人员业务素质");
  EXPECT_EQ(none.number, 0);
  EXPECT_EQ(none.text, "提升安全监管执法人员业务素质");
  EXPECT_EQ(SplitLeadingNumber("300平方米").number, 0) << "a number that is not followed by a mark is text";
}

// std::regex recursed once per character over the item's text: a task cell
// of 8,000 characters (a quote closed far too late makes one) overflowed the
// stack, and `safecity import tasks` died of SIGSEGV.
TEST(BreakdownCells, ALongTaskCellKeepsItsNumberAndText) {
  std::string long_text;
  for (int i = 0; i < 200000; ++i) long_text += "甲";
  auto a = SplitLeadingNumber("（12）" + long_text);
  EXPECT_EQ(a.number, 12);
  EXPECT_EQ(a.text, long_text);
  EXPECT_EQ(SplitLeadingNumber(long_text).number, 0);
}

}  // namespace
}  // namespace safecity::imports
