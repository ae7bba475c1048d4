#include "workflows/imports/schedule_text.h"

#include <map>
#include <regex>

#include "engine/utf8.h"
#include "workflows/imports/plan_dates.h"
#include "workflows/imports/plan_text.h"

namespace safecity::imports {

namespace {

// What Word and Markdown leave in copied text.
std::string Cleaned(std::string line) {
  static const std::regex bookmark("\\[bookmark: [^\\]]*\\]");
  line = std::regex_replace(line, bookmark, "");
  ReplaceAll(&line, "**", "");
  return Trim(line);
}

struct Numbered {
  int level = 0;  // -1 the section's heading (三、创建步骤), 1 a stage, 2 a step, 0 not numbered
  std::string rest;
};

Numbered NumberOf(const std::string& line) {
  static const std::regex section("^[一二三四五六七八九十]+、(.*)$");
  static const std::regex stage("^(?:（[一二三四五六七八九十]+）|\\([一二三四五六七八九十]+\\))(.*)$");
  static const std::regex step("^(?:[0-9]+[.、．]|（[0-9]+）|\\([0-9]+\\))(.*)$");
  std::smatch m;
  std::string s = AsciiDigits(line);
  if (std::regex_match(s, m, section)) return {-1, Trim(m[1].str())};
  if (std::regex_match(s, m, stage)) return {1, Trim(m[1].str())};
  if (std::regex_match(s, m, step)) return {2, Trim(m[1].str())};
  return {};
}

}  // namespace

ScheduleText ParseScheduleText(const std::string& file, const std::string& text, int year, Language lang) {
  ScheduleText out;
  auto fail = [&](int line, const std::string& zh, const std::string& en) {
    out.errors.push_back(Status::Invalid(file + ":" + std::to_string(line) + " (stage)", L(lang, zh, en)));
  };
  std::map<std::string, int> seen;  // name -> line
  int line_no = 0;
  size_t start = 0;
  std::string last_stage;
  std::map<std::string, bool> step_failed;  // a stage whose steps were told already
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = Cleaned(text.substr(start, end - start));
    start = end + 1;
    ++line_no;
    Numbered n = NumberOf(line);
    if (n.level == 0) continue;  // a description or the lead-in
    if (n.level < 0) {           // the section's heading: what follows starts afresh
      last_stage.clear();
      continue;
    }
    ScheduleStage st;
    st.line = line_no;
    std::string period;
    bool has_period = false;
    size_t open = std::string::npos, open_len = 0;
    for (const char* b : {"（", "("}) {
      size_t p = n.rest.find(b);
      if (p != std::string::npos && p < open) open = p, open_len = std::string(b).size();
    }
    if (open != std::string::npos) {
      size_t close = std::string::npos;
      for (const char* b : {"）", ")"}) close = std::min(close, n.rest.find(b, open));
      if (close != std::string::npos) {
        period = Trim(n.rest.substr(open + open_len, close - open - open_len));
        has_period = true;
      }
      st.name = Trim(n.rest.substr(0, open));
    } else {
      st.name = n.rest;
      for (const char* stop : {"。", "，", "："})
        if (size_t p = st.name.find(stop); p != std::string::npos) st.name = Trim(st.name.substr(0, p));
    }
    st.name = WithoutSpaces(st.name);
    if (EndsWith(st.name, "阶段") && st.name.size() > std::string("阶段").size())
      st.name.erase(st.name.size() - std::string("阶段").size());
    if (st.name.empty() || DecodeUtf8(st.name).size() > 20) {
      fail(line_no, "“" + line + "”不像阶段标题；阶段写作“（二）组织实施阶段（2020年10月-2021年5月）”",
           "'" + line + "' is not a stage heading; write it as （二）组织实施阶段（2020年10月-2021年5月）");
      continue;
    }
    if (auto it = seen.find(st.name); it != seen.end()) {
      fail(line_no, "阶段“" + st.name + "”与第 " + std::to_string(it->second) + " 行重名；每个阶段的名称须不同",
           "stage '" + st.name + "' is also named on line " + std::to_string(it->second) + "; give each stage its own name");
      continue;
    }
    seen.emplace(st.name, line_no);
    if (n.level == 2 && !last_stage.empty()) st.part_of = last_stage;
    if (n.level == 1) last_stage = st.name;
    if (has_period) {
      if (period.find("待定") != std::string::npos || period.find("另行") != std::string::npos) {
        st.ends_pending = WithoutSpaces(period);
      } else if (auto p = ParsePlanPeriod(period, year)) {
        st.starts = p->starts;
        st.ends = p->ends;
      } else if (year == 0 && LacksYear(period)) {
        step_failed[st.part_of] = true;
        fail(line_no, "阶段“" + st.name + "”的时间“" + period + "”没有年份；请用 --year 给出（--year 2023）",
             "stage '" + st.name + "': '" + period + "' has no year; give it with --year (--year 2023)");
        continue;
      } else {
        step_failed[st.part_of] = true;
        fail(line_no, "阶段“" + st.name + "”的时间“" + period + "”不是日期；写作 2020年10月、2020年10月-2021年5月、2019年12月底前、3月中旬，或“待定”",
             "stage '" + st.name + "': '" + period + "' is not a period; write 2020年10月, 2020年10月-2021年5月, 2019年12月底前, 3月中旬 or 待定");
        continue;
      }
    }
    out.stages.push_back(st);
  }
  // A stage without a period of its own spans its steps.
  for (auto& st : out.stages) {
    if (!st.part_of.empty() || !st.ends.empty() || !st.ends_pending.empty()) continue;
    bool any = false;
    for (const auto& step : out.stages) {
      if (step.part_of != st.name) continue;
      any = true;
      const std::string first = step.starts.empty() ? step.ends : step.starts;
      if (!first.empty() && (st.starts.empty() || first < st.starts)) st.starts = first;
      if (!step.ends_pending.empty()) st.ends_pending = step.ends_pending;
      if (step.ends > st.ends) st.ends = step.ends;
    }
    if (!st.ends_pending.empty()) st.ends.clear();
    if (!any && !step_failed[st.name])
      fail(st.line, "阶段“" + st.name + "”没有时间；在括号里写明（2020年10月），或写“待定”",
           "stage '" + st.name + "' has no period; write it in brackets (2020年10月), or 待定");
  }
  if (out.stages.empty() && out.errors.empty())
    fail(line_no, "没有找到阶段；阶段写作“（一）动员部署阶段（2020年10月）”，每行一个",
         "no stage found; write one per line as （一）动员部署阶段（2020年10月）");
  return out;
}

}  // namespace safecity::imports
