// WorkflowState: the folded state of one stream, as the workflow that owns
// the stream keeps it (a typed struct, or JSON for a workflow not yet
// typed). The engine holds it without knowing its type; only its workflow
// reads or changes it (engine/workflow.h), so the workflow's casts are sound.
//
// ToJson() is the state's one external form: the snapshot in the
// `aggregates` column family, `safecity show`, the API's as-of view. A
// workflow's StateFromJson(ToJson()) gives back an equal state, so a stream
// loaded from its snapshot decides and folds as one folded from its events.
#pragma once

#include <memory>

#include "engine/envelope.h"

namespace safecity {

class WorkflowState {
 public:
  virtual ~WorkflowState() = default;
  virtual Json ToJson() const = 0;
};

}  // namespace safecity
