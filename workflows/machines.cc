// The list of every machine safecity ships.
#include "workflows/campaign/campaign_machine.h"
#include "workflows/hazard/hazard_machine.h"
#include "workflows/machine.h"
#include "workflows/notification/notification_machine.h"
#include "workflows/rectification/task_machine.h"
#include "workflows/verification/verification_machine.h"

namespace safecity {

const std::vector<const Machine*>& AllMachines() {
  static const std::vector<const Machine*> all = {&CampaignMachine(), &HazardMachine(), &rectification::TaskMachine(),
                                                  &VerificationMachine(), &NotificationMachine()};
  return all;
}

}  // namespace safecity
