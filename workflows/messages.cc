// Every workflow's refusal table, for FindMessage (engine/message.h): a
// refusal that crossed a process boundary as JSON (a Kafka node's result)
// carries only its reason and parameters, and is rendered from here.
#include <string>

#include "engine/message.h"
#include "workflows/common_refusals.h"
#include "workflows/hazard/hazard_refusals.h"
#include "workflows/rectification/task_refusals.h"
#include "workflows/verification/verification_refusals.h"

namespace safecity {

const Message* FindMessage(const std::string& reason) {
  for (const auto* table : {&CommonRefusals(), &rectification::TaskRefusals(), &hazard::HazardRefusals(),
                            &verification::VerificationRefusals()})
    for (const Message* m : *table)
      if (reason == m->reason) return m;
  return nullptr;
}

}  // namespace safecity
