// LogRepairsWorkflow: the record of losses the operator accepted when the
// write-ahead log was damaged (日志损坏修复记录). Stream "store-repairs", one
// hash chain of every repair, so that a loss of acknowledged events is on the
// record it left a hole in, never silent.
//
// Command: store.accept_loss (role "system" only: `safecity repair
// --accept-loss` writes it, after it has opened the log up to its damage).
// Event: LogLossAccepted {first_lost_position, last_known_position?, damage,
//                         kept?, operator?}: positions from first_lost_position
// on were lost (up to last_known_position when something still shows how far
// the log went); the repair event itself takes first_lost_position.
// State: every loss accepted, in order. A later loss starts after the
// earlier one's repair event; a last known position before the first lost
// one is refused.
// Read models: repairs/<first lost position, 12 digits> -> the event's data plus "at".
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::store {

constexpr const char* kRepairsStream = "store-repairs";
std::unique_ptr<Workflow> MakeLogRepairsWorkflow();

}  // namespace safecity::store
