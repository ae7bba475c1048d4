// The refusals of access (访问控制): tokens (令牌), webhook keys (webhook
// 密钥), webhook subscriptions (订阅) and the security log (安全日志), in
// Chinese and English with their stable reasons (engine/message.h). The
// office's clerk issuing a token and a district's integrator subscribing its
// system read these.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::access {

extern const Message kStreamMismatch;          // {stream}: the stream the command must name
extern const Message kTokenOfficeOnly;
extern const Message kTokenNeedsUnit;
extern const Message kTokenUnitOnlyForUnits;   // {role} {role_zh}
extern const Message kTokenNeedsHolder;        // {role} {role_zh}
extern const Message kTokenHashTaken;
extern const Message kTokenExists;             // {token}
extern const Message kTokenNotFound;           // {token}
extern const Message kTokenAlreadyRevoked;     // {token} {revoked_at}
extern const Message kKeyOfficeOnly;
extern const Message kKeyExists;               // {key}
extern const Message kKeyNotFound;             // {key}
extern const Message kKeyAlreadyRevoked;       // {key} {revoked_at}
extern const Message kSubscriptionOwnUnitOnly;
extern const Message kSubscriptionExists;      // {subscription}
extern const Message kSubscriptionNotFound;    // {subscription}
extern const Message kSubscriptionCancelled;   // {subscription} {cancelled_at}
extern const Message kSecurityLogDay;
extern const Message kSecurityLastBeforeFirst;
extern const Message kSecurityFirstDay;        // {day}
extern const Message kSecurityLogSystemOnly;

// Persons' accounts (用户账户).
extern const Message kUserOfficeOnly;
extern const Message kUserNeedsUnit;
extern const Message kUserUnitOnlyForUnits;    // {role} {role_zh}
extern const Message kUserExists;              // {login}
extern const Message kUserNotFound;            // {user}
extern const Message kUserAlreadyDisabled;     // {login}
extern const Message kUserNotDisabled;         // {login}

// Authentication (认证) of an API or webhook request.
extern const Message kNoToken;
extern const Message kUnknownToken;
extern const Message kRevokedToken;            // {token} {revoked_at}
// What a token may read (stream_access.h).
extern const Message kUnitReadsOwnUnit;        // {unit}
extern const Message kReadTaskNotFound;        // {task}
extern const Message kReadNotResponsible;      // {unit} {task}
extern const Message kReadNotificationNotFound;  // {notification}
extern const Message kReadNotificationNotYours;  // {notification} {role} {role_zh}
extern const Message kUnitNoRawReadModels;
extern const Message kKindReaders;             // {pattern} {pattern_zh} {readers} {readers_zh} {role} {role_zh}
extern const Message kInboxOwnerOnly;
extern const Message kTokenHashesHidden;

const std::vector<const Message*>& AccessRefusals();

}  // namespace safecity::access
