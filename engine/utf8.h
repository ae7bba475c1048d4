// UTF-8 to code points, for work on what a person sees as characters: edit
// distance between unit names, display width of table cells. Malformed
// sequences are decoded leniently (never throws, never reads past the end).
#pragma once

#include <string>

namespace safecity {

std::u32string DecodeUtf8(const std::string& s);

// Strict check: well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValidUtf8(const std::string& s);

// At most `max_bytes` of `s`, cut before a character, never inside one.
std::string TruncateUtf8(const std::string& s, size_t max_bytes);

}  // namespace safecity
