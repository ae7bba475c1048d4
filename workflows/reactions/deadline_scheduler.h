// DeadlineScheduler (逾期升级): on every ClockTicked it walks the durable
// deadline index (the `due/` read model: open tasks ordered by deadline) up
// to the new time, and climbs each overdue, unsubmitted task up its round's
// escalation ladder (campaign.h's DefaultEscalation for tasks of no round):
//   reminder (催办) -> warning bulletin (警示通报) -> interview (约谈) -> accountability (问责)
// one task.escalate per level reached, in order, each answered by the task
// workflow, which refuses a level already reached or a stale deadline.
// Command ids are "sched:<task>:<deadline ms>:<level>": they derive from the
// task, its deadline and the level, not from the tick, so two ticks never
// raise the same level twice, nor does a replay or a restart. A granted
// extension is a new deadline: the task starts again from no level.
#pragma once

#include <memory>

#include "engine/reactor.h"

namespace safecity::reactions {

std::unique_ptr<Reactor> MakeDeadlineScheduler();

}  // namespace safecity::reactions
