#include "connectors/http/sessions.h"

#include <openssl/rand.h>

#include <cstdlib>
#include <iterator>


namespace safecity::http {

namespace {

std::string RandomHex() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) abort();  // no randomness: no session may be made
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

}  // namespace

Session SessionStore::Create(const Actor& actor, const std::string& login, int64_t revision, int64_t now_ms) {
  Session s{RandomHex(), RandomHex(), login, actor, revision, now_ms, now_ms};
  std::lock_guard<std::mutex> lock(mu_);
  // Forget the sessions that ran out, so that the map follows the people logged in.
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = (now_ms - it->second.last_ms > limits_.idle_ms || now_ms - it->second.created_ms > limits_.absolute_ms) ? sessions_.erase(it)
                                                                                                                  : std::next(it);
  sessions_[s.id] = s;
  return s;
}

std::optional<Session> SessionStore::Find(const std::string& id, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now_ms - it->second.last_ms > limits_.idle_ms || now_ms - it->second.created_ms > limits_.absolute_ms) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_ms = now_ms;
  return it->second;
}

void SessionStore::Remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(id);
}

int64_t SessionStore::LockedFor(const std::string& login, int64_t revision, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(login);
  if (it == failures_.end()) return 0;
  if (it->second.revision != revision) {  // the office changed the account since: a fresh start
    failures_.erase(it);
    return 0;
  }
  if (it->second.locked_until_ms <= now_ms) return 0;
  return (it->second.locked_until_ms - now_ms + 999) / 1000;
}

bool SessionStore::Failed(const std::string& login, int64_t revision, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failures_.size() >= 10000 && !failures_.count(login)) {
    // Names tried and not locked, whose window has passed, are forgotten first.
    for (auto it = failures_.begin(); it != failures_.end();)
      it = it->second.locked_until_ms <= now_ms && now_ms - it->second.first_ms > limits_.failure_window_ms ? failures_.erase(it)
                                                                                                            : std::next(it);
    if (failures_.size() >= 10000) return false;  // a flood of names: the address limiter answers it
  }
  Failures& f = failures_[login];
  if (f.revision != revision) f = Failures{0, now_ms, 0, revision};
  if (f.locked_until_ms > now_ms) return true;  // a lock is never shortened by a failure that raced it
  if (f.count == 0 || now_ms - f.first_ms > limits_.failure_window_ms) {
    f.count = 0;
    f.first_ms = now_ms;
  }
  if (++f.count < limits_.max_failures) return false;
  f.count = 0;
  f.locked_until_ms = now_ms + limits_.lock_ms;
  return true;
}

void SessionStore::Succeeded(const std::string& login) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(login);
}

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(at, end - at);
    const size_t first = part.find_first_not_of(' ');
    part = first == std::string::npos ? "" : part.substr(first);
    if (part.compare(0, name.size() + 1, name + "=") == 0) return part.substr(name.size() + 1);
    at = end + 1;
  }
  return "";
}

}  // namespace safecity::http
