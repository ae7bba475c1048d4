// Text as plans print it (计划文本): the small string helpers the readers of
// plan tables, cells and schedules share. Pure functions on UTF-8 text; every
// separator and space they know is a whole UTF-8 character, so a byte search
// is safe.
#pragma once

#include <string>
#include <vector>

#include "engine/message.h"

namespace safecity::imports {

bool EndsWith(const std::string& s, const std::string& suffix);
bool StartsWith(const std::string& s, const std::string& prefix);
// Trims ASCII white space and the ideographic space (U+3000).
std::string Trim(std::string s);
void ReplaceAll(std::string* s, const std::string& from, const std::string& to);
// Splits on any of `seps`; pieces are trimmed and empty ones dropped.
std::vector<std::string> SplitAny(const std::string& s, const std::vector<std::string>& seps);
// Full-width digits (U+FF10..U+FF19) to ASCII.
std::string AsciiDigits(std::string s);
// Without any space, ideographic space or line break (a cell broken over lines).
std::string WithoutSpaces(std::string s);
// `zh` or `en`, as the importer's errors are to be worded.
std::string L(Language lang, const std::string& zh, const std::string& en);

}  // namespace safecity::imports
