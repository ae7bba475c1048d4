// Persons' passwords (密码), at the edges only: the CLI hashes what a person
// types before a command carries it, the API checks a login against the hash
// an account holds. Argon2id through libsodium (crypto_pwhash_str, its
// "interactive" limits: 64 MiB and about a tenth of a second here), with a
// random salt, so a hash is never computed in Decide or Apply.
#pragma once

#include <string>

#include "engine/status.h"

namespace safecity::http {

// A password a person may choose: 10 to 128 bytes of UTF-8, not all the same
// character. kInvalid on `field` naming what is wrong.
Status CheckPassword(const std::string& password, const std::string& field);
// The Argon2id hash ("$argon2id$v=19$m=65536,t=2,p=1$…") of `password`.
Result<std::string> HashPassword(const std::string& password);
// Whether `password` is the one `hash` was made from (false for a malformed
// hash); at most two run at once in a process, the others wait.
bool VerifyPassword(const std::string& hash, const std::string& password);

}  // namespace safecity::http
