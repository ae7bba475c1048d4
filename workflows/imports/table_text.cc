#include "workflows/imports/table_text.h"

#include "engine/utf8.h"
#include "workflows/imports/import_refusals.h"


namespace safecity::imports {

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
  return ParseCsv(file_name, raw, nullptr);
}

Result<CsvTable> ParseCsv(const std::string& file_name, const std::string& raw,
                          const std::function<bool(const std::vector<std::string>&)>& is_header) {
  std::string text = raw.compare(0, 3, "\xEF\xBB\xBF") == 0 ? raw.substr(3) : raw;
  if (!IsValidUtf8(text)) return Status::Refusal(Status::Code::kInvalid, file_name, kNotUtf8, {});
  // Tab-separated when the first tab or comma outside quotes is a tab: a
  // table copied out of a document or a spreadsheet. Commas are then text.
  char sep = ',';
  for (size_t i = 0, in_quotes = 0; i < text.size(); ++i) {
    if (text[i] == '"') in_quotes = !in_quotes;
    if (!in_quotes && (text[i] == '\t' || text[i] == ',')) {
      sep = text[i];
      break;
    }
  }
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
    } else if (c == sep) {
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
  if (quoted) return Status::Refusal(Status::Code::kInvalid, file_name + ":" + std::to_string(quote_line), kQuoteNotClosed, {});
  if (!cell.empty() || !row.cells.empty()) end_row();
  if (rows.empty()) return Status::Refusal(Status::Code::kInvalid, file_name, kTableEmpty, {});
  CsvTable t;
  // The header: the first row the caller recognises among the first few
  // (a title line or 附件 2 may stand above a copied table), else the first.
  size_t header_at = 0;
  if (is_header) {
    for (size_t i = 0; i < rows.size() && i < 10; ++i) {
      if (is_header(rows[i].cells)) {
        header_at = i;
        break;
      }
    }
  }
  t.header = rows[header_at].cells;
  t.header_line = rows[header_at].line;
  for (size_t i = header_at + 1; i < rows.size(); ++i) {
    // Empty cells past the header's last column (a copied table's trailing tabs) are dropped.
    while (rows[i].cells.size() > t.header.size() && rows[i].cells.back().empty()) rows[i].cells.pop_back();
    if (rows[i].cells.size() > t.header.size())
      return Status::Refusal(Status::Code::kInvalid, file_name + ":" + std::to_string(rows[i].line), kTooManyCells,
                             {{"cells", std::to_string(rows[i].cells.size())}, {"columns", std::to_string(t.header.size())}});
    rows[i].cells.resize(t.header.size());
    t.rows.push_back(rows[i]);
  }
  return t;
}

}  // namespace safecity::imports
