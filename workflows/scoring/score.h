// ScoringSheet (评价细则) arithmetic: validating a sheet and scoring a unit.
//
// A sheet is a flat list of items, parents before children:
//   {"id":"1.2","parent":"1","title":...,"points_x100":250,"method":"deduct","rule":...}
// Points are hundredths (2.5 points = 250). First-level items sum to 100
// points; an item's children sum to its points. Leaves carry a method:
//   deduct     points minus the deductions of its findings, never below zero (扣完为止)
//   ratio      qualified / sampled × points, rounded down to a hundredth; with a
//              pass line (full_at_percent, 达标线: "达到 95%及以上"), full points at
//              or above the line, below it points × (share ÷ line)
//   judgement  the points an evaluator awards, 0..points
// A deduct leaf may hold caps of its own rules (method "cap" rows under it:
// 每发现一处扣 0.1 分，2 分扣完为止), and leaves may share one cap (shared_cap
// {group, points_x100}: 1 分扣完为止 over several sub-items); a finding that
// names a cap row counts against the rule and its leaf.
// An item printed with parts — deductions and judgements in one item (应急预案:
// 每缺失一项扣 0.2 分，1 分扣完为止；专家审查综合判定，最高得 2 分) — is the item
// with a leaf per part. A finding of 本项不得分 may name any scored item: a
// leaf of any method, or an item with parts, whose every leaf then scores
// nothing, assessed or not ("zeroed" in the unit's record).
// Items not yet assessed (ratio, judgement) count in full and are reported
// as pending. The pass line is strictly above 90 points.
#pragma once

#include <cstdint>
#include <string>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity::scoring {

constexpr int64_t kFullMarksX100 = 10000;
constexpr int64_t kPassLineX100 = 9000;  // pass: score > 90

// Checks `items` (a command's data.items) and returns them normalised (every
// field present, methods of non-leaves ""). Errors name data.items[i].<field>.
Result<Json> ValidateSheet(const Json& items);

// The points (x100) a ratio item awards for `qualified` of `sampled`.
int64_t RatioAward(const Json& item, int64_t qualified, int64_t sampled);

// The leaf item `id` of a sheet's items, or null.
Json FindItem(const Json& items, const std::string& id);
// The first-level ancestor of `id` ("1" for "1.2.3"), or "" if unknown.
std::string AreaOf(const Json& items, const std::string& id);

// A unit's record in a round: {"deducted":{item:x100}, "assessed":{item:x100}, "findings":n,
// "ruled":{cap row:x100} for findings under a leaf's own cap, "vetoes":n when a veto finding
// (一票否决) stands, "zeroed":{item:n} for 本项不得分 findings on items that are not deduct
// leaves (a deduct leaf's is its whole points in "deducted")}.
struct UnitScore {
  int64_t score_x100 = kFullMarksX100;
  int64_t deducted_x100 = 0;  // points actually lost (after capping)
  int64_t findings = 0;       // active findings
  int64_t pending_items = 0;  // ratio/judgement items not yet assessed
  bool vetoed = false;        // 一票否决: a veto finding stands; the unit fails whatever its points
  bool pass = true;
};
// Linear in the sheet's items.
UnitScore Score(const Json& items, const Json& unit_record);
// The points all deduct items lose together, every cap applied, and every
// leaf under a zeroed item whole: a feedback list compares it before and after
// a finding to say where a cap took effect.
int64_t DeductedLoss(const Json& items, const Json& deducted, const Json& ruled, const Json& zeroed = Json::object());
// Whether a finding (its "item" and "zero_item") is a 本项不得分 of more than
// a deduct leaf: of a judgement or ratio leaf, or of an item with parts. A
// unit's record counts these as "zeroed"; a deduct leaf's is its whole points
// deducted, as it always was.
bool ZeroesWholeItem(const Json& items, const Json& finding);
Json ToJson(const UnitScore& s);

}  // namespace safecity::scoring
