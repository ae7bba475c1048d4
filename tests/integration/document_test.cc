// Reports as official documents (--pdf), through the real binary and read
// back with poppler's tools as an office's printer would take them: the
// text (pdftotext), the fonts embedded (pdffonts), the page sizes (pdfinfo),
// and page 1 as pixels (pdftoppm): the red letterhead, the bars of a chart.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

// A poppler tool's standard output (no shell: the arguments are quoted).
std::string Tool(const std::vector<std::string>& args) {
  std::string cmd;
  for (const auto& a : args) cmd += "'" + a + "' ";
  std::string out;
  if (FILE* p = popen((cmd + "2>/dev/null").c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  return out;
}
// The document's text with every space and line break taken out, so a title
// wrapped over two lines is found whole; one page's as laid out, a table's
// row on one line.
std::string Text(const std::string& pdf, int page = 0) {
  std::vector<std::string> args{"pdftotext"};
  if (page) args.insert(args.end(), {"-layout", "-f", std::to_string(page), "-l", std::to_string(page)});
  args.insert(args.end(), {pdf, "-"});
  std::string joined;
  for (char c : Tool(args))
    if (c != ' ' && c != '\n' && c != '\f') joined += c;
  return joined;
}
std::string Bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Page 1 as RGB pixels (pdftoppm's PPM).
struct Page {
  int width = 0, height = 0;
  std::string rgb;
  // Pixels in rows [top, bottom) as fractions of the height near `r, g, b`.
  int Count(double top, double bottom, int r, int g, int b) const {
    int n = 0;
    for (int y = static_cast<int>(top * height); y < static_cast<int>(bottom * height); ++y)
      for (int x = 0; x < width; ++x) {
        const size_t i = (static_cast<size_t>(y) * width + x) * 3;
        if (std::abs(static_cast<unsigned char>(rgb[i]) - r) < 40 && std::abs(static_cast<unsigned char>(rgb[i + 1]) - g) < 40 &&
            std::abs(static_cast<unsigned char>(rgb[i + 2]) - b) < 40)
          ++n;
      }
    return n;
  }
};
Page PageImage(const std::string& ppm_path) {
  std::string ppm = Bytes(ppm_path);
  Page p;
  std::istringstream in(ppm);
  std::string magic;
  int max = 0;
  in >> magic >> p.width >> p.height >> max;
  in.get();
  if (magic != "P6") return p;
  p.rgb = ppm.substr(static_cast<size_t>(in.tellg()));
  if (p.rgb.size() < static_cast<size_t>(p.width) * p.height * 3) p.width = p.height = 0;
  return p;
}
Page FirstPage(const std::string& pdf, const std::string& prefix) {
  Tool({"pdftoppm", "-r", "40", "-f", "1", "-l", "1", pdf, prefix});
  return PageImage(prefix + "-1.ppm");
}

class Documents : public CliDataTest {
 protected:
  // The demo's Xi'an round: 48 units, April's late units and closed hazards, 长安区's findings.
  void SetUp() override {
    auto r = RunCli({"demo", "--dir", data_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string Bulletin(const std::string& pdf, std::vector<std::string> more = {}) {
    std::vector<std::string> args{"report", "bulletin", "--from", "2023-04-01", "--to", "2023-04-30", "--pdf", pdf,
                                  "--issuer", "西安市国家安全发展示范城市创建工作领导小组办公室", "--date", "2023-05-05"};
    args.insert(args.end(), more.begin(), more.end());
    auto r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
};

TEST_F(Documents, ABulletinReadsBackAsAnOfficialDocument) {
  const std::string pdf = dir_.sub("通报.pdf");
  Bulletin(pdf, {"--number", "市安城创[2023]4号"});
  const std::string text = Text(pdf);
  for (const char* expected : {"西安市国家安全发展示范城市创建工作领导小组办公室", "市安城创〔2023〕4号",
                               "关于2023年4月创建工作任务逾期和隐患销号情况的通报", "现将2023年4月（2023年4月1日至2023年4月30日）",
                               "一、逾期未完成任务情况", "截至2023年4月30日，共有5个单位有到期未完成的任务，合计5项", "图1各单位逾期未完成任务数（项）",
                               "长安区", "市应急管理局", "二、隐患销号情况", "本期共销号隐患2处，其中重大隐患1处", "雁塔区某商业综合体消防控制室无人值守",
                               "已通报", "2023年5月5日", "—1—"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  const std::string info = Tool({"pdfinfo", pdf});
  EXPECT_NE(info.find("(A4)"), std::string::npos) << info;
  EXPECT_NE(info.find("关于2023年4月创建工作任务逾期和隐患销号情况的通报"), std::string::npos) << info;  // the file's title
  // Both faces of Noto CJK, embedded as subsets: the file prints alike on a machine without them.
  const std::string fonts = Tool({"pdffonts", pdf});
  EXPECT_NE(fonts.find("NotoSerifCJK"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
  std::istringstream lines(fonts);
  std::string line;
  int listed = 0;
  while (std::getline(lines, line))
    if (line.find("CJK") != std::string::npos) {
      ++listed;
      EXPECT_NE(line.find("yes yes yes"), std::string::npos) << "embedded, subset, with Unicode: " << line;
    }
  EXPECT_GE(listed, 2);
}

TEST_F(Documents, PageOneHasTheRedLetterheadAndTheChartsBars) {
  const std::string pdf = dir_.sub("b.pdf");
  Bulletin(pdf);
  Page p = FirstPage(pdf, dir_.sub("page"));
  ASSERT_GT(p.width, 0) << "pdftoppm drew no page";
  EXPECT_LT(p.width, p.height) << "portrait";
  // The issuer in red and the red rule, in the top quarter and nowhere below the title.
  EXPECT_GT(p.Count(0, 0.3, 219, 20, 15), 200);
  EXPECT_EQ(p.Count(0.45, 1, 219, 20, 15), 0);
  // Five bars of the chart in ECharts' blue, under the letterhead.
  EXPECT_GT(p.Count(0.4, 0.9, 84, 112, 198), 100);
  EXPECT_EQ(p.Count(0, 0.3, 84, 112, 198), 0);
}

TEST_F(Documents, APeriodReportPutsItsWideTableOnALandscapeAttachment) {
  const std::string pdf = dir_.sub("阶段报告.pdf");
  auto r = Run({"report", "period", "--from", "2023-01-01", "--to", "2023-06-30", "--pdf", pdf, "--date", "2023-07-10"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = Text(pdf);
  for (const char* expected : {"2023年上半年创建工作进展情况报告", "一、总体情况", "平均完成率", "图1各单位任务完成率（%）", "附件：各单位创建工作任务完成情况表",
                               "2023年7月10日", "到期任务", "按期完成", "100.00%"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  const std::string info = Tool({"pdfinfo", "-f", "1", "-l", "20", pdf});
  EXPECT_NE(info.find("Page    1 size:  595.276 x 841.89"), std::string::npos) << info;
  // The last page is the attachment, turned: 附件 and its title on it.
  int pages = 0;
  std::sscanf(info.substr(info.find("Pages:") + 6).c_str(), "%d", &pages);
  ASSERT_GE(pages, 2) << info;
  EXPECT_NE(info.find("Page " + std::string(pages < 10 ? "   " : "  ") + std::to_string(pages) + " size:  841.89 x 595.276"),
            std::string::npos)
      << info;
  const std::string last = Text(pdf, pages);
  EXPECT_EQ(last.rfind("附件", 0), 0u) << last;
  EXPECT_NE(last.find("各单位创建工作任务完成情况表"), std::string::npos) << last;
}

TEST_F(Documents, AFeedbackListShowsWhereACapTookEffect) {
  const std::string pdf = dir_.sub("反馈.pdf");
  auto r = Run({"report", "feedback", "xian-2023-self-inspection", "--unit", "长安区", "--pdf", pdf, "--date", "2023-05-06"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = Text(pdf);
  for (const char* expected : {"长安区问题反馈清单", "共发现问题3项，计扣17.00分", "地质灾害隐患点群测群防制度落实不到位", "（已扣满，计8分）",
                               "完善群测群防员配备与培训", "附件：长安区问题清单", "2023年5月6日"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
}

TEST_F(Documents, ATableLongerThanAPageRepeatsItsHeaderOnTheNext) {
  // Sixty units each late with one task: the late units' table and the chart run over pages.
  std::string units = "id,name,kind\n", tasks = "序号,任务清单,牵头单位,完成时限\n";
  for (int i = 1; i <= 60; ++i) {
    units += "u" + std::to_string(i) + ",第" + std::to_string(i) + "街道办事处,sub_district\n";
    tasks += std::to_string(i) + ",排查整治第" + std::to_string(i) + "片区隐患,第" + std::to_string(i) + "街道办事处,2023-06-10\n";
  }
  Ok({"import", "units", Write("units.csv", units)});
  Ok({"--at", "2023-06-01", "import", "tasks", Write("tasks.csv", tasks), "--prefix", "jd"});
  const std::string pdf = dir_.sub("long.pdf");
  auto r = Run({"report", "bulletin", "--from", "2023-06-01", "--to", "2023-06-30", "--pdf", pdf, "--date", "2023-07-03"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = Text(pdf);
  for (int i = 1; i <= 60; ++i)
    EXPECT_NE(text.find("第" + std::to_string(i) + "街道办事处"), std::string::npos) << i;
  int headed = 0, pages = 0;
  const std::string info = Tool({"pdfinfo", pdf});
  std::sscanf(info.substr(info.find("Pages:") + 6).c_str(), "%d", &pages);
  for (int page = 2; page <= pages; ++page) {
    const std::string t = Text(pdf, page);
    if (t.find("单位逾期任务最高升级最早时限") != std::string::npos) ++headed;
    EXPECT_NE(t.find("—" + std::to_string(page) + "—"), std::string::npos) << "page number on page " << page;
  }
  EXPECT_GE(headed, 2) << "the header on each page the table reaches";
}

TEST_F(Documents, TheSameDocumentTwiceIsTheSameBytes) {
  const std::string a = dir_.sub("a.pdf"), b = dir_.sub("b.pdf");
  Bulletin(a);
  Bulletin(b);
  EXPECT_FALSE(Bytes(a).empty());
  EXPECT_TRUE(Bytes(a) == Bytes(b)) << "an archived document can be written again and compared";
}

TEST_F(Documents, BadInputIsRefusedBeforeTheBulletinIsIssued) {
  // A hazard closed in May, so that issuing May's bulletin would write an event.
  Ok({"--at", "2023-05-03", "hazard", "report", "--id", "JB-9", "--title", "楼道堆物", "--source", "unannounced_inspection", "--unit",
      "雁塔区"});
  Ok({"--at", "2023-05-03", "hazard", "confirm", "JB-9", "--grade", "general", "--deadline", "2023-05-20"});
  const std::string evidence = Write("清理照片.jpg", "\xFF\xD8\xFF\xE0 photo");
  Ok({"--as", "xa-yanta", "--at", "2023-05-05", "task", "ack", "HZ-JB-9"});
  Ok({"--as", "xa-yanta", "--at", "2023-05-05", "task", "plan", "HZ-JB-9", "--plan", "清理楼道"});
  Ok({"--as", "xa-yanta", "--at", "2023-05-05", "task", "start", "HZ-JB-9"});
  Ok({"--as", "xa-yanta", "--at", "2023-05-05", "task", "submit", "HZ-JB-9", "--file", evidence});
  Ok({"--at", "2023-05-06", "task", "accept", "HZ-JB-9"});
  const std::vector<std::string> may{"report", "bulletin", "--from", "2023-05-01", "--to", "2023-05-31", "--issue", "XA-TB-05"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = may;
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  Refused(with({"--pdf", dir_.sub("x.pdf"), "--date", "2023-13-05"}), 2, std::vector<std::string>{"--date", "2023-05-05"});
  Refused(with({"--pdf", dir_.sub("no/such/dir/x.pdf")}), 2, std::vector<std::string>{"--pdf", "x.pdf"});
  Refused({"--lang", "en", "report", "period", "--from", "2023-01-01", "--to", "2023-03-31", "--pdf", dir_.sub("p.pdf"), "--date",
           "5 May"},
          2, std::vector<std::string>{"--date", "is not a date"});
  // Given a good file, the same bulletin is written and issued, numbered by its ID.
  const std::string pdf = dir_.sub("may.pdf");
  const int64_t before = LogLength();
  Ok(with({"--pdf", pdf, "--date", "2023-06-02"}));
  EXPECT_GT(LogLength(), before) << "JB-9 bulletined";
  const std::string text = Text(pdf);
  EXPECT_NE(text.find("XA-TB-05"), std::string::npos) << text;
  EXPECT_NE(text.find("楼道堆物"), std::string::npos) << text;
}

// What a user's mistake or an attacker's file can do to --pdf: text that is
// not UTF-8 (a GB18030 terminal), a device, a directory or a link in the
// file's place, a planted FILE.partial, an absurd number. Each is one line
// naming the option, nothing issued, nothing replaced.
TEST_F(Documents, AHostileTargetOrTextIsRefusedAndReplacesNothing) {
  const std::vector<std::string> april{"report", "bulletin", "--from", "2023-04-01", "--to", "2023-04-30"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = april;
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  const std::string gb = std::string("\xca\xd0\xb0\xb2\xb3\xc7\xb4\xb4") + "[2023]4";  // 市安城创 in GB18030
  Refused(with({"--pdf", dir_.sub("n.pdf"), "--number", gb}), 2, std::vector<std::string>{"--number", "UTF-8"});
  Refused(with({"--pdf", dir_.sub("n.pdf"), "--issuer", gb}), 2, std::vector<std::string>{"--issuer", "UTF-8"});
  Refused(with({"--pdf", dir_.sub("n.pdf"), "--number", "(" + std::string(60000, ' ') + ")"}), 2, "--number");
  EXPECT_FALSE(std::ifstream(dir_.sub("n.pdf")).good()) << "no file for a refused document";

  Refused(with({"--pdf", dir_.path()}), 2, std::vector<std::string>{"--pdf", "目录"});
  Refused(with({"--pdf", ""}), 2, "--pdf");
  const std::string target = Write("target.txt", "kept");
  const std::string link = dir_.sub("link.pdf");
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  Refused(with({"--pdf", link}), 2, std::vector<std::string>{"--pdf", "link.pdf"});
  EXPECT_EQ(Bytes(target), "kept");
  // A link planted at the name the file used to be written under is not followed.
  const std::string victim = Write("victim.txt", "kept");
  ASSERT_EQ(symlink(victim.c_str(), dir_.sub("out.pdf.partial").c_str()), 0);
  Ok(with({"--pdf", dir_.sub("out.pdf"), "--date", "2023-05-05"}));
  EXPECT_EQ(Bytes(victim), "kept");
  EXPECT_EQ(Bytes(dir_.sub("out.pdf")).rfind("%PDF-", 0), 0u);
  Refused({"--xlsx", dir_.sub("same"), "report", "bulletin", "--from", "2023-04-01", "--to", "2023-04-30", "--pdf", dir_.sub("same")}, 2,
          std::vector<std::string>{"--pdf", "--xlsx"});
  Refused({"--xlsx", dir_.sub("same"), "report", "period", "--from", "2023-01-01", "--to", "2023-06-30", "--pdf", dir_.sub("same")}, 2,
          std::vector<std::string>{"--pdf", "--xlsx"});
  EXPECT_FALSE(std::ifstream(dir_.sub("same")).good()) << "neither file written";
}

// A finding of 2,000 characters (the schema's limit) makes a row taller than
// a page: its lines go on over the next pages, under the header again, and no
// line runs into the foot of a page.
TEST_F(Documents, ARowTallerThanAPageGoesOnOverTheNext) {
  const std::string round = std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/xian2023/round.json";
  Ok({"--at", "2023-07-01", "campaign", "create", "--from", round, "--id", "r2", "--unit", "长安区", "--phase", "self_check=2023-09-01",
      "--phase", "system_check=2023-09-10", "--phase", "spot_check=2023-09-20", "--phase", "rectification=2023-10-15", "--phase",
      "reporting=2023-10-31"});
  Ok({"--at", "2023-07-02", "campaign", "launch", "r2"});
  Ok({"--at", "2023-07-03", "campaign", "start", "r2", "self_check"});
  Ok({"--at", "2023-09-02", "campaign", "start", "r2", "system_check"});
  std::string reason;
  while (reason.size() < 5000) reason += "地质灾害隐患点群测群防制度落实不到位，";
  reason = reason.substr(0, 5400) + "末尾";  // 1,802 characters
  Ok({"--at", "2023-09-03", "campaign", "deduct", "r2", "--unit", "长安区", "--item", "1.1", "--points", "1", "--reason", reason,
      "--suggestion", reason, "--no-task"});
  const std::string pdf = dir_.sub("tall.pdf");
  Ok({"report", "feedback", "r2", "--unit", "长安区", "--pdf", pdf, "--date", "2023-09-05"});
  int pages = 0;
  const std::string info = Tool({"pdfinfo", pdf});
  std::sscanf(info.substr(info.find("Pages:") + 6).c_str(), "%d", &pages);
  ASSERT_GE(pages, 3) << info;
  EXPECT_NE(Text(pdf, pages).find("末尾"), std::string::npos) << "the row's last line on the last page";
  Tool({"pdftoppm", "-r", "40", pdf, dir_.sub("p")});
  for (int page = 2; page <= pages; ++page) {
    Page p = PageImage(dir_.sub("p") + "-" + std::to_string(page) + ".ppm");
    ASSERT_GT(p.width, 0);
    // Landscape: the text block ends 28 + 150 mm down of 210, the page number 7 mm under it.
    EXPECT_EQ(p.Count(0.86, 0.875, 0, 0, 0), 0) << "ink between the text block and the page number on page " << page;
  }
}

TEST_F(Documents, InEnglishTheDocumentIsWordedInEnglish) {
  const std::string pdf = dir_.sub("en.pdf");
  auto r = Run({"--lang", "en", "report", "period", "--from", "2023-01-01", "--to", "2023-06-30", "--pdf", pdf, "--date", "2023-07-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = Text(pdf);
  for (const char* expected : {"Progressreport,H12023", "Figure1.Completionratebyunit(%)", "Attachments:Workdonebyunit", "2023-07-01"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
}

}  // namespace
}  // namespace safecity::testing
