// UserAccountWorkflow: the accounts (用户账户) with which persons log in to the
// web console — the office's clerks, a unit's rectification officers, the
// inspectors and the auditors — in streams "user-<user_id>", where user_id is
// UserIdOf(login) so that a login names its stream without an index. A
// unit's staff act as their unit (as a unit's token does); the others act as
// their login in their role. Machines keep API tokens (access_token.h).
//
// The password itself is never in the log: the CLI (or the console's own
// form, through the API) hashes it with Argon2id (libsodium's
// crypto_pwhash_str, a random salt) and sends only that string; Decide never
// hashes, so replaying the log decides nothing again.
//
// Commands: user.add, user.set_password, user.disable, user.enable (office
//           only: a reset of a password too).
// Events:   UserAdded {user_id, login, name, role, unit?, password_hash},
//           UserPasswordSet {user_id, password_hash},
//           UserDisabled {user_id, reason}, UserEnabled {user_id, reason}.
// Read model: user/<user_id> (the account with its hash, its state, the
// times and its revision, which every event raises: a session made at another
// revision has ended; stream_access.h shows the hash to no one).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/read_models.h"
#include "engine/workflow.h"

namespace safecity::access {

std::unique_ptr<Workflow> MakeUserAccountWorkflow();

// "u" and the first 16 hex digits of the login's SHA-256.
std::string UserIdOf(const std::string& login);
std::string UserKey(const std::string& user_id);
// The account a login names (null when there is none), with its hash.
Json ReadUserByLogin(ReadModelReader& reader, const std::string& login);
// Every account (with its hash), in user id order.
Status ForEachUser(ReadModelReader& reader, const std::function<bool(const Json& account)>& fn);
// The principal an account acts as: its unit for a unit's staff, else its login.
Actor ActorOfUser(const Json& account);

}  // namespace safecity::access
