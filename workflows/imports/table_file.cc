#include "workflows/imports/table_file.h"

#include <iconv.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "engine/utf8.h"
#include "workflows/imports/plan_text.h"
#include "workflows/imports/xlsx_reader.h"

namespace safecity::imports {

Result<std::string> Gb18030ToUtf8(const std::string& bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return Status::Invalid("file", "this system cannot read GB18030 (iconv)");
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* to = out.data();
  size_t to_left = out.size();
  size_t r = iconv(cd, &in, &in_left, &to, &to_left);
  const int err = errno;
  iconv_close(cd);
  if (r == static_cast<size_t>(-1))
    return Status::Invalid("file", "not GB18030 either (" + std::string(err == EILSEQ ? "an invalid byte sequence" : "a cut-off character") +
                                       " at byte " + std::to_string(bytes.size() - in_left) + ")");
  out.resize(out.size() - to_left);
  return out;
}

Result<std::string> ReadTableFile(const std::string& path, Language lang) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::Invalid("file", L(lang, "读不到文件 " + path + "；请给出存在的文件", "cannot read " + path + "; give an existing file"));
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  if (bytes.compare(0, 4, "PK\x03\x04") == 0) {
    auto rows = ReadXlsxFirstSheet(path);
    if (!rows.ok())
      return Status::Invalid("file", L(lang, path + " 读不出表格：" + rows.status().message() + "；请在 Excel 或 WPS 中另存为 .xlsx",
                                       rows.status().message()));
    return RowsAsTsv(rows.value());
  }
  if (bytes.compare(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") == 0)
    return Status::Invalid("file", L(lang, path + " 是旧版 .xls 工作簿；请在 Excel 或 WPS 中另存为 .xlsx 或 CSV",
                                     path + " is an old .xls workbook; save it from Excel or WPS as .xlsx or CSV"));
  if (IsValidUtf8(bytes)) return bytes;
  auto utf8 = Gb18030ToUtf8(bytes);
  if (!utf8.ok())
    return Status::Invalid("file", L(lang, path + " 既不是 UTF-8 也不是 GB18030 文本（" + utf8.status().message() + "）；请另存为 UTF-8 CSV 或 .xlsx",
                                     path + " is neither UTF-8 nor GB18030 text (" + utf8.status().message() + "); save it as UTF-8 CSV or .xlsx"));
  return utf8.value();
}

}  // namespace safecity::imports
