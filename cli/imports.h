// Imports of the campaign tables (UTF-8 CSV), all or nothing: every row is
// checked (cells, names resolved against the unit directory and the file
// itself) before the first command is sent, and an error names the file, line
// and column: "units.csv:12:2 (name): ...". Command ids derive from the file's
// SHA-256 and the line, so running the same import again (say, after a crash
// half-way) skips what is already in and adds the rest; nothing is added twice.
//
//   units.csv          id,name,kind,aliases,parent,member_since   (aliases ";"-separated)
//   scoring_sheet.csv  id,parent,title,points,method,rule          (points may be 2.5)
#pragma once

#include <string>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {
class Engine;
}

namespace safecity::cli {

struct ImportReport {
  int64_t rows = 0;
  int64_t added = 0;
  int64_t already = 0;  // rows a previous run of the same file had added
};

Result<ImportReport> ImportUnits(Engine* engine, const std::string& file_name, const std::string& text,
                                 const Actor& actor, int64_t at);

struct SheetHeader {
  std::string sheet_id, version, title;
};
Result<ImportReport> ImportSheet(Engine* engine, const std::string& file_name, const std::string& text,
                                 const SheetHeader& sheet, const Actor& actor, int64_t at);

// "2.5" -> 250; at most two decimals.
Result<int64_t> ParsePoints(const std::string& text, const std::string& field);

}  // namespace safecity::cli
