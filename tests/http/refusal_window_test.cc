// RefusalWindow and AuthFailureLimiter on explicit times: a source's first
// refusal is recorded at once, the rest summarised once per minute and all
// counted; the window stays bounded whatever the number of sources; the
// limiter answers 429 once an address has spent its failures, for the
// seconds until one is back, and stays bounded too.
#include <gtest/gtest.h>

#include "connectors/http/auth_failure_limiter.h"
#include "connectors/http/refusal_window.h"

namespace safecity::http {
namespace {

constexpr int64_t kT0 = 1700000080000;  // 40 s into a UTC minute

Refusal From(const std::string& remote, int64_t at_ms, const std::string& reason = "unauthenticated") {
  Refusal r;
  r.remote = remote;
  r.principal = "anonymous";
  r.role = "none";
  r.channel = "http";
  r.action = "GET /v1/whoami";
  r.reason = reason;
  r.message = "no token";
  r.http_status = 401;
  r.at_ms = at_ms;
  return r;
}

int64_t Counted(const std::vector<RefusalSummary>& summaries) {
  int64_t n = 0;
  for (const auto& s : summaries) n += s.count;
  return n;
}

TEST(RefusalWindow, TheFirstOfASourceIsRecordedAtOnceTheRestOncePerMinute) {
  RefusalWindow w;
  EXPECT_TRUE(w.Add(From("10.0.0.1", kT0)));
  for (int i = 1; i < 100; ++i) EXPECT_FALSE(w.Add(From("10.0.0.1", kT0 + i * 10)));
  EXPECT_TRUE(w.Add(From("10.0.0.1", kT0, "forbidden"))) << "another reason is another source";
  EXPECT_TRUE(w.TakeDue(kT0 + 5000).empty()) << "the minute is not over";
  auto due = w.TakeDue(kT0 + 20000);  // the next minute
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].count, 99);
  EXPECT_EQ(due[0].first_ms, kT0 + 10);
  EXPECT_EQ(due[0].last_ms, kT0 + 990);
  EXPECT_EQ(due[0].sample.action, "GET /v1/whoami");
  // Still flooding in the next minute: counted, not recorded at once again.
  EXPECT_FALSE(w.Add(From("10.0.0.1", kT0 + 30000)));
  // A refusal in a later minute hands out the one before.
  EXPECT_FALSE(w.Add(From("10.0.0.1", kT0 + 90000)));
  EXPECT_EQ(Counted(w.TakeDue(kT0 + 90000)), 1);
  // Quiet for a whole minute: forgotten, and recorded at once again.
  EXPECT_EQ(Counted(w.TakeDue(kT0 + 200000)), 1);
  EXPECT_EQ(Counted(w.TakeDue(kT0 + 300000)), 0);
  EXPECT_EQ(w.sources(), 0u);
  EXPECT_TRUE(w.Add(From("10.0.0.1", kT0 + 300000)));
}

TEST(RefusalWindow, StaysBoundedWhateverTheNumberOfSourcesAndCountsEveryRefusal) {
  RefusalWindow w(100);
  int64_t at_once = 0;
  for (int i = 0; i < 100000; ++i) at_once += w.Add(From("10." + std::to_string(i / 65536) + "." + std::to_string(i / 256 % 256) + "." +
                                                          std::to_string(i % 256),
                                                      kT0 + i % 1000));
  EXPECT_LE(w.sources(), 101u);
  EXPECT_EQ(at_once, 100);
  auto all = w.TakeDue(kT0, true);
  EXPECT_EQ(at_once + Counted(all), 100000);
  ASSERT_EQ(all.size(), 1u) << "the other sources, together";
  EXPECT_EQ(all[0].sample.remote, "*");
  EXPECT_EQ(all[0].sample.principal, "*");
  EXPECT_EQ(w.sources(), 0u) << "a shutdown takes everything";
}

TEST(AuthFailureLimiter, ABurstIsAnswered429UntilABucketRefills) {
  AuthFailureLimiter l(20, 2, 16);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(l.Take("10.0.0.1", kT0), 0) << i;
  EXPECT_EQ(l.Take("10.0.0.1", kT0), 1) << "empty: retry after one refill (0.5 s, rounded up)";
  EXPECT_EQ(l.Take("10.0.0.2", kT0), 0) << "another address has its own bucket";
  EXPECT_EQ(l.Take("10.0.0.1", kT0 + 499), 1);
  EXPECT_EQ(l.Take("10.0.0.1", kT0 + 500), 0) << "one failure back after half a second";
  EXPECT_EQ(l.Take("10.0.0.1", kT0 + 500), 1);
}

TEST(AuthFailureLimiter, StaysBoundedAndAFloodOfAddressesSharesOneBucket) {
  AuthFailureLimiter l(2, 1, 8);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(l.Take("10.0.0." + std::to_string(i), kT0), 0);
  int limited = 0;
  for (int i = 8; i < 1000; ++i) limited += l.Take("10.0.1." + std::to_string(i), kT0) > 0;
  EXPECT_EQ(l.addresses(), 8u);
  EXPECT_EQ(limited, 990) << "beyond the table, one shared bucket of 2";
  // Once the tracked buckets are full again, they make room for new addresses.
  EXPECT_EQ(l.Take("10.0.2.1", kT0 + 10000), 0);
  EXPECT_LE(l.addresses(), 8u);
}

}  // namespace
}  // namespace safecity::http
