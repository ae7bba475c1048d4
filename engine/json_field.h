// Field(j, "key"): reading JSON that came from elsewhere (a server's answer,
// a file) by member name without undefined behaviour. nlohmann's const
// operator[] on a missing member dereferences the end of the map in a
// Release build; Field gives null instead, which prints empty, iterates as
// nothing, and makes get<T>() throw nlohmann's type_error (which the CLI
// turns into one line, exit 3).
#pragma once

#include <nlohmann/json.hpp>

namespace safecity {

inline const nlohmann::json& Field(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

}  // namespace safecity
