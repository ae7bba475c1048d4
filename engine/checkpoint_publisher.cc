#include "engine/checkpoint_publisher.h"

#include <chrono>

#include "engine/command_gateway.h"
#include "engine/log_audit.h"
#include "engine/store.h"
#include "engine/time_util.h"

namespace safecity {

Result<checkpoint::SignedTreeHead> PublishCheckpoint(CommandGateway* gateway, const checkpoint::SigningKey& key,
                                                     int64_t now_ms, const Actor& actor) {
  Store* store = gateway->store();
  auto head = SignCheckpoint(store, key, now_ms);
  if (!head.ok()) return head.status();
  const std::string log_id = LogIdOf(store);
  CommandEnvelope c;
  c.type = "checkpoint.record";
  c.stream = checkpoint::CheckpointStreamFor(log_id);
  c.id = "checkpoint-" + log_id + "-" + std::to_string(head.value().tree_size);
  c.issued_at = now_ms;
  c.actor = actor;
  c.data = checkpoint::ToJson(head.value());
  CommandResult r = gateway->Submit(c);
  // One of this size is recorded already (an earlier run, or nothing new): the file still holds this one.
  if (!r.status.ok() && r.status.code() != Status::Code::kRefused) return r.status;
  return head;
}

CheckpointPublisher::CheckpointPublisher(CommandGateway* gateway, std::shared_ptr<checkpoint::SigningKey> key,
                                         CheckpointPublishOptions options, std::function<void(const Status&)> on_error)
    : gateway_(gateway), key_(std::move(key)), options_(std::move(options)), on_error_(std::move(on_error)) {
  // After a restart, the last checkpoint recorded is the one to grow from.
  const auto recorded = RecordedCheckpoints(gateway_->store());
  if (!recorded.empty()) last_size_ = recorded.back().tree_size;
  thread_ = std::thread([this] { Run(); });
}

CheckpointPublisher::~CheckpointPublisher() { Stop(); }

uint64_t CheckpointPublisher::last_size() {
  std::lock_guard<std::mutex> lock(mu_);
  return last_size_;
}

Status CheckpointPublisher::PublishIfGrown() {
  const uint64_t now_size = static_cast<uint64_t>(gateway_->store()->LastPosition());
  uint64_t last;
  {
    std::lock_guard<std::mutex> lock(mu_);
    last = last_size_;
  }
  // The last checkpoint's own record is one event: that is no news.
  if (now_size == 0 || now_size <= last + (last ? 1 : 0)) return Status::Ok();
  auto head = PublishCheckpoint(gateway_, *key_, NowMs(), Actor{"checkpointer", "system"});
  if (!head.ok()) return head.status();
  if (!options_.out_path.empty()) {
    Status w = checkpoint::WriteFile(options_.out_path, head.value());
    if (!w.ok()) return w;
  }
  std::lock_guard<std::mutex> lock(mu_);
  last_size_ = head.value().tree_size;
  return Status::Ok();
}

void CheckpointPublisher::Run() {
  Store* store = gateway_->store();
  auto next_at = std::chrono::steady_clock::now() + std::chrono::seconds(options_.every_seconds);
  for (;;) {
    uint64_t last;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (stopping_) return;
      last = last_size_;
    }
    // Wait for enough new events, a stop, or the period's end, in short
    // steps so that a stop is seen at once.
    const int64_t target = static_cast<int64_t>(last) + options_.every_events + (last ? 1 : 0);
    const bool grown = store->WaitFor(target, std::chrono::milliseconds(200));
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    if (!grown && std::chrono::steady_clock::now() < next_at) continue;
    Status s = PublishIfGrown();
    if (!s.ok() && on_error_) on_error_(s);
    next_at = std::chrono::steady_clock::now() + std::chrono::seconds(options_.every_seconds);
  }
}

void CheckpointPublisher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  Status s = PublishIfGrown();
  if (!s.ok() && on_error_) on_error_(s);
}

}  // namespace safecity
