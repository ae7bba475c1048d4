// A table as an .xlsx workbook (导出 Excel): what the office forwards, prints
// and files. One sheet, the header row bold and frozen with a filter on it,
// each column as wide as its text (CJK characters counted two wide, capped,
// long text wrapped), every cell in 宋体 so Excel and WPS show Chinese alike;
// numbers stay numbers. Written with libxlsxwriter beside FILE and renamed
// onto it (cli/output_file.h): a reader never sees half a workbook.
#pragma once

#include <string>
#include <vector>

#include "cli/table.h"
#include "engine/status.h"

namespace safecity::cli {

Status WriteXlsx(const Table& table, const std::string& path, const std::string& sheet_name);

// Several tables, a sheet each (a bulletin: 逾期单位, 销号隐患).
struct XlsxSheet {
  std::string name;
  const Table* table;
};
Status WriteXlsx(const std::vector<XlsxSheet>& sheets, const std::string& path);

}  // namespace safecity::cli
