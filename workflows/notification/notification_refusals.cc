#include "workflows/notification/notification_refusals.h"

namespace safecity::notification {

const Message kStreamNotNotification{"notification.stream_mismatch", "须为 notification-{notification}",
                                     "must be notification-{notification}"};
const Message kOfficeRecipientMismatch{"notification.office_recipient", "recipient_role 为 office 时，recipient 须为 \"office\"",
                                       "must be \"office\" when recipient_role is office"};
const Message kNotificationNotFound{"notification.not_found", "没有通知“{notification}”；{@inbox}",
                                   "no notification '{notification}'; {@inbox}"};
const Message kNotificationExists{"notification.exists", "通知 {notification} 已存在", "notification {notification} already exists"};
const Message kNotTheRecipient{"notification.not_the_recipient",
                               "通知 {notification} 发给{role_zh} {recipient}；只有收件人可以签收",
                               "notification {notification} is for the {role} {recipient}; only its recipient acknowledges it"};
const Message kQueueOfficeOrEngine{"notification.queue_office_only", "只有创建办或系统可以发出通知",
                                   "only the office or the engine queues notifications"};
const Message kResendOfficeOrEngine{"notification.resend_office_only", "只有创建办或系统可以重新发送已转入死信的通知",
                                    "only the office sends a dead-lettered notification again"};
const Message kDispatchersOnly{"notification.dispatchers_only", "notification.{command} 由系统的投递程序办理，不能手工提交",
                               "notification.{command} is the dispatcher's; nobody sends it by hand"};

const std::vector<const Message*>& NotificationRefusals() {
  static const std::vector<const Message*> all = {&kStreamNotNotification, &kOfficeRecipientMismatch, &kNotificationNotFound,
                                                  &kNotificationExists,    &kNotTheRecipient,         &kQueueOfficeOrEngine,
                                                  &kResendOfficeOrEngine,  &kDispatchersOnly};
  return all;
}

}  // namespace safecity::notification
