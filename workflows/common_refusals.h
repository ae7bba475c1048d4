// Refusals every workflow shares, in Chinese and English (engine/message.h).
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity {

// A command the workflow's state machine does not allow in its state:
// {kind} {kind_zh} {id} {state} {state_zh} {command} {allowed} {allowed_zh}.
extern const Message kNotInState;
// No round by that id (a command names data.campaign): {round}.
extern const Message kNoSuchRound;

// A date or time outside what the log can hold, or not one at all: {value}.
extern const Message kDateOutOfRange;
extern const Message kNotADate;

const std::vector<const Message*>& CommonRefusals();

}  // namespace safecity
