// The files an office works with (Excel, WPS), through the real binary: a
// units file saved as CSV by Excel on a Chinese Windows (GB18030), a task
// table kept as an .xlsx workbook with merged cells and date cells, and
// every table exported as an .xlsx workbook read back.
#include <iconv.h>
#include <minizip/unzip.h>
#include <xlsxwriter.h>

#include <fstream>

#include <gtest/gtest.h>

#include "tests/integration/cli_fixture.h"
#include "workflows/imports/xlsx_reader.h"

namespace safecity::testing {
namespace {

std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* to = out.data();
  iconv(cd, &in, &in_left, &to, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// One member of a zip archive, as text.
std::string ZipMember(const std::string& path, const std::string& name) {
  unzFile z = unzOpen64(path.c_str());
  if (!z) return "";
  std::string out;
  if (unzLocateFile(z, name.c_str(), 0) == UNZ_OK && unzOpenCurrentFile(z) == UNZ_OK) {
    char buf[4096];
    int n;
    while ((n = unzReadCurrentFile(z, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    unzCloseCurrentFile(z);
  }
  unzClose(z);
  return out;
}

const char* kUnits =
    "id,name,kind,aliases\n"
    "xx-gongan,新区公安局,department,\n"
    "xx-chengguan,新区城管交通局,department,新区城管局\n"
    "xx-fengdong,沣东新城,district,\n"
    "xx-fengxi,沣西新城,district,\n";

class Spreadsheet : public CliDataTest {
 protected:
  void SetUp() override { Ok({"init"}); }
};

TEST_F(Spreadsheet, AUnitsFileSavedAsGb18030IsReadAsItsChinese) {
  const std::string gbk = ToGb18030(kUnits);
  ASSERT_NE(gbk, kUnits);
  Ok({"import", "units", Write("units-gbk.csv", gbk)});
  Json units = Json::parse(Run({"--output", "json", "unit", "list"}).out);
  ASSERT_EQ(units.size(), 4u);
  EXPECT_NE(units.dump().find("新区城管交通局"), std::string::npos) << units.dump();
  EXPECT_EQ(Json::parse(Run({"--output", "json", "task", "list", "--unit", "新区城管局"}).out).size(), 0u)
      << "the alias was read from GB18030 too (the unit is found by it)";
  // Neither UTF-8 nor GB18030, nor an old .xls: one line naming the file and the fix.
  Refused({"import", "units", Write("bad.csv", std::string("id,name\n\x81\x20x,y\n"))}, 2, std::vector<std::string>{"bad.csv", "UTF-8"});
  Refused({"import", "units", Write("old.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0'))}, 2,
          ".xlsx");
}

// A groups file saved by Excel beside the table (groups.csv in GB18030) is
// found and read as its Chinese, as one given with --groups is.
TEST_F(Spreadsheet, AGroupsFileBesideTheTableSavedAsGb18030IsReadAsItsChinese) {
  Ok({"import", "units", Write("units.csv", kUnits)});
  Write("groups.csv", ToGb18030("name,members\n各新城,沣东新城;沣西新城\n"));
  const std::string table = Write("table.csv", "序号,主要目标任务,责任单位,完成时限\n1,建立安全风险清单,各新城,2021-07-31\n");
  auto r = Run({"--at", "2020-10-29", "import", "tasks", table, "--prefix", "gb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json::parse(Run({"--output", "json", "task", "list", "--unit", "沣西新城"}).out).size(), 1u) << r.out;
}

// The Xixian table as an office keeps it in Excel: a title row merged across
// the columns, a section heading row, a 责任单位 merged down two rows, a
// 完成时限 typed as a date, another as text.
TEST_F(Spreadsheet, ATaskTableKeptAsAnXlsxWorkbookImportsAsItsCsvWould) {
  Ok({"import", "units", Write("units.csv", kUnits)});
  const std::string path = dir_.sub("xixian.xlsx");
  {
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "任务分解表");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
    worksheet_merge_range(ws, 0, 0, 0, 3, "西咸新区国家安全发展示范城市创建工作任务分解表", nullptr);
    const char* header[] = {"序号", "主要目标任务", "责任单位", "完成时限"};
    for (int c = 0; c < 4; ++c) worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c), header[c], nullptr);
    worksheet_merge_range(ws, 2, 0, 2, 3, "一、城市安全状况显著改善", nullptr);
    worksheet_write_number(ws, 3, 0, 2, nullptr);
    worksheet_write_string(ws, 3, 1, "近三年道路交通事故万车死亡率逐年下降。", nullptr);
    worksheet_merge_range(ws, 3, 2, 4, 2, "新区公安局、新区城管交通局", nullptr);  // down two rows
    lxw_datetime due = {2021, 7, 31, 0, 0, 0};
    worksheet_write_datetime(ws, 3, 3, &due, date);
    worksheet_write_number(ws, 4, 0, 3, nullptr);
    worksheet_write_string(ws, 4, 1, "城市道路交通安全隐患排查治理，\"一处一档\"。", nullptr);
    worksheet_write_string(ws, 4, 3, "2020年12月", nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  }
  auto r = Run({"--at", "2020-10-29", "import", "tasks", path, "--prefix", "xx"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json t2 = Json::parse(Run({"--output", "json", "task", "show", "xx-2-1-xx-gongan"}).out);
  EXPECT_EQ(t2["deadline"], "2021-07-31T15:59:59.999Z") << "a date cell read as its day";
  EXPECT_EQ(t2["category"], "一、城市安全状况显著改善");
  Json t3 = Json::parse(Run({"--output", "json", "task", "show", "xx-3-1-xx-chengguan"}).out);
  EXPECT_EQ(t3["deadline"], "2020-12-31T15:59:59.999Z");
  EXPECT_EQ(t3["title"], "城市道路交通安全隐患排查治理，\"一处一档\"。") << "the merged 责任单位 covers row 3 too";
}

TEST_F(Spreadsheet, EveryTableExportsAsAWorkbookWithItsHeaderFrozen) {
  Ok({"import", "units", Write("units.csv", kUnits)});
  Ok({"--at", "2023-03-01", "task", "assign", "--id", "XA-1", "--title", "燃气管道隐患整改", "--lead", "沣东新城", "--deadline",
      "2023-04-15"});
  Ok({"--at", "2023-03-01", "task", "assign", "--id", "XA-2", "--title", "消防通道整治", "--lead", "沣西新城", "--deadline", "2023-03-20"});
  const std::string out = dir_.sub("逾期任务.xlsx");
  auto r = Run({"--xlsx", out, "--at", "2023-03-25", "task", "list", "--overdue"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("XA-2"), std::string::npos) << "the table is printed as well";
  auto rows = imports::ReadXlsxFirstSheet(out);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows.value().size(), 2u) << "the header and the one overdue task";
  EXPECT_EQ(rows.value()[0][0], "任务编号");
  EXPECT_EQ(rows.value()[1][0], "XA-2");
  EXPECT_EQ(rows.value()[1][2], "沣西新城");
  const std::string sheet = ZipMember(out, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("ySplit=\"1\""), std::string::npos) << "the header row is frozen: " << sheet.substr(0, 600);
  EXPECT_NE(sheet.find("<col "), std::string::npos) << "columns sized";
  EXPECT_NE(sheet.find("<autoFilter"), std::string::npos);
  EXPECT_NE(ZipMember(out, "xl/styles.xml").find("宋体"), std::string::npos) << "a Chinese font";
  EXPECT_NE(ZipMember(out, "xl/workbook.xml").find("name=\"逾期任务\""), std::string::npos) << "the sheet is named as the file";
  std::ifstream partial(out + ".partial");
  EXPECT_FALSE(partial.good()) << "no half-written file left";
  // A bulletin's two tables, a sheet each.
  const std::string bulletin = dir_.sub("通报.xlsx");
  Ok({"--xlsx", bulletin, "--at", "2023-03-25", "report", "bulletin", "--from", "2023-03-01", "--to", "2023-03-31"});
  const std::string book = ZipMember(bulletin, "xl/workbook.xml");
  EXPECT_NE(book.find("name=\"逾期单位\""), std::string::npos) << book;
  EXPECT_NE(book.find("name=\"销号隐患\""), std::string::npos) << book;
  // A directory that is not there is one line.
  Refused({"--xlsx", dir_.sub("no/such/dir/x.xlsx"), "task", "list"}, 2, "x.xlsx");
}

}  // namespace
}  // namespace safecity::testing
