#include "cli/table.h"

#include <algorithm>
#include <cstdio>

#include "engine/utf8.h"

namespace safecity::cli {

namespace {
Language g_language = Language::kZh;

bool Wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}
}  // namespace

std::string CellText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  if (v.is_array()) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + CellText(v[i]);
    return out;
  }
  return v.dump();
}

void SetLanguage(Language lang) { g_language = lang; }
Language CurrentLanguage() { return g_language; }
const std::string& Label(const std::string& zh, const std::string& en) { return g_language == Language::kEn ? en : zh; }

std::string ColumnTitle(const Column& c) {
  if (g_language == Language::kZh || c.title == "#") return c.title;
  if (c.id == "rate") return "rectification rate";
  if (c.id == "id" || c.id.empty()) return "id";
  std::string t = c.id;
  for (char& ch : t)
    if (ch == '_') ch = ' ';
  return t;
}

size_t DisplayWidth(const std::string& s) {
  size_t w = 0;
  for (char32_t cp : DecodeUtf8(s)) w += Wide(cp) ? 2 : 1;
  return w;
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> width(columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c) width[c] = DisplayWidth(ColumnTitle(columns_[c]));
  for (const auto& r : rows_)
    for (size_t c = 0; c < columns_.size() && c < r.size(); ++c) width[c] = std::max(width[c], DisplayWidth(CellText(r[c])));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t c = 0; c < cells.size(); ++c) {
      s += cells[c];
      if (c + 1 < cells.size()) s += std::string(width[c] - DisplayWidth(cells[c]) + 2, ' ');
    }
    out << s << "\n";
  };
  std::vector<std::string> head;
  for (const auto& col : columns_) head.push_back(ColumnTitle(col));
  line(head);
  std::vector<std::string> rule;
  for (size_t c = 0; c < columns_.size(); ++c) rule.push_back(std::string(width[c], '-'));
  line(rule);
  for (const auto& r : rows_) {
    std::vector<std::string> cells;
    for (size_t c = 0; c < columns_.size(); ++c) cells.push_back(c < r.size() ? CellText(r[c]) : "");
    line(cells);
  }
}

nlohmann::json Table::ToJson() const {
  nlohmann::json arr = nlohmann::json::array();
  for (size_t i = 0; i < rows_.size(); ++i) {
    const auto& r = raw_[i].empty() ? rows_[i] : raw_[i];
    nlohmann::json o = nlohmann::json::object();
    for (size_t c = 0; c < columns_.size() && c < r.size(); ++c) o[columns_[c].id] = r[c];
    arr.push_back(o);
  }
  return arr;
}

std::string FormatPercent(int64_t part, int64_t whole) {
  if (whole == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

}  // namespace safecity::cli
