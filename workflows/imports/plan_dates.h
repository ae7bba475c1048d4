// Dates as plans write them (计划中的日期): the days a 完成时限 cell or a stage's
// period (阶段时间) stands for. Pure functions: no clock, no store; dates are
// "YYYY-MM-DD" (China's calendar days; the caller decides the time of day).
//
//   2019年6月, 2019-06              the month: 2019-06-01 .. 2019-06-30
//   2019年6月底, 6月末                the month's last day (a point)
//   3月上旬 / 中旬 / 下旬 / 中下旬     1-10, 11-20, 21-end, 11-end of March
//   2020年10月15日, 2023-04-15        that day (a point)
//   2020年, 2020年全年               the year; 2020年底 / 年末: its last day
//   2020年上半年 / 下半年, 2020年第三季度   the half, the quarter
//   A-B, A—B, A至B, A到B, A～B        from A's first day to B's last (B without a
//                                     year takes A's: 2020年3月至6月)
//   …前, 以前, 之前, 完成, 止          by then: no first day
// A month or day written without a year (3月中旬) takes `year`; with year 0
// it is not a date.
#pragma once

#include <optional>
#include <string>

namespace safecity::imports {

struct PlanPeriod {
  std::string starts;  // first day, "" when the text gives none (…前, a single day, 月底)
  std::string ends;    // last day
};

// A cell's or a stage's whole period; nullopt when it is not one (or when a
// range ends before it starts).
std::optional<PlanPeriod> ParsePlanPeriod(const std::string& text, int year = 0);

// True when the text names a month or day without its year (3月中旬, 4月15日).
bool LacksYear(const std::string& text);

}  // namespace safecity::imports
