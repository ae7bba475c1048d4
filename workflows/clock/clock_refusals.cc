#include "workflows/clock/clock_refusals.h"

namespace safecity::clock {

const Message kClockOfficeOrEngine{"clock.office_or_engine", "只有创建办或系统可以推进时钟", "only the office or the engine moves the clock"};
const Message kClockNeverGoesBack{"clock.never_back", "时钟已在 {now}；时间不能倒退，{@later_at}",
                                  "the clock is already at {now}; time never goes back, {@later_at}"};

const std::vector<const Message*>& ClockRefusals() {
  static const std::vector<const Message*> all = {&kClockOfficeOrEngine, &kClockNeverGoesBack};
  return all;
}

}  // namespace safecity::clock
