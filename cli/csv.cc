#include "cli/csv.h"

#include "engine/utf8.h"

namespace safecity::cli {

int CsvTable::Column(std::initializer_list<const char*> names) const {
  for (const char* n : names)
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == n) return static_cast<int>(i);
  return -1;
}

namespace {
std::string Trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}
}  // namespace

Result<CsvTable> ParseCsv(const std::string& file_name, const std::string& raw) {
  std::string text = raw.compare(0, 3, "\xEF\xBB\xBF") == 0 ? raw.substr(3) : raw;
  if (!IsValidUtf8(text)) return Status::Invalid(file_name, "is not UTF-8 text; save it as UTF-8 CSV");
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  bool quoted = false, cell_started = false;
  int line = 1, quote_line = 0;
  row.line = 1;
  auto end_cell = [&] {
    row.cells.push_back(Trim(cell));
    cell.clear();
    cell_started = false;
  };
  auto end_row = [&] {
    end_cell();
    bool blank = true;
    for (const auto& c : row.cells) blank = blank && c.empty();
    if (!blank) rows.push_back(row);
    row = CsvRow();
    row.line = line;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
      quote_line = line;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      ++line;
      end_row();
    } else {
      cell += c;
      if (c != ' ' && c != '\t') cell_started = true;
    }
  }
  if (quoted) return Status::Invalid(file_name + ":" + std::to_string(quote_line), "a quoted cell is never closed; add the closing \"");
  if (!cell.empty() || !row.cells.empty()) end_row();
  if (rows.empty()) return Status::Invalid(file_name, "is empty; it needs a header row and at least one row");
  CsvTable t;
  t.header = rows.front().cells;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].cells.size() > t.header.size())
      return Status::Invalid(file_name + ":" + std::to_string(rows[i].line),
                             "has " + std::to_string(rows[i].cells.size()) + " cells but the header has " +
                                 std::to_string(t.header.size()) + "; quote cells that contain commas");
    rows[i].cells.resize(t.header.size());
    t.rows.push_back(rows[i]);
  }
  return t;
}

}  // namespace safecity::cli
