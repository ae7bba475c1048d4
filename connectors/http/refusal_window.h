// RefusalWindow: the refusals of the API (401, 403, 429), kept per source
// and minute so that a flood writes a handful of events to the security log
// instead of one fsynced event per request.
//
// A source is (client address, principal, reason). Its first refusal is to
// be recorded at once and whole (Add returns true: an AccessRefused event).
// Those that follow are counted; once their UTC minute is over, TakeDue
// hands them out as one summary per source {first, last, count, a sample}:
// an AccessRefusalsSummarised event. A source that stayed quiet for a whole
// minute is forgotten, so its next refusal is recorded at once again.
//
// Bounded: at most max_sources sources are kept. While the window is full,
// refusals from further sources are counted together under the source
// {remote "*", principal "*", their reason}, so memory stays bounded
// whatever the number of addresses and principals, and every refusal is
// counted: the recorded ones plus the summaries' counts are all of them.
//
// The time is the caller's (Refusal::at_ms, TakeDue's now): no clock here.
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace safecity::http {

// One refused request, as the security log records it (AccessRefused).
struct Refusal {
  std::string remote;     // the client's address
  std::string principal;  // who acted, or "anonymous"
  std::string role;       // its role, or "none"
  std::string token_id;   // the token or webhook key, when known
  std::string channel;    // http | webhook
  std::string action;     // the command type, or METHOD /path
  std::string target;     // the stream acted on, when known
  std::string reason;     // unauthenticated | forbidden | rate_limited
  std::string message;    // the answer's detail
  int http_status = 0;
  int64_t at_ms = 0;  // UTC
};

// The refusals of one source in one minute, after the one recorded at once.
struct RefusalSummary {
  Refusal sample;  // the first of them (remote and principal "*" for the other sources)
  int64_t first_ms = 0;
  int64_t last_ms = 0;
  int64_t count = 0;
};

class RefusalWindow {
 public:
  explicit RefusalWindow(size_t max_sources = 4096);

  // Counts `r`. True when it is the first of its source: record it at once.
  bool Add(const Refusal& r);
  // The summaries of the minutes that are over at `now_ms`, taken out of the
  // window (with `all`, every summary, as on shutdown). Oldest first.
  std::vector<RefusalSummary> TakeDue(int64_t now_ms, bool all = false);
  // How many sources the window holds now (at most max_sources + 3).
  size_t sources() const;

 private:
  using Source = std::tuple<std::string, std::string, std::string>;  // remote, principal, reason
  struct Entry {
    int64_t minute = 0;  // the UTC minute being counted
    RefusalSummary pending;
  };
  const size_t max_sources_;
  mutable std::mutex mu_;
  std::map<Source, Entry> entries_;
  std::vector<RefusalSummary> due_;  // minutes a later refusal found over
};

}  // namespace safecity::http
