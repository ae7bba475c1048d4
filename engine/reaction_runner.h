// ReactionRunner: follows the log from a durable checkpoint and submits the
// commands its reactors call for, until nothing is left to react to.
//
//   meta "checkpoint/reactions"     position of the last event reacted to
//   meta "reaction_refused/<id>"    the result of a reaction the workflow refused
//                                   (kept for operators; `safecity reactions`)
//
// Settle() runs in the caller's thread and is serialised by a mutex: the CLI
// calls it after each command, so a command's consequences (tasks opened,
// notifications queued, escalations) are in the log before it exits. The
// checkpoint moves after a batch of events' commands are answered; a crash in
// between re-runs those events, and idempotent command ids make that harmless.
//
// Events are reacted to one after another (a reactor reads the read models
// its earlier reactions changed), but one reaction's commands go out together
// (a clock tick's thousands of escalations are decided in large groups), and
// they need not reach the disk one by one: what a reaction did is derived
// again from the log after a crash. The checkpoint is written synced after
// every batch of events and when Settle stops early, and a synced write makes
// every earlier write durable too; so when Settle returns, all it did is on
// disk, and a power cut meanwhile costs at most one batch reacted to again.
//
// Commands to a stream kind no reactor reads (DeferredStreamKinds: the
// notifications) wait until the end of the batch of events and go out
// together: deferring them changes nothing any reactor reads meanwhile, and
// a notification's queue, send and deliver, each a reaction to the one
// before, then travel in groups of up to a batch instead of one round trip
// each. Commands to one stream still go out in the order they were called
// for; a refusal is recorded with the event that caused it, as before.
//
// A reactor sees every event at its type's current schema version: the
// runner raises older stored events through their workflow's upcasters
// (engine/event_versions.h) before it hands them on.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "engine/command_processor.h"
#include "engine/reactor.h"
#include "engine/status.h"

namespace safecity {

class Store;
class WorkflowRegistry;

struct SettleReport {
  int64_t events = 0;    // events reacted to
  int64_t commands = 0;  // commands submitted (including duplicates)
  int64_t refused = 0;   // of them, refused by their workflow
  bool stopped = false;  // StopSettling() ended it before the end of the log
};

// A follow-up command its workflow refused, as the runner recorded it
// (meta "reaction_refused/<id>").
struct RefusedReaction {
  std::string command_id;
  std::string type;        // the command's type, e.g. "task.escalate"
  std::string cause;       // the id of the event that called for it
  std::string cause_type;  // that event's type
  Status refusal;          // the refusal, with its words in both languages when it has them
};
// Every refused reaction, in command id order, until fn returns false. A
// record that cannot be read is reported as a storage error, not skipped.
Status ForEachRefusedReaction(Store* store, const WorkflowRegistry& workflows, const std::function<bool(const RefusedReaction&)>& fn);

class ReactionRunner {
 public:
  // Carries out one reaction's commands (in order per stream) and returns
  // their results in the same order. The runner syncs the store itself at
  // the end of every batch of events and of Settle, so the commands may be
  // written without waiting for the disk.
  using SubmitFn = std::function<std::vector<CommandResult>(const std::vector<CommandEnvelope>&)>;
  // `deferred_kinds`: stream kinds whose read models no reactor reads.
  ReactionRunner(Store* store, const WorkflowRegistry& workflows, std::vector<const Reactor*> reactors,
                 SubmitFn submit, std::vector<std::string> deferred_kinds = {});

  Result<SettleReport> Settle();
  // Makes a Settle under way (in another thread) return after the event it is
  // reacting to, and every later Settle return at once: for a server that is
  // stopping, which must not first work off a backlog of reactions. What is
  // left stays behind the checkpoint for the next process.
  void StopSettling() { stopping_.store(true); }
  int64_t checkpoint();
  // For tests and operators: react again from `position` (0: the beginning).
  Status ResetCheckpoint(int64_t position);

 private:
  struct Pending {
    CommandEnvelope command;
    std::string cause_id, cause_type;
  };
  // Writes the checkpoint, synced (the caller holds mu_).
  Status WriteCheckpoint(int64_t position);
  // Submits `cmds` and records their refusals; a storage failure is returned.
  Status Carry(std::vector<Pending>* cmds, SettleReport* report);
  Store* store_;
  const WorkflowRegistry& workflows_;
  std::vector<const Reactor*> reactors_;
  SubmitFn submit_;
  std::vector<std::string> deferred_kinds_;
  std::mutex mu_;
  std::atomic<bool> stopping_{false};
};

}  // namespace safecity
