// Repair: `safecity repair --accept-loss`, the way out when the store
// refuses to open a damaged log (store.h). It keeps every whole group of the
// log before the damage, puts the loss on the record, and leaves a store that
// opens, verifies and matches its read models:
//
//  1. A missing CURRENT is pointed back at the newest MANIFEST; that alone
//     loses nothing.
//  2. If the log still does not open whole, copies of its write-ahead log
//     files are kept in <dir>/lost-from-<first lost position>/, and the store
//     is opened up to the first damage (RocksDB point-in-time recovery):
//     every group written before it is kept whole, nothing after it. The
//     store gets a new identity (GET /v1/log's log_id), so that replicas of
//     the old log read the new one from its start.
//  3. The read models and aggregates are rebuilt from what was kept.
//  4. The loss is recorded as the event LogLossAccepted on stream
//     store-repairs (log_repairs.h); it takes the first lost
//     position. The last position known to have existed is the highest one
//     still readable after the damage, or the length the log had at its last
//     clean close, whichever is higher (0 when neither shows it).
//  5. Every hash chain is verified.
// A store that opens whole is left exactly as it is.
#pragma once

#include <cstdint>
#include <string>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity::store {

struct RepairOptions {
  std::string dir;
  int64_t at_ms = 0;          // the repair's time, for the event
  std::string operator_name;  // who runs it (the login), for the event
  int lock_wait_ms = 0;
};

struct RepairReport {
  bool repaired = false;  // false: the store opened whole; nothing was changed
  std::string damage;     // what kept it from opening, in RocksDB's words
  bool current_restored = false;
  bool loss = false;          // the log was cut at its damage
  int64_t last_kept = 0;      // the last position kept
  int64_t first_lost = 0;     // when loss: last_kept + 1, now the LogLossAccepted event
  int64_t last_known = 0;     // when loss: the highest position known to have existed, 0 unknown
  std::string kept;           // when loss: where copies of the damaged logs are
  int64_t events = 0;         // in the log afterwards
  int64_t streams = 0;
  bool intact = true;         // every chain verified afterwards
  std::string first_broken;
};

Result<RepairReport> RepairStore(const RepairOptions& options);

}  // namespace safecity::store
