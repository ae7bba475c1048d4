// The checkpoint log's (检查点) refusals, in Chinese and English
// (engine/message.h): an operator signing a checkpoint reads these.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::checkpoint {

extern const Message kCheckpointOfficeOrServer;
extern const Message kCheckpointOtherOrigin;  // {origin}: the checkpoint's; {stream_origin}: this stream's
extern const Message kCheckpointOnlyGrows;    // {tree_size}: the last one recorded

const std::vector<const Message*>& CheckpointRefusals();

}  // namespace safecity::checkpoint
