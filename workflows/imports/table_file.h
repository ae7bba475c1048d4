// A table file as an office sends it, read into UTF-8 text for the table
// readers (table_text.h): an .xlsx workbook from Excel or WPS (its first
// sheet, xlsx_reader.h), CSV or tab-separated text in UTF-8 (with or without
// a BOM), or in GB18030 (GBK, GB2312: what Excel on a Chinese Windows saves as
// "CSV"). The file's contents decide, not its name.
#pragma once

#include <string>

#include "engine/message.h"
#include "engine/status.h"

namespace safecity::imports {

// The error names the file and the fix, in `lang`.
Result<std::string> ReadTableFile(const std::string& path, Language lang);

// GB18030 bytes as UTF-8; an error when they are not GB18030 either.
Result<std::string> Gb18030ToUtf8(const std::string& bytes);

}  // namespace safecity::imports
