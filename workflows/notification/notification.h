// Notification (通知): stream "notification-<id>".
//
// Commands (schemas/commands/notification.*.json) and who may send them:
//   notification.queue           system, office -> NotificationQueued
//   notification.send            system -> NotificationSent          (one attempt)
//   notification.deliver         system -> NotificationDelivered
//   notification.acknowledge     the recipient -> NotificationAcknowledged (已读确认)
//   notification.fail            system -> NotificationFailed
//   notification.schedule_retry  system; office for a dead letter -> NotificationRetryScheduled
//   notification.dead_letter     system -> NotificationDeadLettered
// Legal (state, command) pairs come from the MSM table in notification_machine.cc.
// Its state is typed (notification_state.h: Notification, folded in place);
// its refusals are in notification_refusals.h.
// The recipient is a unit id, "office", or an inspector's name, in the role
// recipient_role (recipient.h: events from before it are read by an upcast);
// only that role and principal read and acknowledge it. The inbox
// channel is delivered by the dispatcher reaction as soon as it is queued;
// the webhook channel (with "subscription") by the HTTP connector's
// WebhookDispatcher, which records each attempt's outcome here.
//
// Read models: notification_views.h (the summary, the inbox, the unread
// count, the webhook queue).
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity::notification {

std::unique_ptr<Workflow> MakeNotificationWorkflow();

}  // namespace safecity::notification
