// The keys of a typed state's JSON: which ones the state names, and the rest
// it keeps. A typed state (engine/typed_workflow.h) reads the keys it names
// into fields and keeps every other key of a snapshot or an event (from
// another build) in `other`, written back unchanged, so FromJson(ToJson(s))
// == s and an older or newer build's keys survive a fold.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace safecity {

// Whether `key` is one of `keys`.
inline bool IsOneOf(const std::string& key, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (key == k) return true;
  return false;
}

// The members of the object `j` whose keys `named(key)` does not claim.
template <class Named>
nlohmann::json OtherKeys(const nlohmann::json& j, Named named) {
  nlohmann::json other = nlohmann::json::object();
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!named(it.key())) other[it.key()] = it.value();
  return other;
}

// The text under `key`, or none when `j` has no such key (a key the state
// writes only once its event has happened).
inline std::optional<std::string> OptionalText(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return j[key].get<std::string>();
}

}  // namespace safecity
