#include "workflows/notification/notification.h"

#include "engine/json_workflow.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/common.h"
#include "workflows/machine.h"
#include "workflows/notification/notification_machine.h"
#include "workflows/notification/notification_refusals.h"
#include "workflows/notification/recipient.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::notification {

namespace {

class NotificationWorkflow final : public JsonWorkflow {
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

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    const Machine& m = NotificationMachine();
    const std::string command = CommandName(cmd.type);
    const std::string id = StreamId(cmd.stream);
    const std::string from = Machine::StateOf(state);
    if (from == "none" && command != "queue")
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "notification", kNotificationNotFound, {{"notification", id}}));
    if (from != "none" && command == "queue")
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kNotificationExists, {{"notification", id}}));
    const Actor& a = cmd.actor;
    if (command == "acknowledge") {
      if (!IsRecipient(a, state)) {
        const std::string role = RecipientRole(state);
        return Forbid(kNotTheRecipient, {{"notification", id},
                                         {"role", role},
                                         {"role_zh", RoleChineseName(role)},
                                         {"recipient", state["recipient"].get<std::string>()}});
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
    int64_t attempts = state.is_object() ? state.value("attempts", 0) : 0;
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

  Json Apply(const Json& before, const EventEnvelope& e) const override {
    Json s = before.is_object() ? before : Json::object();
    const Json& d = e.data;
    const std::string at = FormatIsoMs(e.occurred_at);
    if (e.type == "NotificationQueued") {
      s = d;
      s["state"] = "queued";
      s["queued_at"] = at;
      s["queued_at_ms"] = e.occurred_at;
      s["attempts"] = 0;
      s["last_error"] = "";
    } else if (e.type == "NotificationSent") {
      s["state"] = "sent";
      s["attempts"] = d["attempt"];
    } else if (e.type == "NotificationDelivered") {
      s["state"] = "delivered";
      s["delivered_at"] = at;
    } else if (e.type == "NotificationAcknowledged") {
      s["state"] = "acknowledged";
      s["acknowledged_at"] = at;
    } else if (e.type == "NotificationFailed") {
      s["state"] = "failed";
      s["last_error"] = d["error"];
    } else if (e.type == "NotificationRetryScheduled") {
      s["state"] = "retry_scheduled";
      s["retry_at"] = d["retry_at"];
    } else if (e.type == "NotificationDeadLettered") {
      s["state"] = "dead_lettered";
    }
    s["updated_at"] = at;
    return s;
  }

  void Project(const Json& before, const Json& after, const EventEnvelope& e, ReadModelWriter& w) const override {
    const std::string id = after["notification_id"];
    const std::string recipient = after["recipient"];
    const std::string owner = InboxOwnerOf(after);
    std::string inbox_key = "inbox/" + owner + "/" + Store::BigEndian64(after["queued_at_ms"].get<uint64_t>()) + "/" + id;
    Json summary{{"notification_id", id}, {"recipient", recipient}, {"channel", after["channel"]},
                 {"kind", after["kind"]},  {"subject", after["subject"]}, {"body", after["body"]},
                 {"ref", after["ref"]},    {"state", after["state"]},     {"queued_at", after["queued_at"]},
                 {"attempts", after["attempts"]}, {"last_error", after["last_error"]}};
    // Only where the event said it: the rows of older notifications stay as they were.
    if (after.contains("recipient_role")) summary["recipient_role"] = after["recipient_role"];
    if (after.contains("subscription")) {
      summary["subscription"] = after["subscription"];
      if (after.contains("retry_at")) summary["retry_at"] = after["retry_at"];
    }
    const std::string row = CanonicalJson(summary);  // one serialisation for both rows
    w.Put("ntf/" + id, row);
    std::string was = Machine::StateOf(before);
    if (after["channel"] == "inbox") {
      w.Put(inbox_key, row);
      if (e.type == "NotificationDelivered" && was != "delivered") w.Add("cnt/" + owner + "/unread", 1);
      if (e.type == "NotificationAcknowledged") w.Add("cnt/" + owner + "/unread", -1);
    } else {
      // The webhook dispatcher's queue: what waits for an attempt, and from
      // when; "sent <time>" is an attempt whose outcome is not recorded yet
      // (if the server stopped meanwhile, the dispatcher records it failed).
      const std::string now = after["state"];
      auto open = [](const std::string& st) { return st == "queued" || st == "retry_scheduled" || st == "sent"; };
      if (open(was) && !open(now)) w.Delete("whq/" + id);
      if (now == "queued") w.Put("whq/" + id, after["queued_at"].get<std::string>());
      if (now == "retry_scheduled") w.Put("whq/" + id, after["retry_at"].get<std::string>());
      if (now == "sent") w.Put("whq/" + id, "sent " + after["updated_at"].get<std::string>());
    }
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeNotificationWorkflow() { return std::make_unique<NotificationWorkflow>(); }

}  // namespace safecity::notification
