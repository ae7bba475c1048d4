#include "workflows/campaign/schedule.h"

#include "engine/time_util.h"
#include "workflows/campaign/campaign_refusals.h"

namespace safecity::campaign {

namespace {

bool IsDay(const std::string& s) { return s.size() == 10 && ParseIsoMs(s + "T00:00:00Z").has_value(); }

std::string WithoutStageWord(const std::string& name) {
  static const std::string kStage = "阶段";
  if (name.size() > kStage.size() && name.compare(name.size() - kStage.size(), kStage.size(), kStage) == 0)
    return name.substr(0, name.size() - kStage.size());
  return name;
}

}  // namespace

Json NormalizedStages(const Json& stages) {
  Json out = Json::array();
  for (const auto& s : stages)
    out.push_back(Json{{"name", s.value("name", "")},
                       {"starts", s.value("starts", "")},
                       {"ends", s.value("ends", "")},
                       {"ends_pending", s.value("ends_pending", "")},
                       {"part_of", s.value("part_of", "")}});
  return out;
}

Status CheckSchedule(const Json& stages, const std::string& field) {
  for (size_t i = 0; i < stages.size(); ++i) {
    const Json& s = stages[i];
    const std::string at = field + "[" + std::to_string(i) + "]";
    const std::string name = s["name"], starts = s["starts"], ends = s["ends"], pending = s["ends_pending"];
    for (const char* key : {"starts", "ends"}) {
      const std::string v = s[key];
      if (!v.empty() && !IsDay(v))
        return Status::Refusal(Status::Code::kInvalid, at + "." + key, kStageNotADay, {{"stage", name}, {"value", v}});
    }
    if (ends.empty() == pending.empty())
      return Status::Refusal(Status::Code::kInvalid, at + ".ends", kStageEndMissing, {{"stage", name}});
    if (!starts.empty() && !ends.empty() && ends < starts)
      return Status::Refusal(Status::Code::kInvalid, at + ".ends", kStageEndsBeforeStart,
                             {{"stage", name}, {"starts", starts}, {"ends", ends}});
    for (size_t j = 0; j < i; ++j) {
      if (WithoutStageWord(stages[j]["name"]) == WithoutStageWord(name))
        return Status::Refusal(Status::Code::kInvalid, at + ".name", kStageNamedTwice, {{"stage", name}});
    }
    const std::string part_of = s["part_of"];
    if (part_of.empty()) continue;
    bool found = false;
    for (size_t j = 0; j < i && !found; ++j) found = stages[j]["name"] == part_of && stages[j]["part_of"] == "";
    if (!found)
      return Status::Refusal(Status::Code::kInvalid, at + ".part_of", kStagePartOfUnknown, {{"stage", name}, {"part_of", part_of}});
  }
  return Status::Ok();
}

std::optional<Json> FindStage(const Json& schedule, const std::string& name) {
  if (!schedule.is_array()) return std::nullopt;
  for (const auto& s : schedule)
    if (s.value("name", "") == name) return s;
  for (const auto& s : schedule)
    if (WithoutStageWord(s.value("name", "")) == WithoutStageWord(name)) return s;
  return std::nullopt;
}

std::string StageNames(const Json& schedule) {
  std::string out;
  if (schedule.is_array())
    for (const auto& s : schedule) out += (out.empty() ? "" : "、") + s.value("name", "");
  return out;
}

std::string StageStatus(const Json& stage, const std::string& day) {
  const std::string starts = stage.value("starts", ""), ends = stage.value("ends", "");
  if (!starts.empty() && day < starts) return "upcoming";
  if (ends.empty()) return "pending";
  return day <= ends ? "current" : "ended";
}

const char* StageStatusZh(const std::string& status) {
  if (status == "upcoming") return "未开始";
  if (status == "current") return "进行中";
  if (status == "ended") return "已结束";
  return "时间待定";
}

}  // namespace safecity::campaign
