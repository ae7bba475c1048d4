#include "workflows/imports/plan_text.h"

namespace safecity::imports {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool StartsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

std::string Trim(std::string s) {
  static const std::string kIdeoSpace = "\xE3\x80\x80";
  for (bool changed = true; changed;) {
    changed = false;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.erase(0, 1), changed = true;
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.pop_back(), changed = true;
    if (StartsWith(s, kIdeoSpace)) s.erase(0, kIdeoSpace.size()), changed = true;
    if (EndsWith(s, kIdeoSpace)) s.erase(s.size() - kIdeoSpace.size()), changed = true;
  }
  return s;
}

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t p = s->find(from); p != std::string::npos; p = s->find(from, p + to.size())) s->replace(p, from.size(), to);
}

std::vector<std::string> SplitAny(const std::string& s, const std::vector<std::string>& seps) {
  std::vector<std::string> out;
  size_t start = 0, i = 0;
  while (i < s.size()) {
    size_t hit = 0;
    for (const auto& sep : seps)
      if (s.compare(i, sep.size(), sep) == 0) hit = sep.size();
    if (hit) {
      std::string piece = Trim(s.substr(start, i - start));
      if (!piece.empty()) out.push_back(piece);
      i += hit;
      start = i;
    } else {
      ++i;
    }
  }
  std::string piece = Trim(s.substr(start));
  if (!piece.empty()) out.push_back(piece);
  return out;
}

std::string AsciiDigits(std::string s) {
  for (int d = 0; d <= 9; ++d) ReplaceAll(&s, std::string("\xEF\xBC") + static_cast<char>(0x90 + d), std::string(1, static_cast<char>('0' + d)));
  return s;
}

std::string WithoutSpaces(std::string s) {
  for (const char* space : {" ", "\xE3\x80\x80", "\n", "\r", "\t"}) ReplaceAll(&s, space, "");
  return s;
}

std::string L(Language lang, const std::string& zh, const std::string& en) { return lang == Language::kZh ? zh : en; }

}  // namespace safecity::imports
