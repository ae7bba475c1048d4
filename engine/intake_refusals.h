// The engine's own refusals of a command (命令的受理检查), in Chinese and
// English (engine/message.h): what intake checks before any workflow sees a
// command (its text, id, actor, type and stream), what its schema refuses,
// and an id reused for another command. The workflows' refusals are theirs.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity {

extern const Message kNotUtf8;
extern const Message kCommandIdLength;
extern const Message kNotARole;              // {role}
extern const Message kNoActor;
extern const Message kNoWorkflow;            // {type}
extern const Message kStreamOfCommand;       // {type} {kind}
extern const Message kTooLong;               // {chars} {max} {schema}
extern const Message kTooManyItems;          // {items} {max} {schema}
extern const Message kSchemaMismatch;        // {detail}: the validator's words (English) {schema}
extern const Message kUnknownCommandType;    // {type}
extern const Message kCommandIdReused;       // {id}
extern const Message kCommandNotForStream;   // {type} {stream}

const std::vector<const Message*>& IntakeRefusals();

}  // namespace safecity
