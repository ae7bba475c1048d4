// The hazard's refusals (隐患的拒绝理由), in Chinese and English, with their
// stable reasons (engine/message.h). An inspector on site reports by phone
// through the API, so these are said with the API's advice as well as the
// CLI's.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::hazard {

extern const Message kHazardNotFound;        // {hazard}
extern const Message kHazardExists;          // {hazard}
extern const Message kStreamNotHazard;       // {hazard}
extern const Message kAuditorReportsNothing;
extern const Message kProcessManagers;       // {command}
extern const Message kListOfficeOnly;
extern const Message kCloseOfficeOnly;
extern const Message kOfficeOnly;            // {command}
extern const Message kUnitReportsItsOwn;     // {unit}
extern const Message kNoResponsibleUnit;
extern const Message kDeadlinePast;          // {deadline} {at}
extern const Message kGeneralNotListed;      // {hazard}
extern const Message kRectifiedByAnotherTask;  // {hazard} {task} {given}
extern const Message kHazardListReaders;       // {role}

const std::vector<const Message*>& HazardRefusals();

}  // namespace safecity::hazard
