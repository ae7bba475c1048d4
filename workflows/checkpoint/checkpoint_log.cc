#include "workflows/checkpoint/checkpoint_log.h"

#include <cstdio>

#include "engine/checkpoint.h"
#include "engine/json_workflow.h"
#include "workflows/checkpoint/checkpoint_refusals.h"
#include "workflows/common.h"

namespace safecity::checkpoint {

namespace {

class CheckpointLogWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return kCheckpointStreamKind; }
  std::vector<std::string> command_types() const override { return {"checkpoint.record"}; }
  Status Prepare(CommandEnvelope*, ReadModelReader&) const override { return Status::Ok(); }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    if (!HasRole(cmd.actor, {"office", "system"}))
      return Forbid(kCheckpointOfficeOrServer, {});
    auto head = FromJson(cmd.data, "data");
    if (!head.ok()) return Decision::Reject(head.status());
    if (head.value().origin != OriginOf(StreamId(cmd.stream)))
      return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "origin", kCheckpointOtherOrigin,
                                              {{"origin", head.value().origin}, {"stream_origin", OriginOf(StreamId(cmd.stream))}}));
    const uint64_t last = state.is_object() ? state.value("tree_size", uint64_t{0}) : 0;
    if (state.is_object() && head.value().tree_size <= last)
      return Decision::Reject(
          Status::Refusal(Status::Code::kRefused, "", kCheckpointOnlyGrows, {{"tree_size", std::to_string(last)}}),
          Json{{"tree_size", last}});
    return Decision::Accept({{"CheckpointSigned", ToJson(head.value())}});
  }

  Json Apply(const Json& state, const EventEnvelope& e) const override {
    return Json{{"tree_size", e.data["tree_size"]},
                {"root_hash", e.data["root_hash"]},
                {"timestamp", e.data["timestamp"]},
                {"checkpoints", (state.is_object() ? state.value("checkpoints", 0) : 0) + 1}};
  }

  void Project(const Json&, const Json&, const EventEnvelope& e, ReadModelWriter& w) const override {
    char size[24];
    std::snprintf(size, sizeof size, "%020llu", static_cast<unsigned long long>(e.data["tree_size"].get<uint64_t>()));
    w.Put(CheckpointKeyPrefix(StreamId(e.stream)) + size, CanonicalJson(e.data));
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeCheckpointLogWorkflow() { return std::make_unique<CheckpointLogWorkflow>(); }

std::string CheckpointKeyPrefix(const std::string& log_id) { return "checkpoint/" + log_id + "/"; }

}  // namespace safecity::checkpoint
