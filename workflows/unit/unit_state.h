// Unit (成员单位): the folded state of one unit stream, a plain struct
// decided from and folded in place (engine/typed_workflow.h).
//
// Its JSON form (ToJson: the snapshot, `unit/<id>` read model, `safecity
// show`) has the keys the unit's state has always had: id, name, kind,
// aliases, parent, then member_since and left_on when set, name_changes and
// membership_changes once there are any. FromJson(ToJson(u)) == u; keys this
// build does not name are kept in `other` and written back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/envelope.h"

namespace safecity::units {

struct Unit {
  std::string id;
  std::string name;
  std::string kind;                  // department | district | sub_district | office | other
  std::vector<std::string> aliases;  // the other names it is known by (别名), in the order given
  std::string parent;                // the unit it belongs to, "" for none
  std::optional<std::string> member_since, left_on;  // 成员资格: the dates of its current period
  std::vector<Json> name_changes;        // {from, to, reason}, each rename (更名)
  std::vector<Json> membership_changes;  // {change: left|rejoined, on, reason}
  Json other = Json::object();           // keys this build does not name

  bool HasAlias(const std::string& a) const;

  bool operator==(const Unit& o) const;
  bool operator!=(const Unit& o) const { return !(*this == o); }

  Json ToJson() const;
  static Unit FromJson(const Json& j);  // throws when `j` is not a unit's state
};

// Folds one event of the unit into `u`.
void ApplyUnitEvent(Unit& u, const EventEnvelope& e);

}  // namespace safecity::units
