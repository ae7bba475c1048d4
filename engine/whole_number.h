// Whole numbers read from text a client sent (query parameters, headers):
// decimal digits only, no sign, no spaces, no leading '+', at most `max`.
// Anything else, overflow included, is no number, so no caller computes with
// a value it did not range-check.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace safecity {

std::optional<int64_t> ParseWholeNumber(const std::string& text, int64_t max);

}  // namespace safecity
