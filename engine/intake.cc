#include "engine/intake.h"

#include "engine/intake_refusals.h"
#include "engine/read_models.h"
#include "engine/schema_registry.h"
#include "engine/utf8.h"
#include "engine/workflow.h"

namespace safecity {

std::string FirstInvalidUtf8(const Json& j, const std::string& path) {
  if (j.is_string()) return IsValidUtf8(j.get_ref<const std::string&>()) ? "" : path;
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      std::string p = FirstInvalidUtf8(j[i], path + "[" + std::to_string(i) + "]");
      if (!p.empty()) return p;
    }
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!IsValidUtf8(it.key())) return path;
      std::string p = FirstInvalidUtf8(it.value(), path + "." + it.key());
      if (!p.empty()) return p;
    }
  }
  return "";
}

Status CheckCommand(Store* store, const WorkflowRegistry& workflows, CommandEnvelope* cmd) {
  // Everything is hashed as canonical JSON, which must be valid UTF-8.
  for (auto [field, value] : {std::pair<const char*, const std::string*>{"id", &cmd->id}, {"stream", &cmd->stream},
                              {"actor.id", &cmd->actor.id}, {"correlation_id", &cmd->correlation_id}}) {
    if (!IsValidUtf8(*value)) return Status::Refusal(Status::Code::kInvalid, field, kNotUtf8, {});
  }
  std::string bad = FirstInvalidUtf8(cmd->data, "data");
  if (!bad.empty()) return Status::Refusal(Status::Code::kInvalid, bad, kNotUtf8, {});
  if (cmd->id.empty() || cmd->id.size() > 128) return Status::Refusal(Status::Code::kInvalid, "id", kCommandIdLength, {});
  static const char* kRoles[] = {"office", "unit", "inspector", "auditor", "system"};
  bool role_ok = false;
  for (const char* r : kRoles) role_ok = role_ok || cmd->actor.role == r;
  if (!role_ok) return Status::Refusal(Status::Code::kInvalid, "actor.role", kNotARole, {{"role", cmd->actor.role}});
  if (cmd->actor.id.empty()) return Status::Refusal(Status::Code::kInvalid, "actor.id", kNoActor, {});
  Status s = SchemaRegistry::Default().ValidateCommandData(cmd->type, cmd->data);
  if (!s.ok()) return s;
  const Workflow* wf = workflows.ForCommand(cmd->type);
  if (!wf) return Status::Refusal(Status::Code::kInvalid, "type", kNoWorkflow, {{"type", cmd->type}});
  if (StreamKind(cmd->stream) != wf->kind() || cmd->stream.size() <= wf->kind().size() + 1)
    return Status::Refusal(Status::Code::kInvalid, "stream", kStreamOfCommand, {{"type", cmd->type}, {"kind", wf->kind()}});
  ReadModelReader reader(store);
  try {
    return wf->Prepare(cmd, reader);
  } catch (const std::exception& e) {
    return Status::Invalid("data", std::string("cannot be read: ") + e.what());
  }
}

}  // namespace safecity
