// A round's schedule (工作安排): the plan's stages (阶段) with the plan's own
// names and periods — 前期准备, 动员部署, 组织实施, 自评申报, 考核验收 — which may
// overlap, move, and end 待定. They are the round's calendar as the plan
// prints it, beside the fixed assessment phases (self_check … reporting)
// that drive the round's state machine.
//
// A stage is {name, starts, ends, ends_pending, part_of}: dates YYYY-MM-DD
// (China's calendar days), "" when not given; ends_pending says why the end
// is not known; part_of names the stage a step belongs to (two levels).
// Pure functions over the stages' JSON: the campaign workflow checks and
// folds them, the CLI shows them, the importer dates a task by its stage.
#pragma once

#include <optional>
#include <string>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity::campaign {

// Every stage with all five keys ("" for those not given).
Json NormalizedStages(const Json& stages);

// A schedule the round can take: names unique, each stage ends (a date or
// pending), none ends before it starts, part_of names an earlier stage that
// is no step itself. `field` is where the stages are ("data.stages").
Status CheckSchedule(const Json& stages, const std::string& field);

// The stage named `name` (also written with or without 阶段: 组织实施阶段 is
// 组织实施), or nullopt.
std::optional<Json> FindStage(const Json& schedule, const std::string& name);

// The stages' names, "、"-joined, for errors that list them.
std::string StageNames(const Json& schedule);

// Where a stage stands on `day` (YYYY-MM-DD): "upcoming", "current", "ended",
// or "pending" (begun, its end not known). A stage without a first day is
// current until its end.
std::string StageStatus(const Json& stage, const std::string& day);
const char* StageStatusZh(const std::string& status);

}  // namespace safecity::campaign
