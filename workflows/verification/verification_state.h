// Verification (核查): the folded state of one verification stream, a plain
// struct decided from and folded in place (engine/typed_workflow.h).
//
// Its JSON form (ToJson, the snapshot and `safecity show`) has the keys the
// verification's state has always had: the request's fields
// (verification_id, task_id, submission, mode), then state, requested_at,
// inspector, outcome, updated_at, and once they happen assigned_at and
// decided_at. FromJson(ToJson(v)) == v; keys this build does not name are
// kept in `other` and written back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/envelope.h"

namespace safecity::verification {

struct Verification {
  // The machine's state (verification_machine.h): "none" before the request.
  std::string state = "none";
  // What the request fixes.
  std::string verification_id;
  std::string task_id;      // the rectification task whose submission is verified
  int64_t submission = 0;   // which of its submissions (1, 2, ... after each return)
  std::string mode;         // desk (书面核查) | site (现场核查); the assignment may change it
  std::string requested_at;
  // What later events change.
  std::string inspector;           // the assigned inspector (检查人员), "" until assigned
  Json outcome = Json::object();   // {comment, by} | {reasons, by} | {reason}; {} while open
  std::string updated_at;
  std::optional<std::string> assigned_at, decided_at;
  Json other = Json::object();  // keys this build does not name

  bool operator==(const Verification& o) const;
  bool operator!=(const Verification& o) const { return !(*this == o); }

  Json ToJson() const;
  static Verification FromJson(const Json& j);  // throws when `j` is not a verification's state
};

// Folds one event of the verification into `v` (an event type this build
// does not know only moves updated_at, as it always has).
void ApplyVerificationEvent(Verification& v, const EventEnvelope& e);

}  // namespace safecity::verification
