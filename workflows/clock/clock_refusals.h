// The clock's (时钟) refusals, in Chinese and English (engine/message.h).
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::clock {

extern const Message kClockOfficeOrEngine;
extern const Message kClockNeverGoesBack;  // {now}: where the clock stands, local time

const std::vector<const Message*>& ClockRefusals();

}  // namespace safecity::clock
