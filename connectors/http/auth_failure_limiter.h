// AuthFailureLimiter: how many failed authentications (401) a client address
// gets before it is answered 429 Too Many Requests with Retry-After.
//
// A bucket per address holds up to `burst` failures and refills at
// `per_second`; each 401 takes one. With the bucket empty, Take says how many
// whole seconds to wait until one is back, and the request is answered 429
// instead of 401 (recorded too, as a refusal for the reason rate_limited). A
// request with a valid token is never limited: only failures are, so a
// client behind the same address as a guesser keeps working.
//
// Bounded: at most max_addresses buckets. A bucket refilled to the full is
// the same as none and is dropped first; when every bucket is still in use,
// further addresses share one bucket, so a flood from many addresses is
// limited as one, and no address can empty the table to start afresh.
//
// The time is the caller's: no clock here. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace safecity::http {

class AuthFailureLimiter {
 public:
  AuthFailureLimiter(double burst, double per_second, size_t max_addresses);

  // A failed authentication from `address` at `now_ms`: 0 when it may be
  // answered 401 (it took one from the bucket), else the seconds (>= 1) to
  // put in Retry-After.
  int Take(const std::string& address, int64_t now_ms);
  // What Take would answer, taking nothing: 0 when a failure may be answered
  // now, else the seconds to wait (a login checks this before its costly hash).
  int Waiting(const std::string& address, int64_t now_ms) const;
  size_t addresses() const;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };
  double Refilled(const Bucket& b, int64_t now_ms) const;

  const double burst_, per_second_;
  const size_t max_addresses_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Bucket shared_;  // the addresses beyond max_addresses
  int64_t swept_ms_ = 0;
};

}  // namespace safecity::http
