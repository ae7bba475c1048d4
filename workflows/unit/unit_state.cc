#include "workflows/unit/unit_state.h"

#include <algorithm>

#include "engine/state_keys.h"

namespace safecity::units {

namespace {

bool IsStateKey(const std::string& k) {
  return IsOneOf(k, {"id", "name", "kind", "aliases", "parent", "member_since", "left_on", "name_changes",
                     "membership_changes"});
}

void Drop(std::vector<std::string>& aliases, const std::string& a) {
  auto it = std::find(aliases.begin(), aliases.end(), a);
  if (it != aliases.end()) aliases.erase(it);
}

}  // namespace

bool Unit::HasAlias(const std::string& a) const { return std::find(aliases.begin(), aliases.end(), a) != aliases.end(); }

bool Unit::operator==(const Unit& o) const {
  return id == o.id && name == o.name && kind == o.kind && aliases == o.aliases && parent == o.parent &&
         member_since == o.member_since && left_on == o.left_on && name_changes == o.name_changes &&
         membership_changes == o.membership_changes && other == o.other;
}

Json Unit::ToJson() const {
  Json j = other;
  j["id"] = id;
  j["name"] = name;
  j["kind"] = kind;
  j["aliases"] = aliases;
  j["parent"] = parent;
  if (member_since) j["member_since"] = *member_since;
  if (left_on) j["left_on"] = *left_on;
  if (!name_changes.empty()) j["name_changes"] = name_changes;
  if (!membership_changes.empty()) j["membership_changes"] = membership_changes;
  return j;
}

Unit Unit::FromJson(const Json& j) {
  Unit u;
  u.id = j.at("id").get<std::string>();
  u.name = j.at("name").get<std::string>();
  u.kind = j.at("kind").get<std::string>();
  u.aliases = j.at("aliases").get<std::vector<std::string>>();
  u.parent = j.at("parent").get<std::string>();
  if (j.contains("member_since")) u.member_since = j["member_since"].get<std::string>();
  if (j.contains("left_on")) u.left_on = j["left_on"].get<std::string>();
  if (j.contains("name_changes")) u.name_changes = j["name_changes"].get<std::vector<Json>>();
  if (j.contains("membership_changes")) u.membership_changes = j["membership_changes"].get<std::vector<Json>>();
  u.other = OtherKeys(j, IsStateKey);
  return u;
}

void ApplyUnitEvent(Unit& u, const EventEnvelope& e) {
  const Json& d = e.data;
  if (e.type == "UnitRegistered") {
    u = Unit::FromJson(d);  // the registration is the state
    return;
  }
  if (e.type == "UnitAliasAdded") {
    u.aliases.push_back(d["alias"].get<std::string>());
  } else if (e.type == "UnitAliasRemoved") {
    Drop(u.aliases, d["alias"].get<std::string>());
  } else if (e.type == "UnitRenamed") {
    const std::string now = d["name"], before = d["previous_name"];
    Drop(u.aliases, now);  // a name it was known by may become its name
    if (d["keep_previous"].get<bool>()) u.aliases.push_back(before);
    u.name = now;
    u.name_changes.push_back(Json{{"from", before}, {"to", now}, {"reason", d["reason"]}});
  } else if (e.type == "UnitLeft" || e.type == "UnitRejoined") {
    u.membership_changes.push_back(
        Json{{"change", e.type == "UnitLeft" ? "left" : "rejoined"}, {"on", d["on"]}, {"reason", d["reason"]}});
    if (e.type == "UnitLeft") {
      u.left_on = d["on"].get<std::string>();
    } else {
      u.left_on.reset();
      u.member_since = d["on"].get<std::string>();
    }
  }
}

}  // namespace safecity::units
