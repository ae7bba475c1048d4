#include "workflows/notification/recipient.h"

namespace safecity::notification {

namespace {

// '/' would let one owner's key be a prefix of another's; '%' escapes it.
std::string Escaped(const std::string& principal) {
  std::string out;
  for (char c : principal) {
    if (c == '/')
      out += "%2F";
    else if (c == '%')
      out += "%25";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string RecipientRoleOf(const std::string& recipient_role, const std::string& recipient, const std::string& kind) {
  if (!recipient_role.empty()) return recipient_role;
  // Queued before recipient_role: what the process manager queued then.
  if (recipient == "office") return "office";
  if (kind == "verification_assigned") return "inspector";
  return "unit";
}

std::string RecipientRole(const Json& queued) {
  if (!queued.is_object()) return "unit";
  return RecipientRoleOf(queued.value("recipient_role", ""), queued.value("recipient", ""), queued.value("kind", ""));
}

std::string InboxOwner(const std::string& role, const std::string& principal) {
  if (role == "office") return "office";
  // A unit's id has no ':' nor '/' (schemas/commands/unit.register.json); a
  // unit called "office" must not read the office's inbox.
  if (role == "unit" && principal != "office") return principal;
  return role + ":" + Escaped(principal);
}

std::string InboxOwnerOf(const Json& queued) { return InboxOwner(RecipientRole(queued), queued.value("recipient", "")); }

bool IsRecipientOf(const Actor& who, const std::string& role, const std::string& recipient) {
  if (who.role != role) return false;
  return role == "office" || who.id == recipient;
}

bool IsRecipient(const Actor& who, const Json& queued) {
  return IsRecipientOf(who, RecipientRole(queued), queued.value("recipient", ""));
}

}  // namespace safecity::notification
