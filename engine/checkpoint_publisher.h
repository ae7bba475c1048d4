// CheckpointPublisher: a server's signed checkpoints (engine/checkpoint.h),
// made on its own: after every `every_events` new events, or every
// `every_seconds` when fewer arrived but some did, and once more when it
// stops. Each is recorded in the log's stream checkpoints-<log id>
// (workflows/checkpoint/checkpoint_log.h) and, with `out_path`, written to
// that file (replaced whole, never half-written) for whoever publishes it:
// a cron job that mails it to the auditor, the monthly bulletin.
//
// The record of a checkpoint is itself an event, so a log that only grew by
// that record is not checkpointed again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "engine/checkpoint.h"
#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {

class CommandGateway;

struct CheckpointPublishOptions {
  int64_t every_events = 10000;
  int every_seconds = 3600;
  std::string out_path;  // empty: only the record in the log
};

// Signs the whole log now and records the checkpoint through `gateway` as
// `actor` (a checkpoint of a size already recorded is not recorded twice).
Result<checkpoint::SignedTreeHead> PublishCheckpoint(CommandGateway* gateway, const checkpoint::SigningKey& key,
                                                     int64_t now_ms, const Actor& actor);

class CheckpointPublisher {
 public:
  // `gateway` must outlive the publisher. Publishes from a thread of its own;
  // failures go to `on_error` (and are retried at the next turn).
  CheckpointPublisher(CommandGateway* gateway, std::shared_ptr<checkpoint::SigningKey> key, CheckpointPublishOptions options,
                      std::function<void(const Status&)> on_error);
  ~CheckpointPublisher();
  CheckpointPublisher(const CheckpointPublisher&) = delete;
  CheckpointPublisher& operator=(const CheckpointPublisher&) = delete;
  // Publishes a last checkpoint when the log grew, then stops the thread.
  void Stop();
  // The size of the last checkpoint published (0 before the first).
  uint64_t last_size();

 private:
  void Run();
  Status PublishIfGrown();

  CommandGateway* gateway_;
  std::shared_ptr<checkpoint::SigningKey> key_;
  CheckpointPublishOptions options_;
  std::function<void(const Status&)> on_error_;
  std::mutex mu_;
  bool stopping_ = false;
  uint64_t last_size_ = 0;
  std::thread thread_;
};

}  // namespace safecity
