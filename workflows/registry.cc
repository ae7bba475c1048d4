// The workflows safecity ships, registered once.
#include "engine/workflow.h"
#include "workflows/rectification/rectification_task.h"
#include "workflows/unit/unit_workflow.h"

namespace safecity {

const WorkflowRegistry& DefaultWorkflows() {
  static const WorkflowRegistry* registry = [] {
    auto* r = new WorkflowRegistry();
    r->Add(units::MakeUnitWorkflow());
    r->Add(rectification::MakeRectificationWorkflow());
    return r;
  }();
  return *registry;
}

}  // namespace safecity
