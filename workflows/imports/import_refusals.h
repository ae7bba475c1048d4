// The imports' refusals (导入的拒绝理由): what is wrong with a row of the
// unit directory (单位名录), a scoring sheet (评价细则) or a groups file, or with
// the table's text itself, in Chinese and English with stable reasons
// (engine/message.h). The field a refusal names is where: file:line:column
// (column name), as a clerk finds it in Excel or WPS. The task breakdown
// table's checks word theirs by language as they list every error
// (imports.h, PlanTaskImport).
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::imports {

// The table's text.
extern const Message kNotUtf8;           // file's field
extern const Message kQuoteNotClosed;
extern const Message kTableEmpty;
extern const Message kTooManyCells;      // {cells} {columns}
extern const Message kNotPoints;         // {text}
// The unit directory.
extern const Message kUnitsHeader;
extern const Message kNotAnId;           // {id}
extern const Message kUnitNameEmpty;
extern const Message kSpellingTaken;     // {spelling} {line}
extern const Message kNotADate;          // {text} {example}
extern const Message kLeftNotAfterSince; // {left} {since}
extern const Message kUnitFieldFixed;    // {unit} {field} {was} {now}
extern const Message kLeftOnChanged;     // {unit} {was} {now}
extern const Message kSinceChanged;      // {unit} {was} {now}
// The scoring sheet.
extern const Message kSheetHeader;
extern const Message kNotAMethod;        // {method}
extern const Message kNotAPassLine;      // {text}
extern const Message kNotASharedCap;     // {text}
// The groups file.
extern const Message kGroupsHeader;
extern const Message kGroupNameEmpty;
extern const Message kGroupTwice;        // {name}
extern const Message kGroupIsAUnit;      // {name}
extern const Message kGroupMembersEmpty;
// A row the engine refused while the import was being written (its intake
// checks passed): {refusal} is the engine's refusal; with {written}, the rows
// before it that were written.
extern const Message kRowRefusedNothingImported;  // {refusal}
extern const Message kRowRefusedSomeImported;     // {refusal} {written}

const std::vector<const Message*>& ImportRefusals();

}  // namespace safecity::imports
