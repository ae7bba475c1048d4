#include "connectors/http/refusal_recorder.h"

#include <chrono>
#include <iostream>

#include "engine/command_gateway.h"
#include "engine/sha256.h"
#include "engine/time_util.h"
#include "engine/utf8.h"
#include "workflows/access/security_log.h"

namespace safecity::http {

namespace {

const Actor kApiActor{"api", "system"};

Json RefusalData(const Refusal& r) {
  Json d{{"principal", TruncateUtf8(r.principal, 128)},
         {"role", r.role},
         {"channel", r.channel},
         {"action", TruncateUtf8(r.action, 200)},
         {"http_status", r.http_status},
         {"reason", r.reason},
         {"message", TruncateUtf8(r.message, 1000)},
         {"remote", TruncateUtf8(r.remote, 100)}};
  if (!r.token_id.empty()) d["token_id"] = TruncateUtf8(r.token_id, 64);
  if (!r.target.empty()) d["target"] = TruncateUtf8(r.target, 200);
  return d;
}

std::string SourceKey(const Refusal& r) { return r.remote + "\n" + r.principal + "\n" + r.reason; }

}  // namespace

RefusalRecorder::RefusalRecorder(CommandGateway* gateway, double failure_burst, double failures_per_second,
                                 std::function<void()> on_written)
    : gateway_(gateway),
      on_written_(std::move(on_written)),
      limiter_(failure_burst, failures_per_second, 4096),
      flusher_([this] { FlushLoop(); }) {}

RefusalRecorder::~RefusalRecorder() { Stop(); }

void RefusalRecorder::Record(const Refusal& r) {
  if (window_.Add(r)) WriteAtOnce(r);
}

int RefusalRecorder::ThrottleFailure(const std::string& address, int64_t now_ms) { return limiter_.Take(address, now_ms); }
int RefusalRecorder::ThrottleWaiting(const std::string& address, int64_t now_ms) const { return limiter_.Waiting(address, now_ms); }

void RefusalRecorder::WriteAtOnce(const Refusal& r) {
  CommandEnvelope c;
  c.issued_at = r.at_ms;
  c.id = "sec-" + Sha256Hex(SourceKey(r) + "\n" + std::to_string(r.at_ms)).substr(0, 32);
  c.type = "security.record_refusal";
  c.stream = access::SecurityStreamFor(r.at_ms);
  c.actor = kApiActor;
  c.data = RefusalData(r);
  CommandResult res = gateway_->Submit(c);
  if (!res.status.ok()) std::cerr << "api: could not record a refusal in " << c.stream << ": " << res.status.ToString() << "\n";
  if (on_written_) on_written_();
}

void RefusalRecorder::Write(const RefusalSummary& s) {
  CommandEnvelope c;
  c.issued_at = s.last_ms;
  // One summary per source and minute: a retry of the same one is a duplicate.
  c.id = "secsum-" + Sha256Hex(SourceKey(s.sample) + "\n" + std::to_string(s.first_ms)).substr(0, 32);
  c.type = "security.summarise_refusals";
  c.stream = access::SecurityStreamFor(s.first_ms);
  c.actor = kApiActor;
  c.data = RefusalData(s.sample);
  c.data["first"] = FormatIsoMs(s.first_ms);
  c.data["last"] = FormatIsoMs(s.last_ms);
  c.data["count"] = s.count;
  CommandResult res = gateway_->Submit(c);
  if (!res.status.ok())
    std::cerr << "api: could not record " << s.count << " refusals from " << s.sample.remote << " in " << c.stream << ": "
              << res.status.ToString() << "\n";
  if (on_written_) on_written_();
}

void RefusalRecorder::FlushLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    // Not a sleep waiting for something: summaries are due when a minute
    // ends (plus a moment, for refusals answered right at its end), and a stop ends the wait.
    const int64_t now = NowMs();
    const int64_t next = (now / 60000 + 1) * 60000 + 200;
    wake_.wait_for(lock, std::chrono::milliseconds(next - now), [&] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    for (const RefusalSummary& s : window_.TakeDue(NowMs())) Write(s);
    lock.lock();
  }
}

void RefusalRecorder::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !flusher_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  for (const RefusalSummary& s : window_.TakeDue(NowMs(), true)) Write(s);
}

}  // namespace safecity::http
