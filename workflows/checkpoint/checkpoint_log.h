// CheckpointLogWorkflow: the record of the signed checkpoints (签名检查点) made
// of this log (engine/checkpoint.h). One stream per log, "checkpoints-<log
// id>", so that the checkpoints a server published are themselves on the
// record, hash-chained, and an auditor can list them.
//
//   checkpoint.record   office, system -> CheckpointSigned {the signed tree head}
//     refused when the head is not well formed, is of another log (its origin
//     is not the stream's log), or is older than the last one recorded
//     (checkpoints only grow; one of the same size is "already recorded").
//
// Recording does not make a checkpoint trustworthy; its signature does, and
// the copy published outside the server. The record lets `verify` check the
// log against every checkpoint it ever signed and say where a difference lies.
//
// Read models: checkpoint/<log id>/<tree size, 20 digits> -> the head (JSON)
#pragma once

#include <memory>
#include <string>

#include "engine/workflow.h"

namespace safecity::checkpoint {

std::unique_ptr<Workflow> MakeCheckpointLogWorkflow();

// Read-model prefix of the checkpoints of a log, in order of size.
std::string CheckpointKeyPrefix(const std::string& log_id);

}  // namespace safecity::checkpoint
