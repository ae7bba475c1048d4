// CSV (RFC 4180, UTF-8) as the campaign tables come: a header row, quoted
// cells that may hold commas, quotes ("") and line breaks, CRLF or LF, an
// optional UTF-8 BOM. Each row keeps the line it starts on, so an import can
// point at "units.csv:12:3 (name)".
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/status.h"

namespace safecity::cli {

struct CsvRow {
  int line = 0;  // 1-based line of the row's first character
  std::vector<std::string> cells;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;  // blank lines skipped
  // Column index of the first header among `names` (e.g. {"name","名称"}), or -1.
  int Column(std::initializer_list<const char*> names) const;
};

// Errors name "<file>:<line>" and say what is wrong (an unclosed quote, a row
// with more cells than the header, text that is not UTF-8).
Result<CsvTable> ParseCsv(const std::string& file_name, const std::string& text);

}  // namespace safecity::cli
