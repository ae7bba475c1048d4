// The scoring sheet's refusals (评价细则的拒绝理由), in Chinese and English,
// with their stable reasons (engine/message.h).
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::scoring {

extern const Message kSheetStreamMismatch;  // {stream}
extern const Message kSheetOfficeOnly;
extern const Message kSheetVersionExists;   // {sheet} {version}

const std::vector<const Message*>& SheetRefusals();

}  // namespace safecity::scoring
