#include "engine/whole_number.h"

namespace safecity {

std::optional<int64_t> ParseWholeNumber(const std::string& text, int64_t max) {
  if (text.empty()) return std::nullopt;
  int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (n > (max - digit) / 10) return std::nullopt;  // n * 10 + digit > max, without overflow
    n = n * 10 + digit;
  }
  return n;
}

}  // namespace safecity
