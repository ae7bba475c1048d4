// Spreadsheets as offices keep them (Excel, WPS): the first worksheet of an
// .xlsx file read into rows of text, for the same importers as CSV.
// Office Open XML read with minizip (unzip) and expat: shared and inline
// strings, numbers as written, date cells as YYYY-MM-DD, and a cell merged
// down a column (a 责任单位 spanning rows) read into every row it covers.
// Nothing is evaluated: a formula's cached value is read as shown.
#pragma once

#include <string>
#include <vector>

#include "engine/status.h"

namespace safecity::imports {

using SheetRows = std::vector<std::vector<std::string>>;

// The first worksheet (in the workbook's order); the error names the file and
// says what is wrong with it (not a zip, no worksheet, damaged XML).
Result<SheetRows> ReadXlsxFirstSheet(const std::string& path);

// Rows as tab-separated text the table readers (table_text.h) take: a cell
// holding a tab, a comma, a quote or a line break is quoted.
std::string RowsAsTsv(const SheetRows& rows);

}  // namespace safecity::imports
