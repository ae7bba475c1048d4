#include "workflows/imports/plan_dates.h"

#include <cstdio>
#include <regex>

#include "workflows/imports/plan_text.h"

namespace safecity::imports {

namespace {

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::string Date(int y, int m, int d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// One point or stretch: its first and last day (the same for a point).
// `year` stands for a missing one. (In std::regex a multi-byte character
// takes `?` only as a group: (?:年)?.)
std::optional<PlanPeriod> ParseOne(const std::string& s, int year) {
  static const std::regex iso_day("^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$");
  static const std::regex iso_month("^([0-9]{4})[-/.]([0-9]{1,2})$");
  static const std::regex zh_day("^(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})(?:日|号)$");
  static const std::regex zh_month("^(?:([0-9]{4})年)?([0-9]{1,2})月(?:份)?(底|末|初|上旬|中旬|下旬|中下旬)?$");
  static const std::regex zh_year("^([0-9]{4})(?:年)?(年底|年末|底|末|全年|年内|内)?$");
  static const std::regex zh_half("^([0-9]{4})年(上|下)半年(?:末)?$");
  static const std::regex zh_quarter("^([0-9]{4})年(?:第)?(一|二|三|四|1|2|3|4)季度(?:末)?$");
  std::smatch m;
  auto year_of = [&](const std::ssub_match& g) { return g.matched ? std::stoi(g.str()) : year; };
  if (std::regex_match(s, m, iso_day) || std::regex_match(s, m, zh_day)) {
    int y = year_of(m[1]), mo = std::stoi(m[2].str()), d = std::stoi(m[3].str());
    if (y == 0 || mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return std::nullopt;
    return PlanPeriod{Date(y, mo, d), Date(y, mo, d)};
  }
  if (std::regex_match(s, m, iso_month) || std::regex_match(s, m, zh_month)) {
    int y = year_of(m[1]), mo = std::stoi(m[2].str());
    if (y == 0 || mo < 1 || mo > 12) return std::nullopt;
    const int last = DaysInMonth(y, mo);
    const std::string part = m.size() > 3 && m[3].matched ? m[3].str() : "";
    if (part == "底" || part == "末") return PlanPeriod{Date(y, mo, last), Date(y, mo, last)};
    if (part == "初" || part == "上旬") return PlanPeriod{Date(y, mo, 1), Date(y, mo, 10)};
    if (part == "中旬") return PlanPeriod{Date(y, mo, 11), Date(y, mo, 20)};
    if (part == "中下旬") return PlanPeriod{Date(y, mo, 11), Date(y, mo, last)};
    if (part == "下旬") return PlanPeriod{Date(y, mo, 21), Date(y, mo, last)};
    return PlanPeriod{Date(y, mo, 1), Date(y, mo, last)};
  }
  if (std::regex_match(s, m, zh_year)) {
    int y = std::stoi(m[1].str());
    const std::string part = m[2].matched ? m[2].str() : "";
    if (part == "年底" || part == "年末" || part == "底" || part == "末") return PlanPeriod{Date(y, 12, 31), Date(y, 12, 31)};
    return PlanPeriod{Date(y, 1, 1), Date(y, 12, 31)};
  }
  if (std::regex_match(s, m, zh_half)) {
    int y = std::stoi(m[1].str());
    return m[2].str() == "上" ? PlanPeriod{Date(y, 1, 1), Date(y, 6, 30)} : PlanPeriod{Date(y, 7, 1), Date(y, 12, 31)};
  }
  if (std::regex_match(s, m, zh_quarter)) {
    const std::string q = m[2].str();
    int n = q == "一" || q == "1" ? 1 : q == "二" || q == "2" ? 2 : q == "三" || q == "3" ? 3 : 4;
    int y = std::stoi(m[1].str());
    return PlanPeriod{Date(y, n * 3 - 2, 1), Date(y, n * 3, DaysInMonth(y, n * 3))};
  }
  return std::nullopt;
}

}  // namespace

bool LacksYear(const std::string& text) {
  static const std::regex no_year("^[0-9]{1,2}月.*");
  std::string s = WithoutSpaces(AsciiDigits(Trim(text)));
  return std::regex_match(s, no_year);
}

std::optional<PlanPeriod> ParsePlanPeriod(const std::string& text, int year) {
  std::string s = WithoutSpaces(AsciiDigits(Trim(text)));
  bool by = false;  // "by then": no first day
  for (const char* tail : {"完成", "以前", "之前", "前", "止"})
    if (EndsWith(s, tail)) s.erase(s.size() - std::string(tail).size()), by = true;
  for (const char* head : {"于", "在"})
    if (StartsWith(s, head)) s.erase(0, std::string(head).size());
  for (const char* sep : {"—", "–", "－", "～", "至", "到"}) ReplaceAll(&s, sep, "~");
  if (s.find('~') == std::string::npos && s.find("年") != std::string::npos) ReplaceAll(&s, "-", "~");
  if (s.find('~') == std::string::npos && s.find("月") != std::string::npos && s.find('-') != std::string::npos)
    ReplaceAll(&s, "-", "~");  // 3月-5月
  const size_t tilde = s.find('~');
  if (tilde == std::string::npos) {
    auto one = ParseOne(s, year);
    if (!one) return std::nullopt;
    if (by || one->starts == one->ends) one->starts.clear();  // a point is a deadline, not a stretch
    return one;
  }
  const std::string from = s.substr(0, tilde), to = s.substr(tilde + 1);
  if (to.find('~') != std::string::npos) return std::nullopt;
  auto first = ParseOne(from, year);
  if (!first) return std::nullopt;
  auto last = ParseOne(to, std::stoi(first->starts.substr(0, 4)));
  if (!last || last->ends < first->starts) return std::nullopt;
  return PlanPeriod{by ? "" : first->starts, last->ends};
}

}  // namespace safecity::imports
