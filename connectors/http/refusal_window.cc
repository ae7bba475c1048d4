#include "connectors/http/refusal_window.h"

#include <algorithm>

namespace safecity::http {

namespace {

constexpr int64_t kMinuteMs = 60 * 1000;

int64_t MinuteOf(int64_t ms) { return ms >= 0 ? ms / kMinuteMs : (ms - kMinuteMs + 1) / kMinuteMs; }

}  // namespace

RefusalWindow::RefusalWindow(size_t max_sources) : max_sources_(std::max<size_t>(max_sources, 1)) {}

bool RefusalWindow::Add(const Refusal& r) {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t minute = MinuteOf(r.at_ms);
  Source source{r.remote, r.principal, r.reason};
  auto it = entries_.find(source);
  if (it == entries_.end()) {
    if (entries_.size() < max_sources_) {
      entries_.emplace(source, Entry{minute, {}});
      return true;
    }
    // Full: the other sources, counted together.
    source = Source{"*", "*", r.reason};
    it = entries_.emplace(source, Entry{minute, {}}).first;
  }
  Entry& e = it->second;
  if (e.minute < minute) {
    if (e.pending.count > 0) due_.push_back(e.pending);
    e.pending = RefusalSummary{};
    e.minute = minute;
  }
  if (e.pending.count == 0) {
    e.pending.sample = r;
    if (std::get<0>(source) == "*") e.pending.sample.remote = e.pending.sample.principal = "*";
    e.pending.first_ms = r.at_ms;
  }
  e.pending.last_ms = std::max(e.pending.last_ms, r.at_ms);
  ++e.pending.count;
  return false;
}

std::vector<RefusalSummary> RefusalWindow::TakeDue(int64_t now_ms, bool all) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<RefusalSummary> out;
  out.swap(due_);
  const int64_t minute = MinuteOf(now_ms);
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& e = it->second;
    if (!all && e.minute >= minute) {
      ++it;
      continue;
    }
    if (e.pending.count == 0) {  // quiet for its whole minute: forgotten
      it = entries_.erase(it);
      continue;
    }
    out.push_back(e.pending);
    e.pending = RefusalSummary{};
    e.minute = minute;
    if (all) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(out.begin(), out.end(), [](const RefusalSummary& a, const RefusalSummary& b) { return a.first_ms < b.first_ms; });
  return out;
}

size_t RefusalWindow::sources() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

}  // namespace safecity::http
