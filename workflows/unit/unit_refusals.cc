#include "workflows/unit/unit_refusals.h"

namespace safecity::units {

const Message kStreamNotUnit{"unit.stream_mismatch", "须为 unit-{unit}", "must be unit-{unit}"};
const Message kIdNamesAnother{"unit.id_taken", "“{unit}”已是单位 {owner} 的名称；请换一个编号",
                              "'{unit}' already names unit {owner}; choose another id"};
const Message kAliasTaken{"unit.alias_taken", "“{name}”已是单位 {owner} 的名称；请换一个", "'{name}' already names unit {owner}; choose another"};
const Message kAliasIsAnId{"unit.alias_is_id", "“{name}”是另一个单位的编号；请换一个", "'{name}' is the id of another unit; choose another"};
const Message kUnitOfficeOnly{"unit.office_only", "只有创建办可以登记单位并管理其成员资格；{@as_office}",
                              "only the office (创建办) registers units and keeps their membership; {@as_office}"};
const Message kUnitExists{"unit.exists", "单位 {unit} 已存在", "unit {unit} already exists"};
const Message kLeftBeforeJoined{"unit.left_before_joined", "退出日期不晚于加入日期（member_since）；单位先加入、后退出",
                                "is not after member_since; a unit leaves after it joined"};
const Message kUnitNotFound{"unit.not_found", "没有单位“{unit}”；{@unit_list}", "no unit '{unit}'; {@unit_list}"};
const Message kAlreadyLeft{"unit.already_left", "单位 {unit} 已于 {left} 退出；{@rejoin}", "unit {unit} already left on {left}; {@rejoin}"};
const Message kLeaveNotAfterJoin{"unit.leave_before_join", "{on} 不晚于单位加入的日期（{since}）；请给出更晚的日期",
                                 "{on} is not after the unit joined ({since}); give a later date"};
const Message kStillAMember{"unit.still_member", "单位 {unit} 仍是成员；只有已退出的单位可以恢复",
                            "unit {unit} is a member; only a unit that left can rejoin"};
const Message kRejoinBeforeLeft{"unit.rejoin_before_left", "{on} 早于单位退出的日期（{left}）；请给出更晚的日期",
                                "{on} is before the unit left ({left}); give a later date"};

const Message kAliasAlreadyThere{"unit.alias_exists", "单位 {unit} 已有名称或别名“{name}”", "unit {unit} is already known as '{name}'"};
const Message kNotAnAlias{"unit.not_alias", "“{name}”不是单位 {unit} 的别名；{@unit_list}", "'{name}' is not an alias of unit {unit}; {@unit_list}"};
const Message kSameName{"unit.same_name", "单位 {unit} 已叫“{name}”", "unit {unit} is already named '{name}'"};
const Message kTooManyAliases{"unit.too_many_aliases", "单位 {unit} 已有 20 个别名；请先删除不再使用的别名",
                              "unit {unit} has 20 aliases already; remove one no longer used first"};

const Message kUnitRefEmpty{"unit.ref_empty", "为空；请写单位的编号、名称或别名", "is empty; name a unit by id, name or alias"};
const Message kNoUnitNear{"unit.unknown_near", "没有单位“{ref}”；是否指 {near_zh}？", "no unit '{ref}'; did you mean {near}?"};
const Message kNoUnitAtAll{"unit.unknown", "没有单位“{ref}”；{@unit_list_or_add}", "no unit '{ref}'; {@unit_list_or_add}"};
const Message kLeftTheMembership{"unit.left_membership", "{name} 已于 {left} 退出成员单位；请写现有成员单位；若它仍是成员，{@rejoin}",
                                 "{name} left the membership on {left}; name a current member, or {@rejoin}"};
const Message kMemberOnlyFrom{"unit.member_from", "{name} 自 {since} 起才是成员单位；请在该日或之后办理",
                              "{name} is a member only from {since}; act on or after that day"};

const std::vector<const Message*>& UnitRefusals() {
  static const std::vector<const Message*> all = {&kStreamNotUnit,  &kIdNamesAnother,   &kAliasTaken,   &kAliasIsAnId,
                                                  &kUnitOfficeOnly, &kUnitExists,       &kLeftBeforeJoined, &kUnitNotFound,
                                                  &kAlreadyLeft,    &kLeaveNotAfterJoin, &kStillAMember, &kRejoinBeforeLeft, &kUnitRefEmpty, &kNoUnitNear, &kNoUnitAtAll, &kLeftTheMembership, &kMemberOnlyFrom,
                                                  &kAliasAlreadyThere, &kNotAnAlias, &kSameName, &kTooManyAliases};
  return all;
}

}  // namespace safecity::units
