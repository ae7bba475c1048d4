#include "workflows/imports/import_refusals.h"

namespace safecity::imports {

const Message kNotUtf8{"import.not_utf8", "不是 UTF-8 文本；请另存为 UTF-8 CSV", "is not UTF-8 text; save it as UTF-8 CSV"};
const Message kQuoteNotClosed{"import.quote_not_closed", "有一个带引号的单元格没有结束；请补上结尾的 \"",
                              "a quoted cell is never closed; add the closing \""};
const Message kTableEmpty{"import.table_empty", "是空的；须有一行表头和至少一行数据", "is empty; it needs a header row and at least one row"};
const Message kTooManyCells{"import.too_many_cells", "有 {cells} 个单元格，而表头只有 {columns} 列；含逗号的单元格请加引号",
                            "has {cells} cells but the header has {columns}; quote cells that contain commas"};
const Message kNotPoints{"import.not_points", "“{text}”不是分值；请写 3 或 2.5（最多两位小数）",
                         "'{text}' is not a number of points; write 3 or 2.5 (at most two decimals)"};

const Message kUnitsHeader{"import.units_header",
                           "表头须有 id 和 name（名称）两列（另可有 kind 类型、aliases 别名、parent 上级、member_since 加入日期、left_on 退出日期）",
                           "the header needs columns id and name (and kind, aliases, parent, member_since, left_on)"};
const Message kNotAnId{"import.not_an_id", "“{id}”不是编号；请用小写字母、数字、- 或 _",
                       "'{id}' is not an id; use lower-case letters, digits, - or _"};
const Message kUnitNameEmpty{"import.unit_name_empty", "为空；请填写单位全称", "is empty; give the unit's full name"};
const Message kSpellingTaken{"import.spelling_taken", "“{spelling}”已是第 {line} 行单位的名称；编号、名称和别名不能重复",
                             "'{spelling}' already names the unit on line {line}; spellings must be unique"};
const Message kNotADate{"import.not_a_date", "“{text}”不是日期；请写成 {example}", "'{text}' is not a date; write {example}"};
const Message kLeftNotAfterSince{"import.left_not_after_since", "“{left}”不晚于加入日期 {since}", "'{left}' is not after member_since {since}"};
const Message kUnitFieldFixed{"import.unit_field_fixed",
                              "单位 {unit} 的{field_zh}是“{was}”，不是“{now}”；单位的{field_zh}不会改变：请改回“{was}”，或以新编号另行登记",
                              "unit {unit} is '{was}', not '{now}'; a unit's {field} does not change: put back '{was}', or "
                              "register the unit anew under another id"};
const Message kLeftOnChanged{"import.left_on_changed",
                             "单位 {unit} 于“{was}”退出，文件写的是“{now}”；left_on 保持原样，重新加入另行记录：{@rejoin}",
                             "unit {unit} left on '{was}', the file says '{now}'; keep left_on as it was and record a return: {@rejoin}"};
const Message kSinceChanged{"import.since_changed", "单位 {unit} 自 {was} 起为成员单位，不是 {now}；成员资格的起始日期不会改变：请改回 {was}",
                            "unit {unit} is a member since {was}, not {now}; a membership's start does not change: put back {was}"};

const Message kSheetHeader{"import.sheet_header",
                           "表头须有 id（编号）、title（评价项目）和 points（分值）三列（另可有 parent 上级、method 方法、rule 评分规则、full_at 达标线、shared_cap 共同上限）",
                           "the header needs columns id, title and points (and parent, method, rule, full_at, shared_cap)"};
const Message kNotAMethod{"import.not_a_method", "“{method}”不是计分方法；请用 deduct（扣分）、ratio（比例）或 judgement（评判），扣分项下的规则上限用 cap",
                          "'{method}' is not a method; use deduct, ratio or judgement (or cap for a rule's cap under a deduct item)"};
const Message kNotAPassLine{"import.not_a_pass_line", "“{text}”不是达标线；请写 1 到 100 的百分数，例如 95%",
                            "'{text}' is not a pass line; write a percent from 1 to 100, e.g. 95%"};
const Message kNotASharedCap{"import.not_a_shared_cap", "“{text}”不是共同上限；请写分组和分值，例如 A:1.5",
                             "'{text}' is not a shared cap; write the group and its points, e.g. A:1.5"};

const Message kGroupsHeader{"import.groups_header", "表头须有 name（名称）和 members（成员单位）两列", "the header needs columns name and members"};
const Message kGroupNameEmpty{"import.group_name_empty", "为空；请按表格中的写法填写分组名称",
                              "is empty; give the group's name as the tables write it"};
const Message kGroupTwice{"import.group_twice", "“{name}”定义了两次", "'{name}' is defined twice"};
const Message kGroupIsAUnit{"import.group_is_a_unit", "“{name}”已是单位的名称；分组须有自己的名称",
                            "'{name}' already names a unit; a group needs a name of its own"};
const Message kGroupMembersEmpty{"import.group_members_empty", "为空；请列出成员单位，用 ; 分隔", "is empty; list the member units, separated by ;"};

const Message kRowRefusedNothingImported{"import.row_refused", "{refusal_zh}；未导入任何内容，请改正后重新导入",
                                         "{refusal}; nothing was imported, fix it and run the import again"};
const Message kRowRefusedSomeImported{"import.row_refused_after_some",
                                      "{refusal_zh}；此前的 {written} 行已导入，请改正后重新导入（已导入的行不会重复）",
                                      "{refusal}; the {written} rows before this one were imported, fix it and run the "
                                      "import again (rows already imported are not imported twice)"};

const std::vector<const Message*>& ImportRefusals() {
  static const std::vector<const Message*> all = {
      &kNotUtf8,        &kQuoteNotClosed,   &kTooManyCells,   &kTableEmpty,     &kNotPoints,      &kUnitsHeader,   &kNotAnId,
      &kUnitNameEmpty,  &kSpellingTaken,    &kNotADate,       &kLeftNotAfterSince, &kUnitFieldFixed, &kLeftOnChanged,
      &kSinceChanged,   &kSheetHeader,      &kNotAMethod,     &kNotAPassLine,   &kNotASharedCap, &kGroupsHeader,
      &kGroupNameEmpty, &kGroupTwice,       &kGroupIsAUnit,   &kGroupMembersEmpty, &kRowRefusedNothingImported,
      &kRowRefusedSomeImported};
  return all;
}

}  // namespace safecity::imports
