// Every refusal table, for WorkflowRegistry::FindMessage (engine/workflow.h):
// a refusal that crossed a process boundary as JSON (a Kafka node's result,
// a stored one) carries only its reason and parameters, and is rendered
// from here.
#include <string>
#include <vector>

#include "engine/intake_refusals.h"
#include "engine/message.h"
#include "workflows/registry.h"
#include "engine/store_refusals.h"
#include "workflows/access/access_refusals.h"
#include "workflows/campaign/campaign_refusals.h"
#include "workflows/checkpoint/checkpoint_refusals.h"
#include "workflows/clock/clock_refusals.h"
#include "workflows/common_refusals.h"
#include "workflows/hazard/hazard_refusals.h"
#include "workflows/imports/import_refusals.h"
#include "workflows/notification/notification_refusals.h"
#include "workflows/rectification/task_refusals.h"
#include "workflows/scoring/sheet_refusals.h"
#include "workflows/store/repair_refusals.h"
#include "workflows/unit/unit_refusals.h"
#include "workflows/verification/verification_refusals.h"

namespace safecity {

std::vector<const Message*> AllMessages() {
  std::vector<const Message*> all;
  for (const auto* table : {&IntakeRefusals(), &StoreRefusals(), &CommonRefusals(), &rectification::TaskRefusals(), &hazard::HazardRefusals(),
                            &verification::VerificationRefusals(), &campaign::CampaignRefusals(), &units::UnitRefusals(),
                            &scoring::SheetRefusals(), &notification::NotificationRefusals(),
                            &access::AccessRefusals(), &clock::ClockRefusals(), &checkpoint::CheckpointRefusals(),
                            &store::RepairRefusals(), &imports::ImportRefusals()})
    all.insert(all.end(), table->begin(), table->end());
  return all;
}


}  // namespace safecity
