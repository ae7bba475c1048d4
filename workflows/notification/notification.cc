#include "workflows/notification/notification.h"

#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/typed_workflow.h"
#include "workflows/common.h"
#include "workflows/machine.h"
#include "workflows/notification/notification_machine.h"
#include "workflows/notification/notification_refusals.h"
#include "workflows/notification/notification_state.h"
#include "workflows/notification/notification_views.h"
#include "workflows/notification/recipient.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::notification {

namespace {

class NotificationWorkflow final : public TypedWorkflow<Notification> {
 public:
  std::string kind() const override { return "notification"; }

  std::vector<std::string> command_types() const override { return NotificationMachine().CommandTypes(); }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    Status actor = ResolveUnitActor(cmd, reader);
    if (!actor.ok()) return actor;
    if (cmd->type == "notification.queue") {
      std::string id = cmd->data["notification_id"];
      if (cmd->stream != "notification-" + id)
        return Status::Refusal(Status::Code::kInvalid, "stream", kStreamNotNotification, {{"notification", id}});
      if (cmd->data.value("recipient_role", "") == "office" && cmd->data["recipient"] != "office")
        return Status::Refusal(Status::Code::kInvalid, "data.recipient", kOfficeRecipientMismatch, {});
    }
    if (cmd->type == "notification.schedule_retry") return NormalizeTime(&cmd->data, "retry_at", false);
    return Status::Ok();
  }

  Decision Decide(const Notification* n, const CommandEnvelope& cmd) const override {
    const Machine& m = NotificationMachine();
    const std::string command = CommandName(cmd.type);
    const std::string id = StreamId(cmd.stream);
    static const Notification kNone;
    const Notification& state = n ? *n : kNone;
    const std::string& from = state.state;
    if (from == "none" && command != "queue")
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "notification", kNotificationNotFound, {{"notification", id}}));
    if (from != "none" && command == "queue")
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kNotificationExists, {{"notification", id}}));
    const Actor& a = cmd.actor;
    if (command == "acknowledge") {
      if (!state.IsRecipient(a)) {
        const std::string role = state.RecipientRoleOrDefault();
        return Forbid(kNotTheRecipient,
                      WithRole(role, {{"notification", id}, {"recipient", state.recipient}}));
      }
    } else if (command == "queue") {
      if (!HasRole(a, {"system", "office"})) return Forbid(kQueueOfficeOrEngine, {});
    } else if (command == "schedule_retry" && from == "dead_lettered") {
      // An operator sends a dead letter again (safecity deliveries retry).
      if (!HasRole(a, {"system", "office"})) return Forbid(kResendOfficeOrEngine, {});
    } else if (a.role != "system") {
      return Forbid(kDispatchersOnly, {{"command", command}});
    }
    if (!m.Fire(from, command)) return m.Refuse("notification", "通知", id, from, command);

    const Json& d = cmd.data;
    const int64_t attempts = state.attempts;
    if (command == "queue") {
      // Every new notification names its recipient's role: inboxes and
      // acknowledgements go by role and principal (recipient.h).
      Json e = d;
      e["recipient_role"] = RecipientRole(d);
      return Decision::Accept({{"NotificationQueued", e}});
    }
    if (command == "send") return Decision::Accept({{"NotificationSent", {{"attempt", attempts + 1}}}});
    if (command == "deliver") return Decision::Accept({{"NotificationDelivered", {{"attempt", attempts}}}});
    if (command == "acknowledge") return Decision::Accept({{"NotificationAcknowledged", {{"note", Str(d, "note")}}}});
    if (command == "fail") return Decision::Accept({{"NotificationFailed", {{"attempt", attempts}, {"error", d["error"]}}}});
    if (command == "schedule_retry") return Decision::Accept({{"NotificationRetryScheduled", {{"retry_at", d["retry_at"]}}}});
    return Decision::Accept({{"NotificationDeadLettered", {{"reason", d["reason"]}, {"attempts", attempts}}}});
  }

  void Apply(Notification& n, const EventEnvelope& e, ReadModelWriter* w) const override {
    const std::string was = w ? n.state : std::string();
    ApplyNotificationEvent(n, e);
    if (w) Project(was, n, e, *w);
  }

 private:
  static void Project(const std::string& was, const Notification& n, const EventEnvelope& e, ReadModelWriter& w) {
    const std::string& id = n.notification_id;
    const std::string owner = n.InboxOwner();
    const std::string queued_at = FormatIsoMs(n.queued_at);
    Json summary{{"notification_id", id}, {"recipient", n.recipient}, {"channel", n.channel},
                 {"kind", n.kind},        {"subject", n.subject},     {"body", n.body},
                 {"ref", n.ref},          {"state", n.state},         {"queued_at", queued_at},
                 {"attempts", n.attempts}, {"last_error", n.last_error}};
    // Only where the event said it: the rows of older notifications stay as they were.
    if (n.recipient_role) summary["recipient_role"] = *n.recipient_role;
    if (n.subscription) {
      summary["subscription"] = *n.subscription;
      if (n.retry_at) summary["retry_at"] = *n.retry_at;
    }
    const std::string row = CanonicalJson(summary);  // one serialisation for both rows
    w.Put(NotificationKey(id), row);
    if (n.channel == "inbox") {
      w.Put(InboxKey(owner, n.queued_at, id), row);
      if (e.type == "NotificationDelivered" && was != "delivered") w.Add(UnreadCounterKey(owner), 1);
      if (e.type == "NotificationAcknowledged") w.Add(UnreadCounterKey(owner), -1);
    } else {
      // The webhook dispatcher's queue: what waits for an attempt, and from
      // when; "sent <time>" is an attempt whose outcome is not recorded yet
      // (if the server stopped meanwhile, the dispatcher records it failed).
      const std::string& now = n.state;
      auto open = [](const std::string& st) { return st == "queued" || st == "retry_scheduled" || st == "sent"; };
      if (open(was) && !open(now)) w.Delete(WebhookQueueKey(id));
      if (now == "queued") w.Put(WebhookQueueKey(id), queued_at);
      if (now == "retry_scheduled") w.Put(WebhookQueueKey(id), *n.retry_at);
      if (now == "sent") w.Put(WebhookQueueKey(id), "sent " + FormatIsoMs(n.updated_at));
    }
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeNotificationWorkflow() { return std::make_unique<NotificationWorkflow>(); }

}  // namespace safecity::notification
