// The unit directory's refusals (单位名录的拒绝理由), in Chinese and English,
// with their stable reasons (engine/message.h).
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::units {

extern const Message kStreamNotUnit;       // {unit}
extern const Message kIdNamesAnother;      // {unit} {owner}
extern const Message kAliasTaken;          // {name} {owner}
extern const Message kAliasIsAnId;         // {name}
extern const Message kUnitOfficeOnly;
extern const Message kUnitExists;          // {unit}
extern const Message kLeftBeforeJoined;
extern const Message kUnitNotFound;        // {unit}
extern const Message kAlreadyLeft;         // {unit} {left}
extern const Message kLeaveNotAfterJoin;   // {on} {since}
extern const Message kStillAMember;        // {unit}
extern const Message kRejoinBeforeLeft;    // {on} {left}
extern const Message kAliasAlreadyThere;    // {unit} {name}
extern const Message kNotAnAlias;          // {unit} {name}
extern const Message kSameName;            // {unit} {name}
extern const Message kTooManyAliases;      // {unit}
// Naming a unit (unit_directory.h): by id, name or alias, a member on the day.
extern const Message kUnitRefEmpty;
extern const Message kNoUnitNear;          // {ref} {near} {near_zh}: up to three names like it
extern const Message kNoUnitAtAll;         // {ref}
extern const Message kLeftTheMembership;   // {name} {left}
extern const Message kMemberOnlyFrom;      // {name} {since}

const std::vector<const Message*>& UnitRefusals();

}  // namespace safecity::units
