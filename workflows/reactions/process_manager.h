// ProcessManager (流程联动): links the workflows, driven by events.
//
//   HazardConfirmed                 -> task.assign "HZ-<hazard>" (lead: the responsible unit)
//   TaskAssigned (source hazard)    -> hazard.assign
//   HazardAssigned (major)          -> hazard.list            (挂牌督办)
//   FindingRecorded (open_task)     -> task.assign "<round>-F<n>", due when the rectification phase ends
//   EvidenceSubmitted               -> verification.request "<task>-<submission>" (on site for major hazards)
//   VerificationPassed              -> task.accept (as the inspector)
//   VerificationFailed              -> task.return with the reasons (as the inspector)
//   TaskAccepted|TaskReturned       -> verification.withdraw, when the office decided without it
//   TaskAccepted (source hazard)    -> hazard.mark_rectified
//   HazardRectified (general)       -> hazard.close (major hazards are closed by the office)
//   TaskAssigned, TaskReturned, TaskEscalated, TaskClosed, VerificationAssigned,
//   HazardListed, HazardClosed      -> notification.queue to whom it concerns
//
// Commands it opens act as the system actor "process-manager" unless a person
// decided (a verification's inspector); the causation id names the event.
#pragma once

#include <memory>

#include "engine/reactor.h"

namespace safecity::reactions {

std::unique_ptr<Reactor> MakeProcessManager();

// The notification a reaction queues for `recipient` (a unit, the office or
// an inspector: its id and role) about `cause`.
CommandEnvelope Notify(const std::string& reactor, const EventEnvelope& cause, const Actor& recipient,
                       const std::string& kind, const std::string& subject, const std::string& body,
                       const std::string& ref,
                       const std::string& subscription = "");

}  // namespace safecity::reactions
