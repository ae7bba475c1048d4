// Parsing who acts, from the CLI's --as option:
//   "office"                 the creation office (创建办)
//   "inspector:王工"          an inspector
//   "auditor:li"             an auditor
//   "unit:雁塔区" or "雁塔区"   a unit, by id, name or alias
#pragma once

#include <string>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity::cli {

Result<Actor> ParseActor(const std::string& text);

// A random command id (32 hex digits) for commands the user did not name.
std::string NewCommandId();

}  // namespace safecity::cli
