// The embedded store's refusals (存储), in Chinese and English
// (engine/message.h): a full disk, a write RocksDB refused, a store opened
// here for reading only, a damaged store, a directory without data, and one
// that another process holds. Each says what was (not) kept and the way out.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity {

extern const Message kDiskFull;       // {dir}
extern const Message kDiskFullAtOpen; // {dir}
extern const Message kWriteFailed;    // {dir} {detail}: RocksDB's words
extern const Message kStoreReadOnly;  // {dir}
extern const Message kStoreDamaged;   // {dir} {what}: RocksDB's words, or what is missing
extern const Message kNoData;         // {dir}
extern const Message kStoreInUse;     // {dir} {pid} {seconds}
extern const Message kStoreInUseBy;   // {dir} {seconds}: the holder's pid unknown
extern const Message kRefusedReactionUnreadable;  // {id}

// What a write may be refused with, in every edge (registered: AllMessages).
const std::vector<const Message*>& StoreRefusals();
// What opening a store, or reading what only the CLI shows, may be refused
// with: the CLI's and the operator's (they name commands and flags), never
// sent to an API client.
const std::vector<const Message*>& StoreOpenRefusals();

}  // namespace safecity
