// UnitDirectory (单位名录): the registered units and their names and aliases,
// read from the `unit/` and `ualias/` read models.
//
// Resolve() accepts an id, a name or an alias ("雁塔区", "yanta") and returns
// the unit id; an unknown name is a kNotFound error that lists near matches,
// because the documents spell the same unit several ways (城管局 / 城管交通局).
#pragma once

#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::units {

Result<std::string> Resolve(ReadModelReader& reader, const std::string& ref, const std::string& field);
// The unit's read-model record {id,name,kind,aliases,parent}, or null.
Json Find(ReadModelReader& reader, const std::string& id);
std::vector<Json> All(ReadModelReader& reader);
// Membership on a day ("2023-03-24", China time): from member_since (or
// always) up to the day before left_on (or still).
bool MemberOn(const Json& unit, const std::string& date);
// The same, on the China-time day of `at_ms`.
bool MemberAt(const Json& unit, int64_t at_ms);
// Resolve, then require membership on the day of `at_ms`: a unit that has
// left, or not yet joined, is a kInvalid error naming the dates.
Result<std::string> ResolveMember(ReadModelReader& reader, const std::string& ref, const std::string& field, int64_t at_ms);

// Display name of a unit id (its name, or the id when unknown).
std::string DisplayName(ReadModelReader& reader, const std::string& id);

}  // namespace safecity::units
