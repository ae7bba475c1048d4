#include "workflows/scoring/sheet_refusals.h"

namespace safecity::scoring {

const Message kSheetStreamMismatch{"sheet.stream_mismatch", "须为 {stream}", "must be {stream}"};
const Message kSheetOfficeOnly{"sheet.office_only", "只有创建办可以定义评价细则；{@as_office}", "only the office defines scoring sheets; {@as_office}"};
const Message kSheetVersionExists{"sheet.version_exists", "评价细则 {sheet} 的 {version} 版已经定义，且不再更改；请定义新的版本",
                                  "scoring sheet {sheet} version {version} is already defined and never changes; define a new version"};

const Message kItemListedTwice{"sheet.item_twice", "条目 {item} 重复列出；每个条目须有自己的编号",
                               "item {item} is listed twice; give each item its own id"};
const Message kParentNotAbove{"sheet.parent_not_above", "“{parent}”不是列在 {item} 之前的条目；请先列上级条目，再列其下级",
                              "'{parent}' is not an item listed above {item}; list a parent before its children"};
const Message kParentHasNoMethod{"sheet.parent_method", "条目 {item} 有下级条目，本身没有评分方法；请留空 method",
                                 "item {item} has sub-items, so it has no method of its own; leave method empty"};
const Message kChildrenDoNotAddUp{"sheet.children_sum", "{item} 的下级条目合计 {got} 分，不是 {want} 分；请使分值相符",
                                  "the items under {item} add up to {got} points, not {want}; make them add up"};
const Message kItemNeedsMethod{"sheet.item_method", "条目 {item} 须有评分方法：deduct（扣分）、ratio（比例）或 judgement（评判）",
                               "item {item} needs a scoring method: deduct, ratio or judgement"};
const Message kTopLevelNot100{"sheet.top_level_sum", "一级条目合计 {got} 分，不是 100 分；请使分值相符",
                              "the first-level items add up to {got} points, not 100; make them add up"};
const Message kPassLineOnRatioOnly{"sheet.pass_line_on_ratio_only", "条目 {item} 不是比例计分（ratio）；达标线只用于比例计分条目",
                                   "item {item} is not a ratio item; a pass line (full_at) is for ratio items only"};

const Message kCapUnderDeductLeaf{"sheet.cap_under_deduct_leaf", "上限条目 {item} 须列在一个扣分条目之下（上级 {parent} 不是扣分条目或不在其上方）",
                                  "cap {item} must sit under a deduct item listed above it ({parent} is none)"};
const Message kCapOverLeaf{"sheet.cap_over_leaf", "上限条目 {item} 为 {cap} 分，多于所属条目的 {worth} 分；请改小",
                           "cap {item} is {cap} points, more than its item's {worth}; make it smaller"};
const Message kSharedCapOnDeductOnly{"sheet.shared_cap_on_deduct_only", "条目 {item} 不是扣分条目；共同上限只用于扣分条目",
                                     "item {item} is not a deduct item; a shared cap is for deduct items only"};
const Message kSharedCapDiffers{"sheet.shared_cap_differs", "共同上限 {group} 在条目 {item} 上的分值与其他条目不同；同一组须写同一分值",
                                "shared cap {group} has another value on item {item}; give the group one value"};

const std::vector<const Message*>& SheetRefusals() {
  static const std::vector<const Message*> all = {&kSheetStreamMismatch, &kSheetOfficeOnly, &kSheetVersionExists, &kItemListedTwice, &kParentNotAbove, &kParentHasNoMethod, &kChildrenDoNotAddUp, &kItemNeedsMethod, &kTopLevelNot100, &kPassLineOnRatioOnly, &kCapUnderDeductLeaf, &kCapOverLeaf, &kSharedCapOnDeductOnly, &kSharedCapDiffers};
  return all;
}

}  // namespace safecity::scoring
