// The notification's refusals (通知的拒绝理由), in Chinese and English, with
// their stable reasons (engine/message.h): a district officer acknowledging
// an inbox item, or an operator sending a dead letter again, reads these.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::notification {

extern const Message kStreamNotNotification;   // {notification}
extern const Message kOfficeRecipientMismatch;
extern const Message kNotificationNotFound;    // {notification}
extern const Message kNotificationExists;      // {notification}
extern const Message kNotTheRecipient;         // {notification} {role} {role_zh} {recipient}
extern const Message kQueueOfficeOrEngine;
extern const Message kResendOfficeOrEngine;
extern const Message kDispatchersOnly;         // {command}

const std::vector<const Message*>& NotificationRefusals();

}  // namespace safecity::notification
