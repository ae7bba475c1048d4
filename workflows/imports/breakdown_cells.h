// The free-text cells of a task breakdown table (任务分解表) as the campaign
// documents write them, read into something the engine can act on. Pure
// functions: no store, no clock; the importer (imports.h) supplies what is known.
//
// 完成时限 (deadline) cells -> the last day the cell allows, "YYYY-MM-DD":
//   2019年6月 / 2019年6月底 / 2019-06      -> 2019-06-30   (end of the month)
//   2020年10月15日前 / 2020-10-15           -> 2020-10-15
//   2020年底前 / 2020年年底 / 2020年        -> 2020-12-31
//   2020年上半年 -> 06-30, 2020年第三季度 -> 09-30
//   2020年10月-2021年7月, 2020年3月至6月    -> the end of the range
//   blank, 长期, 持续, 常态化, 规划水平年     -> open: no date in the cell
//   按照国家确定时间实施, 时间待定, 另行通知   -> pending: a date to be set later
// (In std::regex a multi-byte character takes `?` only as a group: (?:年)?.)
// Full-width digits are read as digits; a trailing 前/以前/之前 is dropped.
//
// 牵头单位 / 配合单位 (responsibility) cells -> unit or group names with a role:
//   "区安委办牵头；区安委会成员单位配合"      -> 区安委办 (lead), 区安委会成员单位 (cooperating)
//   "区相关部门及各街道（园区）等单位"        -> 区相关部门, 各街道（园区）
//   "区民政局、…、运管拱墅管理处等各专项规划编制单位" -> each unit, then the group
// Clauses split on ；; and ，,; a clause ending in 牵头/负责/主责 names leads,
// one ending in 配合/协助/参与/协办 names cooperating units; an unmarked clause
// takes the role of the next marked one, else the column's role. Names split
// on 、; "等单位", "等有关单位" and the like are dropped; a name not known as
// a whole is split on 等 and 及, and a trailing （…） note is dropped.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/status.h"

namespace safecity::imports {

struct DeadlineCell {
  bool open = false;    // no date in the cell (blank, 长期, …)
  std::string date;     // YYYY-MM-DD when not open and not pending
  std::string pending;  // the cell's words when it says the date comes later (完成时限待定)
};
// The error names what is wrong and how to write it; the caller adds line and column.
Result<DeadlineCell> ParseDeadlineCell(const std::string& text);

struct ResponsibleRef {
  std::string name;  // as `known` accepts it, or the unmatched piece of text
  bool lead = false;
  bool matched = false;
};
// `known(name)`: a unit id, name or alias, or a group name.
std::vector<ResponsibleRef> SplitResponsibility(const std::string& cell, bool lead_column,
                                                const std::function<bool(const std::string&)>& known);

// Work-point and item numbers: "3" -> 3, "（一）" or "三" -> 3, "十二" -> 12; 0 if none.
int ParseOrdinal(const std::string& text);
// A task item's own number at the start of its text — "（2）", "(2)", "2.", "2、" —
// and the text without it. number is 0 when the text has none.
struct NumberedText {
  int number = 0;
  std::string text;
};
NumberedText SplitLeadingNumber(const std::string& text);

}  // namespace safecity::imports
