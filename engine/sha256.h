// SHA-256 of bytes, as lower-case hex (OpenSSL).
#pragma once

#include <string>
#include <string_view>

namespace safecity {

std::string Sha256Hex(std::string_view bytes);

// Any bytes as lower-case hex, two digits a byte.
std::string HexOf(std::string_view bytes);

// Incremental hasher for checksums over many records.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::string_view bytes);
  std::string FinishHex();

 private:
  void* ctx_;
};

}  // namespace safecity
