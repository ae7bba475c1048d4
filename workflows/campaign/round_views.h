// Round views (评估轮次读模型): the read models the inspection round keeps,
// their keys, and the reads the CLI, the HTTP API, the reports and the other
// workflows share. No file outside this folder spells these keys.
//
//   camp/<round>                        the round's summary: campaign_id,
//                                       title, year, state, sheet (id@version),
//                                       phases, escalation, units (a count),
//                                       findings (not withdrawn), schedule
//   cunit/<round>/<unit>                a unit the round evaluates -> ""
//   cscore/<round>/<unit>               the unit's score in the round now
//                                       (scoring::ToJson of its UnitScore)
//   fb/<round>/<unit>/<BE64 finding>    a finding as recorded, withdrawn or not
//                                       (问题反馈清单)
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::campaign {

std::string RoundKey(const std::string& round);
std::string RoundUnitKey(const std::string& round, const std::string& unit);
std::string RoundScoreKey(const std::string& round, const std::string& unit);
std::string FindingKey(const std::string& round, const std::string& unit, int64_t finding);

// The round's summary; kNotFound (round.not_found, each edge words its
// advice) when there is no such round.
Result<Json> ReadRound(ReadModelReader& reader, const std::string& round);
// The round's title (名称), or its id when there is no such round.
std::string RoundTitle(ReadModelReader& reader, const std::string& round);
// Every round's summary, in id order.
Status ForEachRound(ReadModelReader& reader, const std::function<bool(const Json& summary)>& fn);
// The units the round evaluates, in id order.
Result<std::vector<std::string>> RoundUnits(ReadModelReader& reader, const std::string& round);
// Whether the round evaluates `unit` (false for a round that does not exist).
Result<bool> RoundEvaluates(ReadModelReader& reader, const std::string& round, const std::string& unit);
// A scoring sheet version by its reference "<sheet_id>@<version>";
// kNotFound (sheet.not_found, field "sheet") when there is none.
Result<Json> ReadSheetOrRefuse(ReadModelReader& reader, const std::string& ref);
// The sheet list's rows, in reference order: {sheet, title, items (a count)}.
Result<std::vector<Json>> SheetSummaries(ReadModelReader& reader);
// The unit's score in the round (null before the round scores it).
Json ReadRoundScore(ReadModelReader& reader, const std::string& round, const std::string& unit);
// The findings as recorded, withdrawn ones too, by round (all rounds when
// `round` is empty) and within it by unit (all when `unit` is empty), in
// finding order within a unit.
Status ForEachFinding(ReadModelReader& reader, const std::string& round, const std::string& unit,
                      const std::function<bool(const Json& finding)>& fn);

// One line of a unit's feedback list (问题反馈清单).
struct FeedbackEntry {
  int64_t finding = 0;        // 序号: the finding's number in the round
  std::string item;           // 评价项目: the sheet item it deducts from
  std::string item_title;
  std::string rule;           // the deduction rule (扣分规则) named, or ""
  int64_t points_x100 = 0;    // 扣分 as recorded
  int64_t counted_x100 = 0;   // 计入: what it costs once every cap applies (扣完为止)
  bool zero_item = false;     // 本项不得分
  bool veto = false;          // 一票否决
  std::string reason;         // 问题
  Json sample;                // 抽查 {checked, found, of}, or null
  std::string suggestion;     // 整改建议
  std::string task;           // 整改任务 the finding opened, or ""
  std::string task_state;     // that task's state now, or ""
};

struct FeedbackList {
  std::string round;
  std::string unit;
  std::string round_title;  // for the document's title (the round id when it has none)
  std::string unit_name;    // the unit's name (its id when unknown)
  bool capped = false;  // the round's sheet has items, so counted_x100 says where caps took effect
  std::vector<FeedbackEntry> entries;  // withdrawn findings left out, in finding order
};

// A unit's feedback list in a round: kNotFound naming "round" when there is
// no such round, naming "unit" when the round does not evaluate the unit.
Result<FeedbackList> ReadFeedbackList(ReadModelReader& reader, const std::string& round, const std::string& unit);

// The answer of GET /v1/rounds/{id}/feedback?unit=
Json ToJson(const FeedbackList& list);
// The list back from that answer (a client of the server prints it as a
// local store's).
FeedbackList FeedbackListFromJson(const Json& answer);

}  // namespace safecity::campaign
