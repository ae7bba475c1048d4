// The embedded store's refusals of a write (存储写入), in Chinese and English
// (engine/message.h): a full disk, a write RocksDB refused, and a store
// opened here for reading only. Each says that nothing of the write was kept
// and what brings writes back.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity {

extern const Message kDiskFull;       // {dir}
extern const Message kDiskFullAtOpen; // {dir}
extern const Message kWriteFailed;    // {dir} {detail}: RocksDB's words
extern const Message kStoreReadOnly;  // {dir}

const std::vector<const Message*>& StoreRefusals();

}  // namespace safecity
