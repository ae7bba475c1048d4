#include "workflows/access/webhook_subscription.h"

#include "engine/json_workflow.h"
#include "engine/time_util.h"
#include "workflows/access/access_refusals.h"
#include "workflows/access/access_views.h"
#include "workflows/common.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::access {

namespace {

class WebhookSubscriptionWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "whsub"; }
  std::vector<std::string> command_types() const override {
    return {"webhook_subscription.create", "webhook_subscription.cancel"};
  }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    const std::string id = cmd->data["subscription_id"];
    if (cmd->stream != "whsub-" + id) return Status::Refusal(Status::Code::kInvalid, "stream", kStreamMismatch, {{"stream", "whsub-" + id}});
    if (cmd->type != "webhook_subscription.create") return Status::Ok();
    auto unit = units::Resolve(reader, cmd->data["unit"], "data.unit");
    if (!unit.ok()) return unit.status();
    cmd->data["unit"] = unit.value();
    return Status::Ok();
  }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    const std::string id = cmd.data["subscription_id"];
    const std::string unit = cmd.type == "webhook_subscription.create" ? cmd.data["unit"].get<std::string>() : state.value("unit", "");
    const bool own = cmd.actor.role == "unit" && cmd.actor.id == unit;
    if (!HasRole(cmd.actor, {"office"}) && !own)
      return Forbid(kSubscriptionOwnUnitOnly, {});
    if (cmd.type == "webhook_subscription.create") {
      if (!state.is_null())
        return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kSubscriptionExists, {{"subscription", id}}));
      return Decision::Accept({{"WebhookSubscribed",
                                {{"subscription_id", id},
                                 {"unit", unit},
                                 {"url", cmd.data["url"]},
                                 {"kinds", cmd.data.value("kinds", Json::array())},
                                 {"fingerprint", cmd.data["fingerprint"]}}}});
    }
    if (state.is_null())
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "subscription", kSubscriptionNotFound, {{"subscription", id}}));
    if (state.value("state", "") == "cancelled")
      return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kSubscriptionCancelled,
                                              {{"subscription", id}, {"cancelled_at", state.value("cancelled_at", "")}}));
    return Decision::Accept({{"WebhookUnsubscribed", {{"subscription_id", id}, {"reason", cmd.data["reason"]}}}});
  }

  Json Apply(const Json& state, const EventEnvelope& e) const override {
    if (e.type == "WebhookSubscribed") {
      Json s = e.data;
      s["state"] = "active";
      s["created_at"] = FormatIsoMs(e.occurred_at);
      s["created_by"] = e.actor.id;
      return s;
    }
    Json s = state;
    s["state"] = "cancelled";
    s["cancelled_at"] = FormatIsoMs(e.occurred_at);
    s["cancel_reason"] = e.data["reason"];
    return s;
  }

  void Project(const Json&, const Json& after, const EventEnvelope& e, ReadModelWriter& w) const override {
    const std::string id = after["subscription_id"], unit = after["unit"];
    w.Put(SubscriptionKey(id), CanonicalJson(after));
    if (e.type == "WebhookSubscribed") w.Put(SubscriptionOfUnitKey(unit, id), "");
    else w.Delete(SubscriptionOfUnitKey(unit, id));
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeWebhookSubscriptionWorkflow() { return std::make_unique<WebhookSubscriptionWorkflow>(); }

}  // namespace safecity::access
