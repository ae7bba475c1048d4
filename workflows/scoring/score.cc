#include "workflows/scoring/score.h"

#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include "workflows/common.h"
#include "workflows/scoring/sheet_refusals.h"

namespace safecity::scoring {

Result<Json> ValidateSheet(const Json& items) {
  Json out = Json::array();
  std::map<std::string, size_t> index;        // id -> position in out
  std::map<std::string, int64_t> child_sum;   // parent -> sum of its children
  std::set<std::string> has_children;
  for (size_t i = 0; i < items.size(); ++i) {
    const Json& it = items[i];
    std::string at = "data.items[" + std::to_string(i) + "]";
    std::string id = it["id"], parent = Str(it, "parent");
    if (index.count(id)) return Status::Refusal(Status::Code::kInvalid, at + ".id", kItemListedTwice, {{"item", id}});
    if (!parent.empty() && !index.count(parent))
      return Status::Refusal(Status::Code::kInvalid, at + ".parent", kParentNotAbove, {{"parent", parent}, {"item", id}});
    const std::string method_here = Str(it, "method");
    if (method_here == "cap") {
      // A cap inside a leaf (2 分扣完为止 for one of its rules): under a deduct
      // leaf listed above it, no more than the leaf's points, not part of the
      // points the leaf's parent adds up.
      const Json* leaf = index.count(parent) ? &out[index[parent]] : nullptr;
      if (!leaf || (*leaf)["method"] != "deduct")
        return Status::Refusal(Status::Code::kInvalid, at + ".parent", kCapUnderDeductLeaf, {{"item", id}, {"parent", parent}});
      if (it["points_x100"].get<int64_t>() > (*leaf)["points_x100"].get<int64_t>())
        return Status::Refusal(Status::Code::kInvalid, at + ".points_x100", kCapOverLeaf,
                               {{"item", id}, {"cap", FormatPoints(it["points_x100"])}, {"worth", FormatPoints((*leaf)["points_x100"])}});
      index[id] = out.size();
      out.push_back(Json{{"id", id}, {"parent", parent}, {"title", it["title"]}, {"points_x100", it["points_x100"]},
                         {"method", "cap"}, {"rule", Str(it, "rule")}});
      continue;
    }
    index[id] = out.size();
    out.push_back(Json{{"id", id},
                       {"parent", parent},
                       {"title", it["title"]},
                       {"points_x100", it["points_x100"]},
                       {"method", Str(it, "method")},
                       {"rule", Str(it, "rule")}});
    if (it.contains("shared_cap")) {
      // One cap several items share (1 分扣完为止 over three sub-items).
      if (Str(it, "method") != "deduct")
        return Status::Refusal(Status::Code::kInvalid, at + ".shared_cap", kSharedCapOnDeductOnly, {{"item", id}});
      out.back()["shared_cap"] = it["shared_cap"];
    }
    if (it.contains("full_at_percent")) {
      if (Str(it, "method") != "ratio")
        return Status::Refusal(Status::Code::kInvalid, at + ".full_at_percent", kPassLineOnRatioOnly, {{"item", id}});
      out.back()["full_at_percent"] = it["full_at_percent"];
    }
    child_sum[parent] += it["points_x100"].get<int64_t>();
    if (!parent.empty()) has_children.insert(parent);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    Json& it = out[i];
    std::string at = "data.items[" + std::to_string(i) + "]";
    std::string id = it["id"], method = it["method"];
    if (has_children.count(id)) {
      if (!method.empty())
        return Status::Refusal(Status::Code::kInvalid, at + ".method", kParentHasNoMethod, {{"item", id}});
      int64_t want = it["points_x100"], got = child_sum[id];
      if (want != got)
        return Status::Refusal(Status::Code::kInvalid, at + ".points_x100", kChildrenDoNotAddUp,
                               {{"item", id}, {"got", FormatPoints(got)}, {"want", FormatPoints(want)}});
    } else if (method != "deduct" && method != "ratio" && method != "judgement" && method != "cap") {
      return Status::Refusal(Status::Code::kInvalid, at + ".method", kItemNeedsMethod, {{"item", id}});
    }
  }
  std::map<std::string, int64_t> group_cap;
  for (size_t i = 0; i < out.size(); ++i) {
    if (!out[i].contains("shared_cap")) continue;
    const std::string g = out[i]["shared_cap"]["group"];
    const int64_t cap = out[i]["shared_cap"]["points_x100"];
    if (group_cap.count(g) && group_cap[g] != cap)
      return Status::Refusal(Status::Code::kInvalid, "data.items[" + std::to_string(i) + "].shared_cap", kSharedCapDiffers,
                             {{"group", g}, {"item", out[i]["id"].get<std::string>()}});
    group_cap[g] = cap;
  }
  if (child_sum[""] != kFullMarksX100)
    return Status::Refusal(Status::Code::kInvalid, "data.items", kTopLevelNot100, {{"got", FormatPoints(child_sum[""])}});
  return out;
}

int64_t RatioAward(const Json& item, int64_t qualified, int64_t sampled) {
  const int64_t points = item["points_x100"];
  if (sampled <= 0) return 0;
  if (!item.contains("full_at_percent")) return points * qualified / sampled;
  const int64_t line = item["full_at_percent"];
  // At or above the line: full points. Below it: in proportion to the line.
  if (qualified * 100 >= line * sampled) return points;
  return points * qualified * 100 / (sampled * line);
}

Json FindItem(const Json& items, const std::string& id) {
  for (const auto& it : items)
    if (it["id"] == id) return it;
  return nullptr;
}

std::string AreaOf(const Json& items, const std::string& id) {
  std::string cur = id;
  for (size_t guard = 0; guard < items.size() + 1; ++guard) {
    Json it = FindItem(items, cur);
    if (it.is_null()) return "";
    std::string parent = it["parent"];
    if (parent.empty()) return cur;
    cur = parent;
  }
  return "";
}

bool ZeroesWholeItem(const Json& items, const Json& finding) {
  if (!finding.value("zero_item", false)) return false;
  const Json item = FindItem(items, finding.value("item", std::string()));
  return item.is_object() && item["method"] != "deduct";
}

namespace {

// The sheet's items by id, and each deduct leaf's own cap rows: built once
// per score, so that scoring a unit walks the sheet once, not once per leaf.
struct SheetIndex {
  std::unordered_map<std::string, const Json*> by_id;
  std::unordered_map<std::string, std::vector<const Json*>> caps;  // leaf id -> its cap rows

