// The refusals of the log's repair record (日志修复记录), in Chinese and
// English (engine/message.h).
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::store {

extern const Message kRepairsStreamMismatch;  // {stream}
extern const Message kAcceptLossOnly;
extern const Message kLastBeforeFirstLost;
extern const Message kLossAfterEarlierRepair;

const std::vector<const Message*>& RepairRefusals();

}  // namespace safecity::store
