// RefusalRecorder: puts the API's refusals into the security log
// (workflows/access/security_log.h) without letting a flood write it full,
// and limits failed authentications per client address.
//
//  - Record(r): the first refusal of a source (address, principal, reason)
//    is recorded at once as AccessRefused, before the answer goes out; the
//    ones after it are counted in a RefusalWindow and written as one
//    AccessRefusalsSummarised per source and minute, by a background thread
//    shortly after each minute ends, and all that is left on Stop.
//  - ThrottleFailure(address, now): an AuthFailureLimiter (a burst of
//    failures per address, refilled at so many a second): 0 when a 401 may
//    go out, else the Retry-After seconds of a 429.
//
// A write that fails is said on stderr; the client still gets its answer.
// Thread-safe; `gateway` must outlive the recorder.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "connectors/http/auth_failure_limiter.h"
#include "connectors/http/refusal_window.h"

namespace safecity {
class CommandGateway;
}

namespace safecity::http {

class RefusalRecorder {
 public:
  // `on_written` runs after each event written (the server wakes its reactions).
  RefusalRecorder(CommandGateway* gateway, double failure_burst, double failures_per_second, std::function<void()> on_written);
  ~RefusalRecorder();
  RefusalRecorder(const RefusalRecorder&) = delete;
  RefusalRecorder& operator=(const RefusalRecorder&) = delete;

  void Record(const Refusal& r);
  int ThrottleFailure(const std::string& address, int64_t now_ms);
  // The same, counting nothing: the seconds `address` must wait now (0: none).
  int ThrottleWaiting(const std::string& address, int64_t now_ms) const;
  // Writes every summary still counted and stops the background thread.
  void Stop();

 private:
  void FlushLoop();
  void Write(const RefusalSummary& s);
  void WriteAtOnce(const Refusal& r);

  CommandGateway* gateway_;
  std::function<void()> on_written_;
  RefusalWindow window_;
  AuthFailureLimiter limiter_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace safecity::http
