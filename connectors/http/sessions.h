// Sessions (会话) of persons logged in to the web console, held by the serving
// process: a session id in an HttpOnly, SameSite=Strict cookie
// (`safecity_session`, Secure under TLS), and beside it a CSRF token the page
// sends back in `X-CSRF-Token` with every request that changes something.
// A session ends after 8 hours without a request, 12 hours after the login,
// at logout, or when its account changes at all (disabled, enabled, its
// password set: the account's revision, checked at every request). A
// restart ends every session: people log in again.
//
// Failed logins per login name: the fifth within 15 minutes locks that name
// for 15 minutes (answered 429 with Retry-After), whoever tries it, until the
// office changes the account (a password reset unlocks it); a success
// clears the count. At most 10,000 names are remembered. (Failures per
// address are the API's own limiter, auth_failure_limiter.h, asked before
// any password is checked.)
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "engine/envelope.h"

namespace safecity::http {

inline constexpr const char* kSessionCookie = "safecity_session";

struct Session {
  std::string id;     // 64 hex digits (32 random bytes)
  std::string csrf;   // 64 hex digits, sent back in X-CSRF-Token
  std::string login;  // the account's login (its principal, or its unit's staff)
  Actor actor;        // who the account acts as
  int64_t revision = 0;  // the account's revision at the login (user_account.h)
  int64_t created_ms = 0, last_ms = 0;
};

struct SessionLimits {
  int64_t idle_ms = 8LL * 3600 * 1000;
  int64_t absolute_ms = 12LL * 3600 * 1000;
  int max_failures = 5;
  int64_t failure_window_ms = 15LL * 60 * 1000;
  int64_t lock_ms = 15LL * 60 * 1000;
};

class SessionStore {
 public:
  explicit SessionStore(SessionLimits limits = {}) : limits_(limits) {}

  Session Create(const Actor& actor, const std::string& login, int64_t revision, int64_t now_ms);
  // The live session with this id, its idle clock restarted; none when it
  // does not exist or has run out (then it is forgotten).
  std::optional<Session> Find(const std::string& id, int64_t now_ms);
  void Remove(const std::string& id);

  // Seconds until `login` may try again (0: now); `revision` is its account's
  // now (-1: none), and a lock set at another revision is lifted.
  int64_t LockedFor(const std::string& login, int64_t revision, int64_t now_ms);
  // A failed login; true when the name is locked after it.
  bool Failed(const std::string& login, int64_t revision, int64_t now_ms);
  void Succeeded(const std::string& login);

 private:
  struct Failures {
    int count = 0;
    int64_t first_ms = 0, locked_until_ms = 0;
    int64_t revision = -1;
  };
  SessionLimits limits_;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, Failures> failures_;
};

// The value of cookie `name` in a Cookie header ("" when absent).
std::string CookieValue(const std::string& header, const std::string& name);

}  // namespace safecity::http
