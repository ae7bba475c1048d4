#include "workflows/store/log_repairs.h"

#include <cstdio>

#include "engine/json_workflow.h"
#include "engine/time_util.h"
#include "workflows/common.h"
#include "workflows/store/repair_refusals.h"

namespace safecity::store {

namespace {

class LogRepairsWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "store"; }
  std::vector<std::string> command_types() const override { return {"store.accept_loss"}; }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader&) const override {
    if (cmd->stream != kRepairsStream) return Status::Refusal(Status::Code::kInvalid, "stream", kRepairsStreamMismatch, {{"stream", kRepairsStream}});
    return Status::Ok();
  }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    if (!HasRole(cmd.actor, {"system"}))
      return Forbid(kAcceptLossOnly, {});
    const int64_t first = cmd.data.value("first_lost_position", int64_t{0});
    if (cmd.data.contains("last_known_position") && cmd.data["last_known_position"].get<int64_t>() < first)
      return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.last_known_position", kLastBeforeFirstLost, {}));
    if (state.is_object() && first <= state.value("last_first_lost_position", int64_t{0}))
      return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.first_lost_position", kLossAfterEarlierRepair, {}));
    return Decision::Accept({{"LogLossAccepted", cmd.data}});
  }

  // Every loss accepted, in order: {first_lost_position, last_known_position?, at}.
  Json Apply(const Json& state, const EventEnvelope& e) const override {
    Json s = state.is_object() ? state : Json{{"losses", Json::array()}};
    Json loss{{"first_lost_position", e.data["first_lost_position"]}, {"at", FormatIsoMs(e.occurred_at)}};
    if (e.data.contains("last_known_position")) loss["last_known_position"] = e.data["last_known_position"];
    s["losses"].push_back(loss);
    s["last_first_lost_position"] = e.data["first_lost_position"];
    return s;
  }

  void Project(const Json&, const Json&, const EventEnvelope& e, ReadModelWriter& w) const override {
    char position[24];
    std::snprintf(position, sizeof position, "%012lld", static_cast<long long>(e.data["first_lost_position"].get<int64_t>()));
    Json row = e.data;
    row["at"] = FormatIsoMs(e.occurred_at);
    w.Put(std::string("repairs/") + position, CanonicalJson(row));
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeLogRepairsWorkflow() { return std::make_unique<LogRepairsWorkflow>(); }

}  // namespace safecity::store
