// The inspection round's refusals (评估轮次的拒绝理由), in Chinese and English,
// with their stable reasons (engine/message.h). The office and the inspectors
// score by CLI and by the API alike, so each is said with either edge's advice.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::campaign {

extern const Message kPeriodStartNotADate;    // {value}
extern const Message kPeriodEndNotADate;      // {value}
extern const Message kPeriodEndsBeforeStart;  // {from} {to}
extern const Message kRoundExists;            // {round}
extern const Message kStreamNotRound;         // {round}
extern const Message kRoundOfficeOnly;        // {command}
extern const Message kRoundScorersOnly;       // {command}
extern const Message kPhasesOutOfOrder;       // {phase} {ends} {previous} {previous_ends}
extern const Message kLadderOutOfOrder;
extern const Message kLadderSooner;
extern const Message kSheetNoVersion;         // {sheet}
extern const Message kSheetNotFound;          // {sheet}
extern const Message kNoSuchFinding;          // {round} {finding}
extern const Message kFindingWithdrawn;       // {round} {finding}
extern const Message kUnitNotEvaluated;       // {unit} {round} {units}
extern const Message kItemNotScored;          // {item} {sheet}
extern const Message kItemNotDeduction;       // {item} {method}
extern const Message kDeductTooMuch;          // {points} {item} {worth}
extern const Message kRectificationEnded;     // {ended}
extern const Message kRatioNeedsCounts;       // {item}
extern const Message kQualifiedOverSampled;   // {qualified} {sampled}
extern const Message kJudgementNeedsPoints;   // {item}
extern const Message kAwardTooMuch;           // {points} {item} {worth}
extern const Message kItemIsDeduction;        // {item}
extern const Message kStageNotADay;           // {stage} {value}
extern const Message kStageEndMissing;        // {stage}
extern const Message kStageEndsBeforeStart;   // {stage} {starts} {ends}
extern const Message kStageNamedTwice;        // {stage}
extern const Message kStagePartOfUnknown;     // {stage} {part_of}
extern const Message kNoSuchStage;            // {stage} {round} {stages}
extern const Message kDeductNothing;          // {item}
extern const Message kFoundOverChecked;       // {found} {checked}
extern const Message kFeedbackNeedsUnit;
extern const Message kFeedbackOwnOnly;        // {unit}
extern const Message kFeedbackNotEvaluated;   // {unit} {round}
extern const Message kFeedbackForbidden;      // {role}

const std::vector<const Message*>& CampaignRefusals();

}  // namespace safecity::campaign
