#include "workflows/campaign/round_views.h"

#include <algorithm>
#include <cmath>

#include "engine/store.h"
#include "workflows/campaign/campaign_refusals.h"
#include "workflows/common_refusals.h"
#include "workflows/rectification/task_views.h"
#include "workflows/scoring/score.h"
#include "workflows/scoring/scoring_sheet.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::campaign {

namespace {
const std::string kRounds = "camp/";
const std::string kRoundUnits = "cunit/";
const std::string kScores = "cscore/";
const std::string kFindings = "fb/";
}  // namespace

std::string RoundKey(const std::string& round) { return kRounds + round; }
std::string RoundUnitKey(const std::string& round, const std::string& unit) { return kRoundUnits + round + "/" + unit; }
std::string RoundScoreKey(const std::string& round, const std::string& unit) { return kScores + round + "/" + unit; }
std::string FindingKey(const std::string& round, const std::string& unit, int64_t finding) {
  return kFindings + round + "/" + unit + "/" + Store::BigEndian64(static_cast<uint64_t>(finding));
}

Result<Json> ReadRound(ReadModelReader& reader, const std::string& round) {
  auto v = reader.Get(RoundKey(round));
  if (!v.ok()) return v.status();
  Json c = v.value() ? Json::parse(*v.value(), nullptr, false) : Json();
  if (!c.is_object()) return Status::Refusal(Status::Code::kNotFound, "round", kNoSuchRound, {{"round", round}});
  return c;
}

Result<Json> ReadSheetOrRefuse(ReadModelReader& reader, const std::string& ref) {
  Json sheet = scoring::ReadSheet(reader, ref);
  if (!sheet.is_object()) return Status::Refusal(Status::Code::kNotFound, "sheet", kSheetNotFound, {{"sheet", ref}});
  return sheet;
}

Result<std::vector<Json>> SheetSummaries(ReadModelReader& reader) {
  std::vector<Json> rows;
  Status s = scoring::ForEachSheet(reader, [&](const std::string& ref, const Json& sheet) {
    rows.push_back(Json{{"sheet", ref}, {"title", sheet.value("title", "")}, {"items", sheet.value("items", Json::array()).size()}});
    return true;
  });
  if (!s.ok()) return s;
  return rows;
}

std::string RoundTitle(ReadModelReader& reader, const std::string& round) {
  auto c = ReadRound(reader, round);
  return c.ok() ? c.value().value("title", round) : round;
}

Status ForEachRound(ReadModelReader& reader, const std::function<bool(const Json&)>& fn) {
  return reader.ScanJson(kRounds, [&](const std::string&, const Json& c) { return fn(c); });
}

Result<std::vector<std::string>> RoundUnits(ReadModelReader& reader, const std::string& round) {
  const std::string prefix = kRoundUnits + round + "/";
  std::vector<std::string> units;
  Status s = reader.Scan(prefix, [&](const std::string& key, const std::string&) {
    units.push_back(key.substr(prefix.size()));
    return true;
  });
  if (!s.ok()) return s;
  return units;
}

Result<bool> RoundEvaluates(ReadModelReader& reader, const std::string& round, const std::string& unit) {
  auto v = reader.Get(RoundUnitKey(round, unit));
  if (!v.ok()) return v.status();
  return v.value().has_value();
}

Json ReadRoundScore(ReadModelReader& reader, const std::string& round, const std::string& unit) {
  return reader.GetJson(RoundScoreKey(round, unit));
}

Status ForEachFinding(ReadModelReader& reader, const std::string& round, const std::string& unit,
                      const std::function<bool(const Json&)>& fn) {
  std::string prefix = kFindings;
  if (!round.empty()) prefix += round + "/";
  if (!round.empty() && !unit.empty()) prefix += unit + "/";
  return reader.ScanJson(prefix, [&](const std::string&, const Json& f) {
    if (round.empty() && !unit.empty() && f.value("unit", "") != unit) return true;
    return fn(f);
  });
}

