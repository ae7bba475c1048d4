// Tables as the campaign documents come: CSV (RFC 4180, UTF-8) or, when the
// first line holds a tab, tab-separated text (a table copied out of a
// document or a spreadsheet). A header row, quoted cells that may hold
// separators, quotes ("") and line breaks, CRLF or LF, an optional UTF-8 BOM.
// Each row keeps the line it starts on, so an import can point at
// "units.csv:12:3 (name)".
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/status.h"

namespace safecity::imports {

struct CsvRow {
  int line = 0;  // 1-based line of the row's first character
  std::vector<std::string> cells;
};

struct CsvTable {
  std::vector<std::string> header;
  int header_line = 1;
  std::vector<CsvRow> rows;  // blank lines skipped
  // Column index of the first header among `names` (e.g. {"name","名称"}), or -1.
  int Column(std::initializer_list<const char*> names) const;
};

// Errors name "<file>:<line>" and say what is wrong (an unclosed quote, a row
// with more cells than the header, text that is not UTF-8).
Result<CsvTable> ParseCsv(const std::string& file_name, const std::string& text);
// The same, with the header the first row among the first ten that
// `is_header` accepts (rows above it, such as a title, are left out); the
// first row when none is.
Result<CsvTable> ParseCsv(const std::string& file_name, const std::string& text,
                          const std::function<bool(const std::vector<std::string>&)>& is_header);

}  // namespace safecity::imports
