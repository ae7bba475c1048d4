// The rectification task's refusals (整改任务的拒绝理由), in Chinese and
// English, with their stable reasons (engine/message.h). Decide and Prepare
// refuse with these; the CLI and the HTTP API say them in the user's
// language with their own advice ({@...}).
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::rectification {

extern const Message kTaskNotFound;          // {task}
extern const Message kTaskExists;            // {task}
extern const Message kAssignOfficeOnly;
extern const Message kOfficeOnly;            // {command}
extern const Message kEscalationIsTheSchedulers;
extern const Message kVerifierOnly;          // {command}
extern const Message kUnitNotResponsible;    // {unit} {task} {lead}
extern const Message kRoleNotResponsible;    // {role} {role_zh} {task} {lead}
extern const Message kNotInState;            // {task} {state} {state_zh} {command} {allowed}
extern const Message kDeadlineBeforeAssignment;  // {deadline} {at}
extern const Message kExtensionPending;      // {task}
extern const Message kNewDeadlineNotLater;   // {deadline}
extern const Message kGrantNotLater;
extern const Message kNoPendingExtension;    // {task}
extern const Message kEscalationStale;       // {task} {deadline}
extern const Message kEscalationNotHigher;   // {task} {level}
extern const Message kStreamNotTask;         // {task}
extern const Message kRoundTakesNoTasks;     // {round} {state} {state_zh}
extern const Message kLeadNotInRound;        // {unit} {round}
extern const Message kDeadlineAfterRound;    // {deadline} {round} {end}
extern const Message kDeadlineMissing;       // neither deadline nor deadline_pending
extern const Message kDeadlineAndPending;    // both
extern const Message kNoDeadlineYet;         // {task} {pending}
extern const Message kDeadlineAlreadySet;    // {task} {deadline}

// All of them, for FindMessage.
const std::vector<const Message*>& TaskRefusals();

}  // namespace safecity::rectification
