#include "workflows/reactions/inbox_dispatcher.h"

#include "workflows/common.h"
#include "workflows/notification/notification_views.h"

namespace safecity::reactions {

namespace {

class InboxDispatcher final : public Reactor {
 public:
  std::string name() const override { return "inbox-dispatcher"; }

  std::vector<CommandEnvelope> React(const EventEnvelope& e, ReadModelReader& r) const override {
    if (e.type == "NotificationQueued" && e.data["channel"] == "inbox")
      return {Reaction("inbox", e, "notification.send", e.stream, SystemActor("inbox-dispatcher"), Json::object())};
    if (e.type == "NotificationSent") {
      Json n = notification::ReadNotification(r, StreamId(e.stream));
      if (n.is_object() && n["channel"] == "inbox")
        return {Reaction("inbox", e, "notification.deliver", e.stream, SystemActor("inbox-dispatcher"), Json::object())};
    }
    return {};
  }
};

}  // namespace

std::unique_ptr<Reactor> MakeInboxDispatcher() { return std::make_unique<InboxDispatcher>(); }

}  // namespace safecity::reactions
