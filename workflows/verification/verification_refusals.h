// The verification's refusals (核查的拒绝理由), in Chinese and English, with
// their stable reasons (engine/message.h): the inspector on site with a
// phone reads these.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::verification {

extern const Message kStreamNotVerification;  // {verification}
extern const Message kNoSuchTask;             // {task}
extern const Message kVerificationNotFound;   // {verification}
extern const Message kVerificationExists;     // {verification}
extern const Message kOfficeOnly;             // {command}
extern const Message kAssignOfficeOnly;
extern const Message kNotTheInspector;        // {inspector} {command} {verification}
extern const Message kNoInspectorYet;         // {command} {verification}
extern const Message kVerificationListReaders;  // {role}

const std::vector<const Message*>& VerificationRefusals();

}  // namespace safecity::verification
