// The workflows safecity ships, registered once.
#include "workflows/registry.h"

#include "workflows/access/access_token.h"
#include "workflows/access/user_account.h"
#include "workflows/access/security_log.h"
#include "workflows/access/webhook_key.h"
#include "workflows/access/webhook_subscription.h"
#include "workflows/campaign/campaign.h"
#include "workflows/checkpoint/checkpoint_log.h"
#include "workflows/clock/clock.h"
#include "workflows/hazard/hazard.h"
#include "workflows/notification/notification.h"
#include "workflows/rectification/rectification_task.h"
#include "workflows/scoring/scoring_sheet.h"
#include "workflows/store/log_repairs.h"
#include "workflows/unit/unit_workflow.h"
#include "workflows/verification/verification.h"

namespace safecity {

const WorkflowRegistry& DefaultWorkflows() {
  static const WorkflowRegistry* registry = [] {
    auto* r = new WorkflowRegistry();
    r->Add(units::MakeUnitWorkflow());
    r->Add(rectification::MakeRectificationWorkflow());
    r->Add(scoring::MakeScoringSheetWorkflow());
    r->Add(campaign::MakeCampaignWorkflow());
    r->Add(hazard::MakeHazardWorkflow());
    r->Add(verification::MakeVerificationWorkflow());
    r->Add(notification::MakeNotificationWorkflow());
    r->Add(clock::MakeClockWorkflow());
    r->Add(access::MakeAccessTokenWorkflow());
    r->Add(access::MakeUserAccountWorkflow());
    r->Add(access::MakeSecurityLogWorkflow());
    r->Add(access::MakeWebhookKeyWorkflow());
    r->Add(access::MakeWebhookSubscriptionWorkflow());
    r->Add(checkpoint::MakeCheckpointLogWorkflow());
    r->Add(store::MakeLogRepairsWorkflow());
    r->AddMessages(AllMessages());
    return r;
  }();
  return *registry;
}

const Domain& DefaultDomain() {
  static const Domain* domain = new Domain{&DefaultWorkflows(), DefaultReactors(), DeferredStreamKinds()};
  return *domain;
}

}  // namespace safecity
