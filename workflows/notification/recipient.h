// Recipient (收件人): who a notification is for — a role and a principal —
// and the inbox (收件箱) that holds it.
//
// NotificationQueued names `recipient` (a unit id, "office", or an
// inspector's name) and, since recipient_role was added, `recipient_role`
// (unit | office | inspector). Events queued before that carry no role; they
// are read as what they were (an upcast on read, never a rewrite of the
// log): recipient "office" is the office's, a `verification_assigned`
// notification is an inspector's, any other a unit's, which is all the
// process manager ever queued for those roles. Their aggregate state stays
// exactly as it was: the role is derived where it is needed, not stored.
//
// The inbox owner is the key of a principal's inbox in the read models
// (inbox/<owner>/..., cnt/<owner>/unread): "office" for the office (one
// inbox for all its people), a unit's id for a unit (as before, so the rows
// of units' notifications keep their keys), and "<role>:<principal>" for
// anyone else ("inspector:zhang"), with '/' and '%' escaped, so that an
// inspector named like a unit never shares its inbox and no owner's key is a
// prefix of another's. Auditors get no notifications: their owner is
// "auditor:<principal>", an empty inbox.
#pragma once

#include <string>

#include "engine/envelope.h"

namespace safecity::notification {

// The role of a notification's recipient, from NotificationQueued's data or
// the notification's state (which starts as that data).
std::string RecipientRole(const Json& queued);
// The same from its fields (`recipient_role` "" when the event named none).
std::string RecipientRoleOf(const std::string& recipient_role, const std::string& recipient, const std::string& kind);

// The inbox owner of a principal in a role.
std::string InboxOwner(const std::string& role, const std::string& principal);

// The inbox owner of a notification (its NotificationQueued data or state).
std::string InboxOwnerOf(const Json& queued);

// Whether `who` is the recipient `recipient` in `role`: the office for the
// office's, else the same role and principal. The one rule; the two below
// read role and recipient from a queued event or a state.
bool IsRecipientOf(const Actor& who, const std::string& role, const std::string& recipient);

// The same for a notification's NotificationQueued data or JSON state.
bool IsRecipient(const Actor& who, const Json& queued);

}  // namespace safecity::notification
