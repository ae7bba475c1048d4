#include "connectors/http/auth_failure_limiter.h"

#include <algorithm>
#include <cmath>

namespace safecity::http {

AuthFailureLimiter::AuthFailureLimiter(double burst, double per_second, size_t max_addresses)
    : burst_(std::max(burst, 1.0)), per_second_(std::max(per_second, 0.001)), max_addresses_(std::max<size_t>(max_addresses, 1)) {
  shared_.tokens = burst_;
}

double AuthFailureLimiter::Refilled(const Bucket& b, int64_t now_ms) const {
  const double elapsed_s = static_cast<double>(std::max<int64_t>(now_ms - b.at_ms, 0)) / 1000.0;
  return std::min(burst_, b.tokens + elapsed_s * per_second_);
}

int AuthFailureLimiter::Take(const std::string& address, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  Bucket* b = nullptr;
  auto it = buckets_.find(address);
  if (it != buckets_.end()) {
    b = &it->second;
  } else {
    // Dropping the full buckets is a walk over all of them: at most once a second.
    if (buckets_.size() >= max_addresses_ && now_ms - swept_ms_ >= 1000) {
      swept_ms_ = now_ms;
      for (auto i = buckets_.begin(); i != buckets_.end();) i = Refilled(i->second, now_ms) >= burst_ ? buckets_.erase(i) : std::next(i);
    }
    if (buckets_.size() < max_addresses_) {
      b = &buckets_.emplace(address, Bucket{burst_, now_ms}).first->second;
    } else {
      b = &shared_;
    }
  }
  // The bucket changes only when a failure is taken from it: a refused one
  // leaves it as it was, so the refill is computed from one point in time.
  const double tokens = Refilled(*b, now_ms);
  if (tokens >= 1.0) {
    b->tokens = tokens - 1.0;
    b->at_ms = std::max(b->at_ms, now_ms);
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - tokens) / per_second_)));
}

int AuthFailureLimiter::Waiting(const std::string& address, int64_t now_ms) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(address);
  const Bucket* b = it != buckets_.end() ? &it->second : buckets_.size() < max_addresses_ ? nullptr : &shared_;
  if (!b) return 0;  // a new address starts with a full bucket
  const double tokens = Refilled(*b, now_ms);
  return tokens >= 1.0 ? 0 : std::max(1, static_cast<int>(std::ceil((1.0 - tokens) / per_second_)));
}

size_t AuthFailureLimiter::addresses() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

}  // namespace safecity::http