Result<FeedbackList> ReadFeedbackList(ReadModelReader& reader, const std::string& round, const std::string& unit) {
  auto c = ReadRound(reader, round);
  if (!c.ok()) return c.status();
  auto evaluated = RoundEvaluates(reader, round, unit);
  if (!evaluated.ok()) return evaluated.status();
  if (!evaluated.value()) return Status::Refusal(Status::Code::kNotFound, "unit", kFeedbackNotEvaluated, {{"unit", unit}, {"round", round}});
  FeedbackList list;
  list.round = round;
  list.unit = unit;
  list.round_title = c.value().value("title", round);
  list.unit_name = units::DisplayName(reader, unit);
  const Json sheet = scoring::ReadSheet(reader, c.value().value("sheet", std::string()));
  const Json items = sheet.is_object() ? sheet.value("items", Json::array()) : Json::array();
  list.capped = items.is_array() && !items.empty();
  // Where a cap took effect (扣完为止): the loss the unit's findings so far
  // cause, every cap applied, before and after each finding.
  Json deducted = Json::object(), ruled = Json::object(), zeroed = Json::object();
  int64_t lost_so_far = 0;
  Status s = ForEachFinding(reader, round, unit, [&](const Json& f) {
    if (f.value("withdrawn", false)) return true;
    FeedbackEntry e;
    e.finding = f.value("finding", int64_t{0});
    e.item = f.value("item", "");
    e.item_title = f.value("item_title", "");
    e.rule = f.value("rule", "");
    e.points_x100 = f.value("points_x100", int64_t{0});
    e.zero_item = f.value("zero_item", false);
    e.veto = f.value("veto", false);
    e.reason = f.value("reason", "");
    e.suggestion = f.value("suggestion", "");
    if (f.contains("sample")) e.sample = f["sample"];
    deducted[e.item] = deducted.value(e.item, int64_t{0}) + e.points_x100;
    if (!e.rule.empty()) ruled[e.rule] = ruled.value(e.rule, int64_t{0}) + e.points_x100;
    if (scoring::ZeroesWholeItem(items, f)) zeroed[e.item] = zeroed.value(e.item, int64_t{0}) + 1;
    const int64_t lost_now = scoring::DeductedLoss(items, deducted, ruled, zeroed);
    e.counted_x100 = std::max<int64_t>(0, lost_now - lost_so_far);
    lost_so_far = lost_now;
    if (f.value("open_task", false)) {
      e.task = round + "-F" + std::to_string(e.finding);
      Json ts = rectification::ReadTaskSummary(reader, e.task);
      if (ts.is_object()) e.task_state = ts.value("state", "");
    }
    list.entries.push_back(std::move(e));
    return true;
  });
  if (!s.ok()) return s;
  return list;
}

Json ToJson(const FeedbackList& list) {
  Json items = Json::array();
  for (const auto& e : list.entries) {
    Json j{{"finding", e.finding},
           {"item", e.item},
           {"item_title", e.item_title},
           {"points", static_cast<double>(e.points_x100) / 100.0},
           {"counted", static_cast<double>(e.counted_x100) / 100.0},
           {"zero_item", e.zero_item},
           {"veto", e.veto},
           {"reason", e.reason},
           {"sample", e.sample},
           {"suggestion", e.suggestion},
           {"task", e.task.empty() ? Json(nullptr) : Json(e.task)},
           {"task_state", e.task_state.empty() ? Json(nullptr) : Json(e.task_state)}};
    if (!e.rule.empty()) j["rule"] = e.rule;
    items.push_back(std::move(j));
  }
  return Json{{"round", list.round},       {"round_title", list.round_title}, {"unit", list.unit},
              {"unit_name", list.unit_name}, {"capped", list.capped},           {"items", std::move(items)}};
}

FeedbackList FeedbackListFromJson(const Json& answer) {
  auto x100 = [](const Json& points) { return points.is_number() ? std::llround(points.get<double>() * 100) : int64_t{0}; };
  auto text = [](const Json& j, const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; };
  FeedbackList list;
  list.round = text(answer, "round");
  list.unit = text(answer, "unit");
  list.round_title = text(answer, "round_title");
  list.unit_name = text(answer, "unit_name");
  list.capped = answer.value("capped", false);
  for (const Json& j : answer.value("items", Json::array())) {
    if (!j.is_object()) continue;
    FeedbackEntry e;
    e.finding = j.value("finding", int64_t{0});
    e.item = text(j, "item");
    e.item_title = text(j, "item_title");
    e.rule = text(j, "rule");
    e.points_x100 = x100(j.value("points", Json()));
    e.counted_x100 = x100(j.value("counted", Json()));
    e.zero_item = j.value("zero_item", false);
    e.veto = j.value("veto", false);
    e.reason = text(j, "reason");
    if (j.contains("sample") && j["sample"].is_object()) e.sample = j["sample"];
    e.suggestion = text(j, "suggestion");
    e.task = text(j, "task");
    e.task_state = text(j, "task_state");
    list.entries.push_back(std::move(e));
  }
  return list;
}

}  // namespace safecity::campaign
