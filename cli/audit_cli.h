// The auditor's commands (审计): checking the log and proving what it holds
// (engine/log_audit.h, engine/checkpoint.h).
//
//   verify [--checkpoint FILE --public-key KEY.pub]   hashes, chains, positions; with a
//                                                     checkpoint, that the log still holds
//                                                     exactly what was signed
//   checkpoint keygen --out KEY                       a signing key (KEY, 0600) and KEY.pub
//   checkpoint --signing-key KEY [--out FILE]         sign the log now, record it, write FILE
//   checkpoint list                                   the checkpoints the log recorded
//   proof EVENT [--checkpoint FILE] [--out FILE]      an inclusion proof of one event
//   proof --check PROOF --public-key KEY.pub          check a proof, without any data
//
// Exit codes: 0 intact / proven, 1 the log differs from what it should hold,
// 2 bad input (a checkpoint that does not verify, an unknown event), 3 storage.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace safecity::cli {

void AddAuditCommands(CLI::App& app, Globals& g, int& rc);

}  // namespace safecity::cli