  explicit SheetIndex(const Json& items) {
    for (const auto& it : items) {
      by_id.emplace(it["id"].get<std::string>(), &it);  // the first of an id, as FindItem
      if (it["method"] == "cap") caps[it["parent"].get<std::string>()].push_back(&it);
    }
  }
};

// Whether `leaf` or an item above it is zeroed (本项不得分).
bool Zeroed(const SheetIndex& sheet, const Json& leaf, const Json& zeroed) {
  if (!zeroed.is_object() || zeroed.empty()) return false;
  const Json* cur = &leaf;
  for (size_t guard = 0; guard < sheet.by_id.size() + 1 && cur; ++guard) {
    const std::string& id = (*cur)["id"].get_ref<const std::string&>();
    if (zeroed.value(id, int64_t{0}) > 0) return true;
    const std::string& parent = (*cur)["parent"].get_ref<const std::string&>();
    if (parent.empty()) return false;
    auto up = sheet.by_id.find(parent);
    cur = up == sheet.by_id.end() ? nullptr : up->second;
  }
  return false;
}

// What a deduct leaf loses of its points from its raw deductions and those of
// its rules (before any shared cap).
int64_t LeafLoss(const SheetIndex& sheet, const Json& leaf, const Json& deducted, const Json& ruled) {
  const std::string& id = leaf["id"].get_ref<const std::string&>();
  const int64_t points = leaf["points_x100"];
  int64_t raw = deducted.contains(id) ? deducted[id].get<int64_t>() : 0;
  // Each rule with a cap of its own counts up to that cap (扣完为止 inside the leaf).
  auto caps = sheet.caps.find(id);
  if (caps != sheet.caps.end()) {
    for (const Json* cap : caps->second) {
      const std::string& rule = (*cap)["id"].get_ref<const std::string&>();
      const int64_t r = ruled.contains(rule) ? ruled[rule].get<int64_t>() : 0;
      raw -= r - std::min<int64_t>(r, (*cap)["points_x100"].get<int64_t>());
    }
  }
  return std::min<int64_t>(std::max<int64_t>(raw, 0), points);
}

}  // namespace

int64_t DeductedLoss(const Json& items, const Json& deducted, const Json& ruled, const Json& zeroed) {
  const SheetIndex sheet(items);
  int64_t total = 0;
  std::map<std::string, std::pair<int64_t, int64_t>> groups;  // (lost, cap)
  for (const auto& it : items) {
    const std::string& method = it["method"].get_ref<const std::string&>();
    if (method.empty() || method == "cap") continue;  // not a leaf
    if (Zeroed(sheet, it, zeroed)) {
      total += it["points_x100"].get<int64_t>();
      continue;
    }
    if (method != "deduct") continue;
    const int64_t lost = LeafLoss(sheet, it, deducted, ruled);
    if (it.contains("shared_cap")) {
      auto& g = groups[it["shared_cap"]["group"].get<std::string>()];
      g.first += lost;
      g.second = it["shared_cap"]["points_x100"];
    } else {
      total += lost;
    }
  }
  for (const auto& [group, g] : groups) total += std::min(g.first, g.second);
  return total;
}

UnitScore Score(const Json& items, const Json& record) {
  UnitScore s;
  s.score_x100 = 0;
  const Json empty = Json::object();
  const Json& deducted = record.is_object() && record.contains("deducted") ? record["deducted"] : empty;
  const Json& ruled = record.is_object() && record.contains("ruled") ? record["ruled"] : empty;
  const Json& assessed = record.is_object() && record.contains("assessed") ? record["assessed"] : empty;
  const Json& zeroed = record.is_object() && record.contains("zeroed") ? record["zeroed"] : empty;
  const SheetIndex sheet(items);
  std::map<std::string, std::pair<int64_t, int64_t>> groups;  // shared cap: (lost, cap)
  for (const auto& it : items) {
    const std::string& method = it["method"].get_ref<const std::string&>();
    if (method.empty() || method == "cap") continue;  // not a leaf
    const std::string& id = it["id"].get_ref<const std::string&>();
    int64_t points = it["points_x100"];
    if (Zeroed(sheet, it, zeroed)) {  // 本项不得分: nothing of it, past any shared cap
      s.deducted_x100 += points;
    } else if (method == "deduct") {
      int64_t lost = LeafLoss(sheet, it, deducted, ruled);
      s.deducted_x100 += lost;
      s.score_x100 += points - lost;
      if (it.contains("shared_cap")) {
        auto& g = groups[it["shared_cap"]["group"].get<std::string>()];
        g.first += lost;
        g.second = it["shared_cap"]["points_x100"];
      }
    } else if (assessed.contains(id)) {
      int64_t got = assessed[id];
      s.deducted_x100 += points - got;
      s.score_x100 += got;
    } else {
      s.score_x100 += points;
      ++s.pending_items;
    }
  }
  // Items that share one cap lose no more than it together: the rest is given back.
  for (const auto& [group, g] : groups) {
    const int64_t over = std::max<int64_t>(0, g.first - g.second);
    s.deducted_x100 -= over;
    s.score_x100 += over;
  }
  s.findings = record.is_object() ? record.value("findings", 0) : 0;
  s.vetoed = record.is_object() && record.value("vetoes", 0) > 0;
  s.pass = s.score_x100 > kPassLineX100 && !s.vetoed;
  return s;
}

Json ToJson(const UnitScore& s) {
  Json j{{"score_x100", s.score_x100},
         {"deducted_x100", s.deducted_x100},
         {"findings", s.findings},
         {"pending_items", s.pending_items},
         {"pass", s.pass}};
  if (s.vetoed) j["vetoed"] = true;  // only then, so that other scores read as they always have
  return j;
}

}  // namespace safecity::scoring
