#include "connectors/http/password.h"

#include <sodium.h>

#include <condition_variable>
#include <mutex>

#include "connectors/http/api_refusals.h"
#include "engine/utf8.h"

namespace safecity::http {

namespace {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

Status CheckPassword(const std::string& password, const std::string& field) {
  const auto points = DecodeUtf8(password);
  if (password.size() < 10 || password.size() > 128)
    return Status::Refusal(Status::Code::kInvalid, field, kPasswordLength, {});
  if (points.find_first_not_of(points[0]) == std::u32string::npos)
    return Status::Refusal(Status::Code::kInvalid, field, kPasswordOneCharacter, {});
  return Status::Ok();
}

Result<std::string> HashPassword(const std::string& password) {
  if (!SodiumReady()) return Status::Storage("libsodium could not start (sodium_init failed)");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Status::Storage("not enough memory to hash the password (Argon2id needs 64 MiB)");
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  if (!SodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  // At most two checks at once (64 MiB and both cores each): a flood of logins
  // waits here instead of taking every handler thread and the memory.
  static std::mutex mu;
  static std::condition_variable freed;
  static int running = 0;
  {
    std::unique_lock<std::mutex> lock(mu);
    freed.wait(lock, [] { return running < 2; });
    ++running;
  }
  const bool same = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  {
    std::lock_guard<std::mutex> lock(mu);
    --running;
  }
  freed.notify_one();
  return same;
}

}  // namespace safecity::http
