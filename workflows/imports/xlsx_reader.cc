#include "workflows/imports/xlsx_reader.h"

#include <expat.h>
#include <minizip/unzip.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace safecity::imports {

namespace {

struct Zip {
  unzFile f = nullptr;
  ~Zip() {
    if (f) unzClose(f);
  }
};

// One member of the archive, or nullopt when it is not there.
Result<std::optional<std::string>> Member(unzFile zip, const std::string& name) {
  if (unzLocateFile(zip, name.c_str(), 0) != UNZ_OK) return std::optional<std::string>();
  if (unzOpenCurrentFile(zip) != UNZ_OK) return Status::Invalid("file", name + " cannot be opened in the archive");
  std::string out;
  char buf[65536];
  int n;
  while ((n = unzReadCurrentFile(zip, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  unzCloseCurrentFile(zip);
  if (n < 0) return Status::Invalid("file", name + " is damaged in the archive");
  return std::optional<std::string>(std::move(out));
}

// A small SAX walk: start(name, attrs), end(name), text(chars).
struct Sax {
  std::function<void(const std::string&, const char**)> start;
  std::function<void(const std::string&)> end;
  std::function<void(const char*, int)> text;
};

std::string LocalName(const char* qname) {
  std::string n = qname;
  size_t colon = n.rfind(':');
  return colon == std::string::npos ? n : n.substr(colon + 1);
}

const char* Attr(const char** attrs, const char* name) {
  for (int i = 0; attrs[i]; i += 2)
    if (LocalName(attrs[i]) == name) return attrs[i + 1];
  return nullptr;
}

Status Walk(const std::string& xml, const std::string& what, Sax& sax) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> p(XML_ParserCreate("UTF-8"), XML_ParserFree);
  XML_SetUserData(p.get(), &sax);
  XML_SetElementHandler(
      p.get(),
      [](void* u, const XML_Char* name, const XML_Char** attrs) {
        auto* s = static_cast<Sax*>(u);
        if (s->start) s->start(LocalName(name), attrs);
      },
      [](void* u, const XML_Char* name) {
        auto* s = static_cast<Sax*>(u);
        if (s->end) s->end(LocalName(name));
      });
  XML_SetCharacterDataHandler(p.get(), [](void* u, const XML_Char* chars, int len) {
    auto* s = static_cast<Sax*>(u);
    if (s->text) s->text(chars, len);
  });
  if (XML_Parse(p.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR)
    return Status::Invalid("file", what + " is not well-formed XML (line " + std::to_string(XML_GetCurrentLineNumber(p.get())) +
                                       ": " + XML_ErrorString(XML_GetErrorCode(p.get())) + ")");
  return Status::Ok();
}

// "C12" -> (11, 2), 0-based row and column; (-1, -1) when not a reference.
std::pair<int, int> CellRef(const std::string& ref) {
  size_t i = 0;
  int col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') col = col * 26 + (ref[i++] - 'A' + 1);
  if (i == 0 || i == ref.size()) return {-1, -1};
  int row = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return {-1, -1};
    row = row * 10 + (ref[i] - '0');
  }
  return {row - 1, col - 1};
}

// Excel's day number (1900 system) as YYYY-MM-DD.
std::string SerialDate(double serial) {
  int64_t days = static_cast<int64_t>(std::floor(serial)) - 25569;  // 1970-01-01
  // Civil from days (Howard Hinnant's algorithm).
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d));
  return buf;
}

bool IsDateFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return true;
  if (code.empty()) return false;
  bool quoted = false, bracket = false;
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    else if (c == '[') bracket = true;
    else if (c == ']') bracket = false;
    else if (!quoted && !bracket && (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'm' || c == 'M')) return true;
  }
  return false;
}

// A number as a person would have typed it: 3, 2.5, not 3.0000000000000004.
std::string NumberText(const std::string& v) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end) return v;
  if (std::fabs(d - std::round(d)) < 1e-9 && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(std::llround(d)));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", d);
  return buf;
}

}  // namespace

