#include "workflows/campaign/campaign_refusals.h"

namespace safecity::campaign {

const Message kRoundExists{"round.exists", "评估轮次 {round} 已存在；请换一个编号", "round {round} already exists; choose another id"};
const Message kStreamNotRound{"round.stream_mismatch", "须为 campaign-{round}", "must be campaign-{round}"};
const Message kRoundOfficeOnly{"round.office_only", "只有创建办可以对评估轮次办理 {command}；{@as_office}",
                               "only the office may {command} a round; {@as_office}"};
const Message kRoundScorersOnly{"round.scorers_only", "只有创建办或检查人员可以对评估轮次办理 {command}；{@as_scorer}",
                                "only the office or an inspector may {command} a round; {@as_scorer}"};
const Message kPhasesOutOfOrder{
    "round.phases_out_of_order",
    "{phase} 截止于 {ends}，早于 {previous} 的截止时间（{previous_ends}）；各阶段依次为 self_check（自查）、system_check（系统检查）、"
    "spot_check（抽查）、rectification（整改）、reporting（报告）",
    "{phase} ends {ends}, before {previous} ends ({previous_ends}); phases run in order self_check, system_check, spot_check, "
    "rectification, reporting"};
const Message kLadderOutOfOrder{"round.escalation_out_of_order",
                                "升级级别须依次为 reminder（提醒）、warning（警示）、interview（约谈）、accountability（问责），各一次",
                                "levels climb in order reminder, warning, interview, accountability, each once"};
const Message kLadderSooner{"round.escalation_sooner", "更高的级别不能比更低的级别来得更早",
                            "a higher level cannot come sooner than a lower one"};
const Message kSheetNoVersion{"round.sheet_no_version", "“{sheet}”未写版本；请写成 评价细则@版本，例如 xian-2023@2023",
                              "'{sheet}' names no version; write SHEET@VERSION, e.g. xian-2023@2023"};
const Message kSheetNotFound{"sheet.not_found", "没有评价细则“{sheet}”；{@sheet_import}", "no scoring sheet '{sheet}'; {@sheet_import}"};
const Message kNoSuchFinding{"round.no_such_finding", "评估轮次 {round} 没有第 {finding} 条扣分项；{@feedback_list}",
                             "round {round} has no finding {finding}; {@feedback_list}"};
const Message kFindingWithdrawn{"round.finding_withdrawn", "评估轮次 {round} 的第 {finding} 条扣分项已经撤销",
                                "finding {finding} of round {round} is already withdrawn"};
const Message kUnitNotEvaluated{"round.unit_not_evaluated", "单位 {unit} 不在评估轮次 {round} 的评估范围内；只对其 {units} 个单位评分",
                                "unit {unit} is not evaluated in round {round}; score only its {units} units"};
const Message kItemNotScored{"round.item_not_scored", "“{item}”不是评价细则 {sheet} 的计分项；{@sheet_show}",
                             "'{item}' is not a scored item of sheet {sheet}; {@sheet_show}"};
const Message kItemNotDeduction{"round.item_not_deduction", "条目 {item} 的计分方式为 {method}，不是扣分；{@use_assess}，本项不得分则标明 zero_item",
                                "item {item} is scored by {method}, not by deduction; {@use_assess}, or mark it 本项不得分 (zero_item)"};
const Message kDeductTooMuch{"round.deduct_too_much", "扣 {points} 分，但条目 {item} 只有 {worth} 分；最多扣 {worth} 分",
                             "deducts {points} points but item {item} is worth {worth}; deduct at most {worth}"};
const Message kRectificationEnded{"round.rectification_ended", "整改阶段已于 {ended} 结束；{@reschedule}",
                                  "the rectification phase ended {ended}; {@reschedule}"};
const Message kRatioNeedsCounts{"round.ratio_needs_counts", "条目 {item} 按比例计分；{@give_ratio}", "item {item} is a ratio; {@give_ratio}"};
const Message kQualifiedOverSampled{"round.qualified_over_sampled", "抽查 {sampled} 个、合格 {qualified} 个；合格数不能超过抽查数",
                                    "{qualified} qualified out of {sampled} sampled; qualified cannot exceed sampled"};
const Message kJudgementNeedsPoints{"round.judgement_needs_points", "条目 {item} 按评判计分；{@give_points}",
                                    "item {item} is scored by judgement; {@give_points}"};
const Message kAwardTooMuch{"round.award_too_much", "给 {points} 分，但条目 {item} 只有 {worth} 分；最多给 {worth} 分",
                            "awards {points} points but item {item} is worth {worth}; award at most {worth}"};
const Message kItemIsDeduction{"round.item_is_deduction", "条目 {item} 按扣分计分；{@use_deduct}",
                               "item {item} is scored by deduction; {@use_deduct}"};
const Message kStageNotADay{"round.stage_not_a_day", "阶段“{stage}”的日期“{value}”不是日期；写作 2020-10-01",
                            "stage '{stage}': '{value}' is not a day; write 2020-10-01"};
const Message kStageEndMissing{"round.stage_end_missing", "阶段“{stage}”须有结束日期，或写明待定的原因（二者取一）",
                               "stage '{stage}' needs an end date or the reason it is pending (one of the two)"};
const Message kStageEndsBeforeStart{"round.stage_ends_before_start", "阶段“{stage}”结束于 {ends}，早于开始 {starts}；请改正日期",
                                    "stage '{stage}' ends {ends}, before it starts ({starts}); correct the dates"};
const Message kStageNamedTwice{"round.stage_named_twice", "阶段“{stage}”重名；每个阶段的名称须不同",
                               "stage '{stage}' is named twice; give each stage its own name"};
const Message kStagePartOfUnknown{"round.stage_part_of_unknown", "阶段“{stage}”所属的“{part_of}”不是排在它之前的阶段",
                                  "stage '{stage}' is part of '{part_of}', which is no stage listed before it"};
const Message kNoSuchStage{"round.no_such_stage", "评估轮次 {round} 没有阶段“{stage}”；它的阶段有：{stages}",
                           "round {round} has no stage '{stage}'; its stages are: {stages}"};
const Message kDeductNothing{"round.deduct_nothing", "没有给出扣分（条目 {item}）；写明扣几分，或标明本项不得分（zero_item）、一票否决（veto）",
                             "no points deducted (item {item}); give the points, or mark it 本项不得分 (zero_item) or 一票否决 (veto)"};
const Message kFoundOverChecked{"round.found_over_checked", "发现 {found} 处，多于抽查的 {checked} 处；请改正抽查数",
                                "{found} found is more than the {checked} checked; correct the sample"};
const Message kPeriodStartNotADate{"report.period_start_not_a_date", "“{value}”不是日期；期初写作 2023-01-01",
                                   "'{value}' is not a date; write the period's first day as 2023-01-01"};
const Message kPeriodEndNotADate{"report.period_end_not_a_date", "“{value}”不是日期；期末（含当天）写作 2023-03-31",
                                 "'{value}' is not a date; write the period's last day (inclusive) as 2023-03-31"};
const Message kPeriodEndsBeforeStart{"report.period_ends_before_start", "期末 {to} 早于期初 {from}；请对调",
                                     "the period ends ({to}) before it starts ({from}); swap them"};

const Message kFeedbackNeedsUnit{"round.feedback_needs_unit", "问题反馈清单是一个单位的；请给出单位编号 unit",
                                 "a feedback list is one unit's; give the unit's id as unit"};
const Message kFeedbackOwnOnly{"round.feedback_own_only", "单位 {unit} 只能查看本单位的问题反馈清单；请给出 unit={unit} 或不给 unit",
                               "unit {unit} reads its own feedback list only; give unit={unit} or leave unit out"};
const Message kFeedbackNotEvaluated{"round.feedback_not_evaluated", "单位 {unit} 不在评估轮次 {round} 的评估范围内；请核对单位编号",
                                    "unit {unit} is not evaluated in round {round}; check the unit's id"};
const Message kFeedbackForbidden{"round.feedback_forbidden", "问题反馈清单供创建办、检查人员、审计人员和被评估单位查看，{role} 不能查看",
                                 "a feedback list is for the office, inspectors, auditors and the unit evaluated, not for a {role}"};

const std::vector<const Message*>& CampaignRefusals() {
  static const std::vector<const Message*> all = {
      &kRoundExists,     &kStreamNotRound,       &kRoundOfficeOnly,      &kRoundScorersOnly, &kPhasesOutOfOrder,
      &kLadderOutOfOrder, &kLadderSooner,        &kSheetNoVersion,       &kSheetNotFound,    &kNoSuchFinding,
      &kFindingWithdrawn, &kUnitNotEvaluated,    &kItemNotScored,        &kItemNotDeduction, &kDeductTooMuch,
      &kRectificationEnded, &kRatioNeedsCounts,  &kQualifiedOverSampled, &kJudgementNeedsPoints, &kAwardTooMuch,
      &kItemIsDeduction, &kStageNotADay,     &kStageEndMissing,      &kStageEndsBeforeStart, &kStageNamedTwice,
      &kStagePartOfUnknown, &kNoSuchStage,   &kDeductNothing,        &kFoundOverChecked, &kPeriodStartNotADate,
      &kPeriodEndNotADate, &kPeriodEndsBeforeStart, &kFeedbackNeedsUnit, &kFeedbackOwnOnly, &kFeedbackNotEvaluated,
      &kFeedbackForbidden};
  return all;
}

}  // namespace safecity::campaign
