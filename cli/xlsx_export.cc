#include "cli/xlsx_export.h"

#include <xlsxwriter.h>

#include <algorithm>

#include "cli/output_file.h"

namespace safecity::cli {

namespace {

constexpr const char* kFont = "宋体";
constexpr double kMaxWidth = 60;

// A sheet name Excel takes: at most 31 characters, none of []:*?/\.
std::string SheetName(const std::string& wanted) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < wanted.size() && chars < 31;) {
    const unsigned char c = static_cast<unsigned char>(wanted[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::string ch = wanted.substr(i, len);
    out += std::string("[]:*?/\\").find(ch) != std::string::npos && len == 1 ? "_" : ch;
    i += len;
    ++chars;
  }
  return out.empty() ? "Sheet1" : out;
}

// One table on a sheet of its own: the header bold and frozen, with a filter.
void AddSheet(lxw_workbook* wb, const std::string& name, const Table& table, lxw_format* head, lxw_format* body) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  if (!ws) ws = workbook_add_worksheet(wb, nullptr);  // a name Excel would not take: Sheet1, Sheet2 …
  const auto& columns = table.columns();
  std::vector<double> width(columns.size(), 4);
  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string title = ColumnTitle(columns[c]);
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), title.c_str(), head);
    width[c] = std::max(width[c], static_cast<double>(DisplayWidth(title)));
  }
  lxw_row_t r = 1;
  for (const auto& row : table.rows()) {
    for (size_t c = 0; c < row.size() && c < columns.size(); ++c) {
      const auto& v = row[c];
      const auto col = static_cast<lxw_col_t>(c);
      if (v.is_number()) {
        worksheet_write_number(ws, r, col, v.get<double>(), body);
        width[c] = std::max(width[c], static_cast<double>(v.dump().size()));
      } else {
        const std::string text = CellText(v);
        worksheet_write_string(ws, r, col, text.c_str(), body);
        width[c] = std::max(width[c], static_cast<double>(DisplayWidth(text)));
      }
    }
    ++r;
  }
  for (size_t c = 0; c < columns.size(); ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), std::min(width[c] + 2, kMaxWidth), nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  if (!columns.empty()) worksheet_autofilter(ws, 0, 0, r - 1, static_cast<lxw_col_t>(columns.size() - 1));
}

}  // namespace

Status WriteXlsx(const Table& table, const std::string& path, const std::string& sheet_name) {
  return WriteXlsx(std::vector<XlsxSheet>{{sheet_name, &table}}, path);
}

Status WriteXlsx(const std::vector<XlsxSheet>& sheets, const std::string& path) {
  auto out = OutputFile::Begin(path, "--xlsx");
  if (!out.ok()) return out.status();
  lxw_workbook* wb = workbook_new(out.value().temp_path().c_str());
  if (!wb) return Status::Invalid("--xlsx", Label("无法创建 " + path, "cannot create " + path));
  lxw_format* head = workbook_add_format(wb);
  format_set_font_name(head, kFont);
  format_set_bold(head);
  format_set_bg_color(head, 0xDDEBF7);
  format_set_border(head, LXW_BORDER_THIN);
  lxw_format* body = workbook_add_format(wb);
  format_set_font_name(body, kFont);
  format_set_text_wrap(body);
  format_set_align(body, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(body, LXW_BORDER_THIN);
  for (const auto& [name, table] : sheets) AddSheet(wb, SheetName(name), *table, head, body);
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR)
    return Status::Invalid("--xlsx", Label("写不出 " + path + "：", "cannot write " + path + ": ") + lxw_strerror(err));
  return out.value().Commit();
}

}  // namespace safecity::cli