Result<SheetRows> ReadXlsxFirstSheet(const std::string& path) {
  Zip zip;
  zip.f = unzOpen64(path.c_str());
  if (!zip.f) return Status::Invalid("file", path + " is not an .xlsx workbook (not a zip archive); save it from Excel or WPS as .xlsx");
  auto workbook = Member(zip.f, "xl/workbook.xml");
  if (!workbook.ok()) return workbook.status();
  if (!workbook.value()) return Status::Invalid("file", path + " has no xl/workbook.xml; it is not an .xlsx workbook");
  // The first sheet's relationship id, then its part.
  std::string first_rid;
  Sax sax;
  sax.start = [&](const std::string& name, const char** attrs) {
    if (name == "sheet" && first_rid.empty())
      if (const char* id = Attr(attrs, "id")) first_rid = id;
  };
  if (Status s = Walk(*workbook.value(), path + ": xl/workbook.xml", sax); !s.ok()) return s;
  if (first_rid.empty()) return Status::Invalid("file", path + " has no worksheet");
  std::string target = "worksheets/sheet1.xml";
  if (auto rels = Member(zip.f, "xl/_rels/workbook.xml.rels"); rels.ok() && rels.value()) {
    Sax r;
    r.start = [&](const std::string& name, const char** attrs) {
      const char* id = Attr(attrs, "Id");
      const char* t = Attr(attrs, "Target");
      if (name == "Relationship" && id && t && first_rid == id) target = t;
    };
    if (Status s = Walk(*rels.value(), path + ": xl/_rels/workbook.xml.rels", r); !s.ok()) return s;
  }
  const std::string sheet_part = target.rfind("/xl/", 0) == 0 ? target.substr(1) : "xl/" + target;

  // Shared strings: each <si>'s text runs, without phonetic runs (<rPh>).
  std::vector<std::string> shared;
  if (auto ss = Member(zip.f, "xl/sharedStrings.xml"); !ss.ok()) {
    return ss.status();
  } else if (ss.value()) {
    bool in_t = false;
    int phonetic = 0;
    Sax s;
    s.start = [&](const std::string& name, const char**) {
      if (name == "si") shared.emplace_back();
      if (name == "rPh") ++phonetic;
      if (name == "t") in_t = true;
    };
    s.end = [&](const std::string& name) {
      if (name == "rPh") --phonetic;
      if (name == "t") in_t = false;
    };
    s.text = [&](const char* c, int n) {
      if (in_t && phonetic == 0 && !shared.empty()) shared.back().append(c, static_cast<size_t>(n));
    };
    if (Status st = Walk(*ss.value(), path + ": xl/sharedStrings.xml", s); !st.ok()) return st;
  }

  // Styles: which cell formats show dates.
  std::vector<bool> date_style;
  if (auto styles = Member(zip.f, "xl/styles.xml"); styles.ok() && styles.value()) {
    std::map<int, std::string> codes;
    bool in_xfs = false;
    Sax s;
    s.start = [&](const std::string& name, const char** attrs) {
      if (name == "numFmt") {
        const char* id = Attr(attrs, "numFmtId");
        const char* code = Attr(attrs, "formatCode");
        if (id && code) codes[std::atoi(id)] = code;
      }
      if (name == "cellXfs") in_xfs = true;
      if (name == "xf" && in_xfs) {
        const char* id = Attr(attrs, "numFmtId");
        int n = id ? std::atoi(id) : 0;
        date_style.push_back(IsDateFormat(n, codes.count(n) ? codes[n] : ""));
      }
    };
    s.end = [&](const std::string& name) {
      if (name == "cellXfs") in_xfs = false;
    };
    if (Status st = Walk(*styles.value(), path + ": xl/styles.xml", s); !st.ok()) return st;
  }

  auto sheet = Member(zip.f, sheet_part);
  if (!sheet.ok()) return sheet.status();
  if (!sheet.value()) return Status::Invalid("file", path + " names its first sheet " + sheet_part + ", which is not in the archive");
  SheetRows rows;
  std::vector<std::string> merges;
  int row = -1, col = -1;
  std::string type, value;
  int style = 0;
  bool in_value = false, in_inline = false;
  Sax s;
  s.start = [&](const std::string& name, const char** attrs) {
    if (name == "row") {
      const char* r = Attr(attrs, "r");
      row = r ? std::atoi(r) - 1 : row + 1;
      col = -1;
    } else if (name == "c") {
      const char* r = Attr(attrs, "r");
      auto ref = r ? CellRef(r) : std::pair<int, int>{row, col + 1};
      if (ref.first >= 0) row = ref.first;
      col = ref.second;
      const char* t = Attr(attrs, "t");
      const char* st = Attr(attrs, "s");
      type = t ? t : "n";
      style = st ? std::atoi(st) : 0;
      value.clear();
    } else if (name == "v") {
      in_value = true;
    } else if (name == "is") {
      in_inline = true;
    } else if (name == "t" && in_inline) {
      in_value = true;
    } else if (name == "mergeCell") {
      if (const char* ref = Attr(attrs, "ref")) merges.push_back(ref);
    }
  };
  s.end = [&](const std::string& name) {
    if (name == "v" || name == "t") in_value = false;
    if (name == "is") in_inline = false;
    if (name != "c" || row < 0 || col < 0 || row > 1000000 || col > 16384) return;
    std::string text;
    if (type == "s") {
      size_t i = static_cast<size_t>(std::atol(value.c_str()));
      text = i < shared.size() ? shared[i] : "";
    } else if (type == "b") {
      text = value == "1" ? "TRUE" : value.empty() ? "" : "FALSE";
    } else if (type == "inlineStr" || type == "str" || type == "e") {
      text = value;
    } else if (!value.empty()) {
      const bool is_date = style >= 0 && static_cast<size_t>(style) < date_style.size() && date_style[static_cast<size_t>(style)];
      text = is_date ? SerialDate(std::strtod(value.c_str(), nullptr)) : NumberText(value);
    }
    if (rows.size() <= static_cast<size_t>(row)) rows.resize(static_cast<size_t>(row) + 1);
    auto& cells = rows[static_cast<size_t>(row)];
    if (cells.size() <= static_cast<size_t>(col)) cells.resize(static_cast<size_t>(col) + 1);
    cells[static_cast<size_t>(col)] = text;
  };
  s.text = [&](const char* c, int n) {
    if (in_value) value.append(c, static_cast<size_t>(n));
  };
  if (Status st = Walk(*sheet.value(), path + ": " + sheet_part, s); !st.ok()) return st;

  // A cell merged down a column (a 责任单位 over several rows): every row it
  // covers reads its text. Merged across columns only (a heading row): the
  // first cell keeps it, as the sheet shows it once.
  for (const auto& ref : merges) {
    const size_t colon = ref.find(':');
    if (colon == std::string::npos) continue;
    auto [r0, c0] = CellRef(ref.substr(0, colon));
    auto [r1, c1] = CellRef(ref.substr(colon + 1));
    if (r0 < 0 || r1 <= r0 || c0 < 0 || r1 > 1000000) continue;
    const std::string text = static_cast<size_t>(r0) < rows.size() && static_cast<size_t>(c0) < rows[r0].size() ? rows[r0][c0] : "";
    for (int r = r0 + 1; r <= r1; ++r) {
      if (rows.size() <= static_cast<size_t>(r)) rows.resize(static_cast<size_t>(r) + 1);
      auto& cells = rows[static_cast<size_t>(r)];
      if (cells.size() <= static_cast<size_t>(c0)) cells.resize(static_cast<size_t>(c0) + 1);
      cells[static_cast<size_t>(c0)] = text;
    }
    (void)c1;
  }
  return rows;
}

std::string RowsAsTsv(const SheetRows& rows) {
  std::string out;
  for (const auto& cells : rows) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += '\t';
      const std::string& c = cells[i];
      if (c.find_first_of("\t,\"\n\r") == std::string::npos) {
        out += c;
        continue;
      }
      out += '"';
      for (char ch : c) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      out += '"';
    }
    out += '\n';
  }
  return out;
}

}  // namespace safecity::imports
