// Clock: stream "clock-<scope>" ("clock-city" by default). The engine's only
// notion of "now" for deadlines is the time of the last tick, which is the
// issued_at of a clock.tick command: a server ticks from the wall clock, tests
// and the demo tick a simulated one. The deadline scheduler reacts to each
// ClockTicked (workflows/reactions/deadline_scheduler.h).
//
//   clock.tick   office, system -> ClockTicked {now, previous}; time never goes back
//
// Read models: clock/<scope> -> the current time, ISO-8601
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/read_models.h"
#include "engine/workflow.h"

namespace safecity::clock {

constexpr const char* kCityClock = "clock-city";
std::unique_ptr<Workflow> MakeClockWorkflow();

// The time (UTC ms) of the clock's last tick, "clock-city" by default; none
// before its first tick.
Result<std::optional<int64_t>> LastTick(ReadModelReader& reader, const std::string& clock_stream = kCityClock);

}  // namespace safecity::clock
