#include "workflows/imports/breakdown_cells.h"

#include <regex>

#include "workflows/imports/plan_dates.h"
#include "workflows/imports/plan_text.h"

namespace safecity::imports {

namespace {

bool IsOpenDeadline(const std::string& s) {
  static const char* const kOpen[] = {"长期", "持续", "常态", "规划水平年", "按规划", "逐年", "每年"};
  if (s.empty() || s == "/" || s == "-" || s == "无") return true;
  for (const char* w : kOpen)
    if (StartsWith(s, w)) return true;
  return false;
}

struct Marker {
  const char* text;
  bool lead;
};
const Marker kMarkers[] = {{"牵头", true}, {"负责", true}, {"主责", true},
                           {"配合", false}, {"协助", false}, {"参与", false}, {"协办", false}};

// Names that stand for "the others" after 等 and carry no unit of their own.
const char* const kGenericTails[] = {"等有关单位", "等相关单位", "等单位", "等有关部门", "等相关部门", "等部门", "等"};

// What stands after 等 when it only says "and the others": 相关部门和单位,
// 各相关部门, 有关单位, 其他成员单位 ... (a group the plan names, such as
// 新区安委会各成员单位, is looked up as a whole before this).
bool IsGenericRest(std::string rest) {
  static const char* const kWords[] = {"相关", "有关", "其他", "其它", "成员", "部门", "单位", "机构", "和", "及",
                                       "与", "等", "各", "所属", "专项"};
  if (rest.empty()) return true;
  bool cut = true;
  while (!rest.empty() && cut) {
    cut = false;
    for (const char* w : kWords) {
      if (StartsWith(rest, w)) {
        rest.erase(0, std::string(w).size());
        cut = true;
        break;
      }
    }
  }
  return rest.empty();
}

// A name as a table prints it may be broken by a space or a line break
// (新区应急 管理局) or written with half-width brackets (西咸集团(园办)).
std::string Mended(const std::string& name) {
  std::string m = WithoutSpaces(name);
  ReplaceAll(&m, "(", "（");
  ReplaceAll(&m, ")", "）");
  return m;
}

void MatchName(const std::string& raw, bool lead, const std::function<bool(const std::string&)>& known,
               std::vector<ResponsibleRef>* out) {
  std::string name = Trim(raw);
  if (name.empty()) return;
  if (known(name)) return out->push_back({name, lead, true});
  if (const std::string m = Mended(name); m != name) {
    if (known(m)) return out->push_back({m, lead, true});
    name = m;
  }
  for (const char* tail : kGenericTails) {
    if (EndsWith(name, tail) && name.size() > std::string(tail).size()) {
      name = Trim(name.substr(0, name.size() - std::string(tail).size()));
      if (known(name)) return out->push_back({name, lead, true});
      break;
    }
  }
  // "A等G": A, then the group G when known ("运管拱墅管理处等各专项规划编制单位").
  if (size_t p = name.find("等"); p != std::string::npos && p > 0) {
    MatchName(name.substr(0, p), lead, known, out);
    std::string rest = Trim(name.substr(p + std::string("等").size()));
    if (!IsGenericRest(rest)) MatchName(rest, lead, known, out);
    return;
  }
  if (size_t p = name.find("及"); p != std::string::npos && p > 0) {
    MatchName(name.substr(0, p), lead, known, out);
    MatchName(name.substr(p + std::string("及").size()), lead, known, out);
    return;
  }
  // A trailing note: "区科技局（区地震局）" -> 区科技局.
  for (const char* open : {"（", "("}) {
    size_t p = name.rfind(open);
    if (p != std::string::npos && p > 0 && (EndsWith(name, "）") || EndsWith(name, ")"))) {
      std::string base = Trim(name.substr(0, p));
      if (known(base)) return out->push_back({base, lead, true});
    }
  }
  out->push_back({name, lead, false});
}

}  // namespace

Result<DeadlineCell> ParseDeadlineCell(const std::string& text) {
  const std::string s = WithoutSpaces(AsciiDigits(Trim(text)));
  if (IsOpenDeadline(s)) return DeadlineCell{true, "", ""};
  std::string date;
  if (auto period = ParsePlanPeriod(s)) date = period->ends;
  // No date, and words that say it comes later: a pending deadline.
  static const char* const kLater[] = {"待定", "另行", "确定时间", "确定的时间", "按照国家", "按国家", "根据国家", "上级确定", "上级要求"};
  if (date.empty() && s.find_first_of("0123456789") == std::string::npos)
    for (const char* w : kLater)
      if (s.find(w) != std::string::npos) return DeadlineCell{false, "", s};
  if (date.empty())
    return Status::Invalid("deadline", "'" + text +
                                           "' is not a deadline; write 2019年6月, 2020年底前, 2020年10月15日, a range "
                                           "2020年10月-2021年7月 or 2023-04-15, 待定 for a date set later, or leave it blank and give --default-deadline");
  return DeadlineCell{false, date, ""};
}

std::vector<ResponsibleRef> SplitResponsibility(const std::string& cell, bool lead_column,
                                                const std::function<bool(const std::string&)>& known) {
  std::vector<ResponsibleRef> out;
  for (const std::string& clause : SplitAny(cell, {"；", ";"})) {
    struct Segment {
      std::string text;
      int role;  // 1 lead, 0 cooperating, -1 unmarked
    };
    std::vector<Segment> segs;
    for (std::string seg : SplitAny(clause, {"，", ","})) {
      int role = -1;
      for (const Marker& mk : kMarkers) {
        if (EndsWith(seg, mk.text)) {
          seg = Trim(seg.substr(0, seg.size() - std::string(mk.text).size()));
          role = mk.lead ? 1 : 0;
          break;
        }
      }
      segs.push_back({seg, role});
    }
    // An unmarked segment takes the role of the next marked one in its clause;
    // those after the last marked one take the column's role.
    int next = lead_column ? 1 : 0;
    for (auto it = segs.rbegin(); it != segs.rend(); ++it) {
      if (it->role < 0) it->role = next;
      next = it->role;
    }
    for (const Segment& sg : segs)
      for (const std::string& name : SplitAny(sg.text, {"、"})) MatchName(name, sg.role == 1, known, &out);
  }
  return out;
}

int ParseOrdinal(const std::string& text) {
  std::string s = AsciiDigits(Trim(text));
  for (const char* strip : {"（", "）", "(", ")", "、", ".", "．", "第"}) ReplaceAll(&s, strip, "");
  if (s.empty()) return 0;
  bool digits = true;
  for (char c : s) digits = digits && c >= '0' && c <= '9';
  if (digits) return s.size() <= 6 ? std::stoi(s) : 0;
  static const char* const kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  int value = 0, current = 0;
  size_t i = 0;
  while (i < s.size()) {
    bool hit = false;
    for (int d = 0; d <= 9 && !hit; ++d) {
      if (s.compare(i, std::string(kDigits[d]).size(), kDigits[d]) == 0) {
        current = d;
        i += std::string(kDigits[d]).size();
        hit = true;
      }
    }
    if (!hit && s.compare(i, std::string("十").size(), "十") == 0) {
      value += (current == 0 ? 1 : current) * 10;
      current = 0;
      i += std::string("十").size();
      hit = true;
    }
    if (!hit) return 0;
  }
  return value + current;
}

NumberedText SplitLeadingNumber(const std::string& text) {
  // The number and its mark only: std::regex recurses once per character it
  // matches, so a pattern over the rest of a long cell overflows the stack.
  static const std::regex re("^(?:（([0-9]{1,3})）|\\(([0-9]{1,3})\\)|([0-9]{1,3})(?:\\.|．|、|）|\\)))");
  std::string s = Trim(text);
  std::smatch m;
  std::string ascii = AsciiDigits(s);
  if (!std::regex_search(ascii, m, re, std::regex_constants::match_continuous)) return {0, s};
  int n = std::stoi(m[1].matched ? m[1].str() : m[2].matched ? m[2].str() : m[3].str());
  return {n, Trim(m.suffix().str())};
}

}  // namespace safecity::imports
