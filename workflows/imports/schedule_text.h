// A plan's schedule as it prints it (工作步骤 / 创建步骤 / 时间步骤): the stages of a
// round with the plan's own names and periods, read from the section's text.
// Pure: no store, no clock. The office sends the result as
// campaign.set_schedule (workflows/campaign/campaign.h).
//
// A stage is a numbered line, its name up to the first bracket and its period
// inside it; the paragraphs between stages (their descriptions) and the
// section's lead-in are skipped:
//
//   （二）组织实施阶段（2020年10月-2021年5月）     组织实施, 2020-10-01 .. 2021-05-31
//   （五）国家评议阶段（具体时间行程待定）         国家评议, its end pending
//   （一）前期准备阶段（2019年12月底前）           前期准备, by 2019-12-31
//   （二）自检评估                                a stage made of the steps below it
//   1. 动员部署（3月中旬）。召开自评工作启动会…     a step of 自检评估 (with --year 2023)
//
// （一）/ 一、 numbers a stage, 1. / 1、 / （1） a step of the stage above; a stage
// without a period of its own spans its steps. A trailing 阶段 is dropped from
// names; Word's "[bookmark: …]" marks and Markdown's ** are ignored.
#pragma once

#include <string>
#include <vector>

#include "engine/message.h"
#include "engine/status.h"

namespace safecity::imports {

struct ScheduleStage {
  std::string name;
  std::string starts;        // YYYY-MM-DD, "" when the plan gives no first day
  std::string ends;          // YYYY-MM-DD, "" when pending
  std::string ends_pending;  // the plan's words when its end is not known (具体时间行程待定)
  std::string part_of;       // the stage a step belongs to, "" for a stage
  int line = 0;
};

struct ScheduleText {
  std::vector<ScheduleStage> stages;
  std::vector<Status> errors;  // every one of the text, each naming file:line (stage)
};

// `year` stands for periods written without one (3月中旬); 0 when none is given.
ScheduleText ParseScheduleText(const std::string& file, const std::string& text, int year, Language lang);

}  // namespace safecity::imports
