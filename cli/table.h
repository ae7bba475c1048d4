// Table: rows for people (aligned columns, CJK characters counted two wide)
// or for programs (a JSON array of objects keyed by column id).
#pragma once

#include "engine/message.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace safecity::cli {

struct Column {
  std::string id;     // JSON key
  std::string title;  // header shown to people, in Chinese
};

// The language of headers and labels for people (--lang): Chinese, the
// default, or English. JSON output is the same in both. Errors that carry
// their words in both languages (engine/message.h) follow it too.
using safecity::Language;
void SetLanguage(Language lang);
Language CurrentLanguage();
// `zh` or `en`, as the language is.
const std::string& Label(const std::string& zh, const std::string& en);
// A column's header in the current language (English: from its id, "lead_unit" -> "lead unit").
std::string ColumnTitle(const Column& c);

class Table {
 public:
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void Add(std::vector<nlohmann::json> row) {
    rows_.push_back(std::move(row));
    raw_.emplace_back();
  }
  // A row shown to people as `shown` ("accepted 核查通过", "逾期", a unit's
  // name) and given to programs (--output json) as `raw` (accepted, true, its id).
  void Add(std::vector<nlohmann::json> shown, std::vector<nlohmann::json> raw) {
    rows_.push_back(std::move(shown));
    raw_.push_back(std::move(raw));
  }
  size_t size() const { return rows_.size(); }
  const std::vector<Column>& columns() const { return columns_; }
  // The rows as shown to people.
  const std::vector<std::vector<nlohmann::json>>& rows() const { return rows_; }
  void Print(std::ostream& out) const;
  nlohmann::json ToJson() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<nlohmann::json>> rows_;
  std::vector<std::vector<nlohmann::json>> raw_;  // empty where the row has no raw form
};

// A cell as text: a string as it is, null as nothing, an array joined by commas.
std::string CellText(const nlohmann::json& v);

// part / whole as "66.7%", or "-" when whole is 0 (a rate of nothing).
std::string FormatPercent(int64_t part, int64_t whole);

// Terminal display width of UTF-8 text (East Asian wide characters count 2).
size_t DisplayWidth(const std::string& s);

}  // namespace safecity::cli
