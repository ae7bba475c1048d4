#include "workflows/access/access_refusals.h"

namespace safecity::access {

const Message kStreamMismatch{"access.stream_mismatch", "须为 {stream}", "must be {stream}"};
const Message kTokenOfficeOnly{"token.office_only", "只有创建办可以签发和吊销令牌；{@as_office}",
                               "only the office (创建办) issues and revokes tokens; {@as_office}"};
const Message kTokenNeedsUnit{"token.unit_required", "单位的令牌须写明所属单位（编号、名称或别名）；{@give_unit}",
                              "a unit's token names its unit (id, name or alias); {@give_unit}"};
const Message kTokenUnitOnlyForUnits{"token.unit_only_for_units", "只有单位的令牌写所属单位；{role_zh}的令牌{@leave_out_unit}",
                                     "only a unit's token names a unit; for the {role}'s token {@leave_out_unit}"};
const Message kTokenNeedsHolder{"token.principal_required", "请写明{role_zh}令牌的持有人；{@give_principal}",
                                "name who holds the {role}'s token; {@give_principal}"};
const Message kTokenHashTaken{"token.hash_taken", "另一个令牌已使用此哈希；请重新生成密钥",
                              "another token has this hash; draw a new secret"};
const Message kTokenExists{"token.exists", "令牌 {token} 已存在；请换一个编号", "token {token} already exists; choose another id"};
const Message kTokenNotFound{"token.not_found", "没有令牌“{token}”；{@token_list}", "no token '{token}'; {@token_list}"};
const Message kTokenAlreadyRevoked{"token.already_revoked", "令牌 {token} 已于 {revoked_at} 吊销",
                                   "token {token} was already revoked on {revoked_at}"};
const Message kUserOfficeOnly{"user.office_only", "只有创建办可以添加、停用、恢复账户和重设密码；{@as_office}",
                              "only the office adds, disables and enables accounts and resets passwords; {@as_office}"};
const Message kUserNeedsUnit{"user.needs_unit", "单位工作人员的账户须写明所属单位；{@give_unit}", "a unit's staff account names its unit; {@give_unit}"};
const Message kUserUnitOnlyForUnits{"user.unit_only_for_units", "{role_zh}的账户不属于单位；{@leave_out_unit}",
                                    "a {role}'s account belongs to no unit; {@leave_out_unit}"};
const Message kUserExists{"user.exists", "账户 {login} 已存在；请换一个登录名", "account {login} already exists; choose another login"};
const Message kUserNotFound{"user.not_found", "没有账户 {user}；用 `safecity user list` 查看账户", "no account {user}; see `safecity user list`"};
const Message kUserAlreadyDisabled{"user.already_disabled", "账户 {login} 已停用", "account {login} is already disabled"};
const Message kUserNotDisabled{"user.not_disabled", "账户 {login} 未停用，无需恢复", "account {login} is not disabled; nothing to enable"};
const Message kKeyOfficeOnly{"webhook_key.office_only", "只有创建办可以签发和吊销 webhook 密钥；{@as_office}",
                             "only the office (创建办) issues and revokes webhook keys; {@as_office}"};
const Message kKeyExists{"webhook_key.exists", "webhook 密钥 {key} 已存在；请换一个编号",
                         "webhook key {key} already exists; choose another id"};
const Message kKeyNotFound{"webhook_key.not_found", "没有 webhook 密钥“{key}”；{@webhook_key_list}",
                           "no webhook key '{key}'; {@webhook_key_list}"};
const Message kKeyAlreadyRevoked{"webhook_key.already_revoked", "webhook 密钥 {key} 已于 {revoked_at} 吊销",
                                 "webhook key {key} was already revoked on {revoked_at}"};
const Message kSubscriptionOwnUnitOnly{"webhook_subscription.own_unit_only",
                                       "单位只能订阅本单位的通知，或由创建办代为订阅",
                                       "a unit subscribes to its own notifications only, or the office does it for the unit"};
const Message kSubscriptionExists{"webhook_subscription.exists", "订阅 {subscription} 已存在；请换一个编号",
                                  "subscription {subscription} already exists; choose another id"};
const Message kSubscriptionNotFound{"webhook_subscription.not_found", "没有订阅“{subscription}”；{@subscription_list}",
                                    "no subscription '{subscription}'; {@subscription_list}"};
const Message kSubscriptionCancelled{"webhook_subscription.already_cancelled", "订阅 {subscription} 已于 {cancelled_at} 取消",
                                     "subscription {subscription} was already cancelled on {cancelled_at}"};
const Message kSecurityLogDay{"security.stream_day", "须为 security-<YYYY-MM-DD>，即拒绝发生的 UTC 日期",
                              "must be security-<YYYY-MM-DD>, the UTC day of the refusal"};
const Message kSecurityLastBeforeFirst{"security.last_before_first", "不能早于 data.first", "must not be before data.first"};
const Message kSecurityFirstDay{"security.first_day", "须为 security-{day}，即所汇总的第一次拒绝的 UTC 日期",
                                "must be security-{day}, the UTC day of the first refusal summarised"};
const Message kSecurityLogSystemOnly{"security.system_only", "拒绝记录只由 API 和 webhook 接收端写入，不能手工写安全日志",
                                     "only the API and the webhook receiver record refusals; nobody writes the security log by hand"};

const Message kNoToken{"auth.no_token", "未提供令牌；请发送 `Authorization: Bearer <令牌>`（令牌由创建办用 `safecity token issue` 签发）",
                       "no token given; send `Authorization: Bearer <token>` (issued by `safecity token issue`)"};
const Message kUnknownToken{"auth.unknown_token", "令牌无效；请向创建办申领（`safecity token issue`）",
                            "unknown token; ask the office for one (`safecity token issue`)"};
const Message kRevokedToken{"auth.token_revoked", "令牌 {token} 已于 {revoked_at} 吊销；请向创建办申领新令牌",
                            "token {token} was revoked on {revoked_at}; ask the office for a new one"};
const Message kUnitReadsOwnUnit{"access.unit_reads_own", "单位的令牌只能读取本单位的任务和 unit-{unit} 的历史",
                                "a unit's token reads the history of its own tasks and of unit-{unit} only"};
const Message kReadTaskNotFound{"access.task_not_found", "没有任务“{task}”；任务列表见 /v1/tasks", "no task '{task}'; list tasks at /v1/tasks"};
const Message kReadNotResponsible{"access.not_responsible",
                                  "单位 {unit} 既不是任务 {task} 的牵头单位也不是配合单位；单位的令牌只能看到本单位的任务",
                                  "unit {unit} is neither lead nor cooperating unit of task {task}; a unit's token sees only its own tasks"};
const Message kReadNotificationNotFound{"access.notification_not_found", "没有通知“{notification}”；见 /v1/inbox",
                                        "no notification '{notification}'; see /v1/inbox"};
const Message kReadNotificationNotYours{"access.notification_not_yours",
                                        "通知 {notification} 不是发给此{role_zh}令牌的；只有收件人、创建办和审计人员可以读取",
                                        "notification {notification} is not for this {role}'s token; its recipient, the office and auditors read it"};
const Message kUnitNoRawReadModels{"access.unit_no_read_models",
                                   "单位的令牌读取本单位的任务（/v1/tasks）和收件箱（/v1/inbox），不能读取原始读模型",
                                   "a unit's token reads its tasks (/v1/tasks) and inbox (/v1/inbox), not raw read models"};
const Message kKindReaders{"access.kind_readers", "{pattern_zh}只由{readers_zh}读取，{role_zh}的令牌不能读取",
                           "{pattern} are read by {readers}; not with a {role}'s token"};
const Message kInboxOwnerOnly{"access.inbox_owner", "收件箱只由其所有者、创建办和审计人员读取；此令牌的收件箱是 /v1/inbox",
                              "an inbox is read by its owner, the office and auditors; this token's is /v1/inbox"};
const Message kTokenHashesHidden{"access.token_hashes_hidden", "令牌哈希不向任何人显示", "token hashes are not shown to anyone"};

const std::vector<const Message*>& AccessRefusals() {
  static const std::vector<const Message*> all = {
      &kStreamMismatch,     &kTokenOfficeOnly,         &kTokenNeedsUnit,        &kTokenUnitOnlyForUnits,
      &kTokenNeedsHolder,   &kTokenHashTaken,          &kTokenExists,           &kTokenNotFound,
      &kTokenAlreadyRevoked, &kKeyOfficeOnly,          &kKeyExists,             &kKeyNotFound,
      &kKeyAlreadyRevoked,  &kSubscriptionOwnUnitOnly, &kSubscriptionExists,    &kSubscriptionNotFound,
      &kSubscriptionCancelled, &kSecurityLogDay,       &kSecurityLastBeforeFirst, &kSecurityFirstDay,
      &kSecurityLogSystemOnly, &kNoToken, &kUnknownToken, &kRevokedToken, &kUnitReadsOwnUnit, &kReadTaskNotFound,
      &kReadNotResponsible, &kReadNotificationNotFound, &kReadNotificationNotYours, &kUnitNoRawReadModels, &kKindReaders,
      &kInboxOwnerOnly, &kTokenHashesHidden, &kUserOfficeOnly, &kUserNeedsUnit, &kUserUnitOnlyForUnits, &kUserExists,
      &kUserNotFound, &kUserAlreadyDisabled, &kUserNotDisabled};
  return all;
}

}  // namespace safecity::access
