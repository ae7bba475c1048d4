// The scoring sheet's refusals (评价细则的拒绝理由), in Chinese and English,
// with their stable reasons (engine/message.h).
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::scoring {

extern const Message kSheetStreamMismatch;  // {stream}
extern const Message kSheetOfficeOnly;
extern const Message kSheetVersionExists;   // {sheet} {version}

// The items of a scoring sheet (评价细则) as defined or imported (score.h).
extern const Message kItemListedTwice;      // {item}
extern const Message kParentNotAbove;       // {parent} {item}
extern const Message kParentHasNoMethod;    // {item}
extern const Message kChildrenDoNotAddUp;   // {item} {got} {want}
extern const Message kItemNeedsMethod;      // {item}
extern const Message kTopLevelNot100;       // {got}
extern const Message kPassLineOnRatioOnly;  // {item}
extern const Message kCapUnderDeductLeaf;   // {item} {parent}
extern const Message kCapOverLeaf;          // {item} {cap} {worth}
extern const Message kSharedCapOnDeductOnly;  // {item}
extern const Message kSharedCapDiffers;     // {group} {item}

const std::vector<const Message*>& SheetRefusals();

}  // namespace safecity::scoring
