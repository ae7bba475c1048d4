#include "cli/report_documents.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>

#include "cli/reports.h"
#include "engine/time_util.h"
#include "engine/utf8.h"

namespace safecity::cli {
namespace {

constexpr int64_t kChinaOffsetMs = 8 * 3600 * 1000;

struct Day {
  int year, month, day;
};
Day ChinaDay(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>((ms + kChinaOffsetMs) / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}
int DaysIn(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}
std::string S(int n) { return std::to_string(n); }
std::string Iso(Day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}
// 成文日期 as GB/T 9704 prints it: 2023年5月5日.
std::string Printed(Day d) { return Label(S(d.year) + "年" + S(d.month) + "月" + S(d.day) + "日", Iso(d)); }

DocumentBlock Heading(const std::string& text) {
  DocumentBlock b;
  b.kind = DocumentBlock::kHeading;
  b.text = text;
  return b;
}
DocumentBlock Paragraph(const std::string& text) {
  DocumentBlock b;
  b.kind = DocumentBlock::kParagraph;
  b.text = text;
  return b;
}
DocumentBlock TableBlock(const Table& t) {
  DocumentBlock b;
  b.kind = DocumentBlock::kTable;
  b.table = t;
  return b;
}
DocumentBlock ChartBlock(BarChart c) {
  DocumentBlock b;
  b.kind = DocumentBlock::kChart;
  b.chart = std::move(c);
  return b;
}

// Bars sorted largest first; ties keep the order given (the report's, by
// unit id), so the same report draws alike.
BarChart SortedBars(std::vector<std::pair<std::string, double>> bars) {
  std::stable_sort(bars.begin(), bars.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  BarChart c;
  for (auto& [label, value] : bars) {
    c.labels.push_back(label);
    c.values.push_back(value);
  }
  return c;
}

std::string Between(int64_t from_ms, int64_t to_ms) {
  return Printed(ChinaDay(from_ms)) + Label("至", " to ") + Printed(ChinaDay(to_ms - 1));
}

std::string Count(int64_t n) { return std::to_string(n); }

// 〔2023〕 in a document number, whatever bracket was typed around the year:
// 市安城创[2023]4号, (2023), （2023）, 【2023】, 〖2023〗, ﹝2023﹞ → 市安城创〔2023〕4号.
std::string NumberAsPrinted(const std::string& number) {
  static const char* const kOpen[] = {"[", "(", "（", "【", "［", "〔", "〖", "﹝"};
  static const char* const kClose[] = {"]", ")", "）", "】", "］", "〕", "〗", "﹞"};
  auto starts = [&](size_t at, const char* const (&set)[8]) -> size_t {
    for (const char* b : set)
      if (number.compare(at, std::strlen(b), b) == 0) return std::strlen(b);
    return 0;
  };
  std::string out;
  for (size_t i = 0; i < number.size();) {
    const size_t open = starts(i, kOpen);
    if (open && i + open + 4 <= number.size()) {
      const std::string year = number.substr(i + open, 4);
      const size_t close = starts(i + open + 4, kClose);
      if (close && year.find_first_not_of("0123456789") == std::string::npos) {
        out += "〔" + year + "〕";
        i += open + 4 + close;
        continue;
      }
    }
    out += number[i++];
  }
  return out;
}

}  // namespace

Result<OfficialDocument> StartDocument(const DocumentHead& head, int64_t today_ms) {
  for (const auto& [field, text] : {std::pair<const char*, const std::string&>{"--issuer", head.issuer}, {"--number", head.number}}) {
    if (!IsValidUtf8(text))
      return Status::Invalid(field, Label("不是 UTF-8 编码的文字；请在 UTF-8 终端中输入，或从 UTF-8 文件复制",
                                          "is not UTF-8 text; type it in a UTF-8 terminal or copy it from a UTF-8 file"));
    if (DecodeUtf8(text).size() > 100)
      return Status::Invalid(field, Label("超过 100 个字；请写成公文所印的样子", "is longer than 100 characters; write it as the document prints it"));
  }
  OfficialDocument doc;
  doc.issuer = head.issuer.empty()
                   ? Label("国家安全发展示范城市创建工作领导小组办公室", "Office of the Safe Development Demonstration City Campaign")
                   : head.issuer;
  doc.number = NumberAsPrinted(head.number);
  Day day = ChinaDay(today_ms);
  if (!head.date.empty()) {
    auto ms = ParsePeriodStartMs(head.date);
    if (head.date.size() != 10 || !ms)
      return Status::Invalid("--date", Label("“" + head.date + "”不是日期；成文日期写作 2023-05-05",
                                             "'" + head.date + "' is not a date; write the document's date as 2023-05-05"));
    day = ChinaDay(*ms);
  }
  doc.date = Printed(day);
  doc.iso_date = Iso(day);
  return doc;
}

std::string PeriodPhrase(int64_t from_ms, int64_t to_ms) {
  const Day a = ChinaDay(from_ms), b = ChinaDay(to_ms - 1);
  const bool whole_months = a.day == 1 && b.day == DaysIn(b.year, b.month);
  if (whole_months && a.year == b.year) {
    const std::string y = S(a.year);
    if (a.month == b.month) return Label(y + "年" + S(a.month) + "月", Iso(a).substr(0, 7));
    if (a.month == 1 && b.month == 12) return Label(y + "年", y);
    if (a.month == 1 && b.month == 6) return Label(y + "年上半年", "H1 " + y);
    if (a.month == 7 && b.month == 12) return Label(y + "年下半年", "H2 " + y);
    if ((a.month - 1) % 3 == 0 && b.month == a.month + 2) {
      static const char* const quarters[] = {"一", "二", "三", "四"};
      const int q = (a.month - 1) / 3;
      return Label(y + "年第" + quarters[q] + "季度", "Q" + S(q + 1) + " " + y);
    }
    return Label(y + "年" + S(a.month) + "月至" + S(b.month) + "月", Iso(a).substr(0, 7) + " to " + Iso(b).substr(0, 7));
  }
  if (a.year == b.year && a.month == b.month && a.day == b.day) return Printed(a);
  if (a.year == b.year)
    return Label(S(a.year) + "年" + S(a.month) + "月" + S(a.day) + "日至" + S(b.month) + "月" + S(b.day) + "日", Iso(a) + " to " + Iso(b));
  return Between(from_ms, to_ms);
}

void AddBulletin(OfficialDocument& doc, const BulletinTables& bulletin, int64_t from_ms, int64_t to_ms) {
  const std::string period = PeriodPhrase(from_ms, to_ms);
  doc.title = Label("关于" + period + "创建工作任务逾期和隐患销号情况的通报", "Bulletin: overdue work and closed hazards, " + period);
  doc.body.push_back(Paragraph(Label("现将" + period + "（" + Between(from_ms, to_ms) + "）创建工作任务逾期和隐患销号情况通报如下。",
                                     "This bulletin reports the work overdue and the hazards closed from " + Between(from_ms, to_ms) + ".")));

  doc.body.push_back(Heading(Label("一、逾期未完成任务情况", "1. Work overdue")));
  const Json late = bulletin.late_units.ToJson();
  int64_t tasks = 0;
  std::map<std::string, int64_t> by_level;
  std::vector<std::pair<std::string, double>> bars;
  for (size_t i = 0; i < late.size(); ++i) {
    const int64_t n = late[i]["overdue"].get<int64_t>();
    tasks += n;
    if (late[i]["worst"].is_string()) ++by_level[late[i]["worst"].get<std::string>()];
    bars.emplace_back(CellText(bulletin.late_units.rows()[i][0]), static_cast<double>(n));
  }
  const std::string end = Printed(ChinaDay(to_ms - 1));
  if (late.empty()) {
    doc.body.push_back(Paragraph(Label("截至" + end + "，各单位没有到期未完成的任务。", "By " + end + " no unit had work overdue.")));
  } else {
    std::string levels;
    for (const char* level : {"reminder", "warning", "interview", "accountability"})
      if (auto it = by_level.find(level); it != by_level.end())
        levels += (levels.empty() ? "" : Label("，", ", ")) + Term(level) + " " + Count(it->second) + Label(" 个", "");
    doc.body.push_back(Paragraph(
        Label("截至" + end + "，共有 " + Count(static_cast<int64_t>(late.size())) + " 个单位有到期未完成的任务，合计 " + Count(tasks) + " 项" +
                  (levels.empty() ? "" : "；按已升级的最高等级：" + levels) + "。",
              "By " + end + ", " + Count(static_cast<int64_t>(late.size())) + " units had " + Count(tasks) + " tasks overdue" +
                  (levels.empty() ? "" : "; by the highest escalation reached: " + levels) + ".")));
    BarChart chart = SortedBars(std::move(bars));
    chart.caption = Label("图1 各单位逾期未完成任务数（项）", "Figure 1. Overdue tasks by unit");
    doc.body.push_back(ChartBlock(std::move(chart)));
    doc.body.push_back(TableBlock(bulletin.late_units));
  }

  doc.body.push_back(Heading(Label("二、隐患销号情况", "2. Hazards closed")));
  int64_t major = 0;
  for (const Json& h : bulletin.closed_hazards.ToJson())
    if (h["grade"] == "major") ++major;
  const auto closed = static_cast<int64_t>(bulletin.closed_hazards.size());
  doc.body.push_back(Paragraph(closed == 0 ? Label("本期没有销号的隐患。", "No hazard was closed in the period.")
                                           : Label("本期共销号隐患 " + Count(closed) + " 处，其中重大隐患 " + Count(major) + " 处。",
                                                   Count(closed) + " hazards were closed in the period, " + Count(major) + " of them major.")));
  if (closed) doc.body.push_back(TableBlock(bulletin.closed_hazards));

  doc.body.push_back(Heading(Label("三、工作要求", "3. What is asked")));
  doc.body.push_back(Paragraph(Label("请有逾期任务的单位对照本通报抓紧整改，整改完成后及时提交核查；逾期未完成的任务将按规定逐级升级。",
                                     "Units with overdue work are asked to finish it and submit it for verification; "
                                     "overdue work escalates step by step as the rules say.")));
}

void AddPeriodReport(OfficialDocument& doc, const PeriodTables& report, int64_t from_ms, int64_t to_ms, const std::string& round_title) {
  const std::string period = PeriodPhrase(from_ms, to_ms);
  doc.title = Label(period + "创建工作进展情况报告", "Progress report, " + period);
  doc.body.push_back(Paragraph(Label("现将" + period + "（" + Between(from_ms, to_ms) + "）" +
                                         (round_title.empty() ? "" : "“" + round_title + "”") + "创建工作任务完成情况报告如下。",
                                     "This report gives the campaign's work from " + Between(from_ms, to_ms) +
                                         (round_title.empty() ? "" : " in " + round_title) + ".")));
  doc.body.push_back(Heading(Label("一、总体情况", "1. Overall")));
  for (const std::string& line : report.summary) doc.body.push_back(Paragraph(line + Label("。", ".")));

  std::vector<std::pair<std::string, double>> bars;
  const Json& units = report.json["units"];
  for (size_t i = 0; i < units.size() && i < report.units.size(); ++i)
    if (units[i]["rate"].is_number()) bars.emplace_back(CellText(report.units.rows()[i][0]), units[i]["rate"].get<double>() * 100);
  if (!bars.empty()) {
    BarChart chart = SortedBars(std::move(bars));
    chart.caption = Label("图1 各单位任务完成率（%）", "Figure 1. Completion rate by unit (%)");
    chart.max = 100;
    chart.suffix = "%";
    chart.decimals = 2;
    chart.marks = {{70, "70%"}, {90, "90%"}};
    chart.red_below = 70;
    doc.body.push_back(ChartBlock(std::move(chart)));
  }
  doc.body.push_back(Heading(Label("二、各单位完成情况", "2. By unit")));
  if (report.units.size() == 0) {
    doc.body.push_back(Paragraph(Label("本期没有单位有到期任务、升级、隐患、扣分或问责。",
                                       "No unit had work due, escalations, hazards, deductions or accountability in the period.")));
    return;
  }
  doc.body.push_back(Paragraph(Label("各单位到期任务、完成、升级、隐患、扣分和问责情况见附件。",
                                     "Each unit's tasks due and done, escalations, hazards, deductions and accountability are in the attachment.")));
  Attachment a;
  a.title = Label("各单位创建工作任务完成情况表", "Work done by unit");
  a.landscape = true;
  a.blocks.push_back(TableBlock(report.units));
  doc.attachments.push_back(std::move(a));
}

void AddFeedback(OfficialDocument& doc, const Table& feedback, const std::string& round_title, const std::string& unit_name) {
  doc.title = Label(unit_name + "问题反馈清单", "Feedback list: " + unit_name);
  doc.body.push_back(Paragraph(Label("根据" + round_title + "考核评估情况，现将" + unit_name + "存在的问题反馈如下，请对照问题逐项整改，按时限提交整改材料。",
                                     "From the assessment of " + round_title + ", these are the findings for " + unit_name +
                                         ". Please rectify each and submit the evidence in time.")));
  doc.body.push_back(Heading(Label("一、扣分情况", "1. Points deducted")));
  const Json rows = feedback.ToJson();
  double counted = 0;
  std::map<std::string, double> by_item;
  for (size_t i = 0; i < rows.size(); ++i) {
    const double c = rows[i]["counted"].is_number() ? rows[i]["counted"].get<double>() : 0;
    counted += c;
    by_item[CellText(feedback.rows()[i][1])] += c;
  }
  char total[32];
  std::snprintf(total, sizeof total, "%.2f", counted);
  doc.body.push_back(Paragraph(rows.empty() ? Label("本轮未发现问题。", "No findings in this round.")
                                            : Label("共发现问题 " + Count(static_cast<int64_t>(rows.size())) + " 项，计扣 " + total + " 分。",
                                                    Count(static_cast<int64_t>(rows.size())) + " findings, " + total + " points counted.")));
  if (!rows.empty()) {
    BarChart chart = SortedBars({by_item.begin(), by_item.end()});
    chart.caption = Label("图1 各评价项目计入扣分（分）", "Figure 1. Points counted by item");
    chart.decimals = 2;
    doc.body.push_back(ChartBlock(std::move(chart)));
    doc.body.push_back(Heading(Label("二、问题清单", "2. The findings")));
    doc.body.push_back(Paragraph(Label("问题、整改建议和整改状态见附件。", "Each finding, its suggestion and its task's state are in the attachment.")));
    Attachment a;
    a.title = Label(unit_name + "问题清单", "Findings: " + unit_name);
    a.landscape = true;
    a.blocks.push_back(TableBlock(feedback));
    doc.attachments.push_back(std::move(a));
  }
}

}  // namespace safecity::cli
