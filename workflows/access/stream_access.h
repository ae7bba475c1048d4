// StreamAccess (访问规则): who may read which stream, and what of it, in one
// place. Every route that shows events, states or read models asks here —
// the HTTP API's /v1/streams/{s}/events and /state, /v1/read-models/{key},
// /v1/log, /v1/inbox, /v1/security/{day}, /v1/tasks/{id}, /v1/proofs/{event} — so a stream kind
// is never open through one route and closed through another.
//
// One rule per stream kind (the part of the stream before the first '-'):
//
//   kind                                        office  auditor  inspector  unit
//   task                                        all     all      all        its own tasks (lead or cooperating)
//   unit                                        all     all      all        unit-<its id>
//   campaign, hazard, verification, sheet,
//   clock (and any other kind)                  all     all      all        —
//   notification                                all     all      its own    its own
//   security                                    all     all      —          —
//   token                                       all     hidden   —          —
//   user                                        hidden  hidden   —          —
//   whkey, whsub                                all     hidden   —          —
//
// "its own" notifications are those whose recipient is that role and
// principal (workflows/notification/recipient.h); "hidden": the field that
// holds a secret's hash (token: sha256; whkey, whsub: fingerprint; user:
// password_hash) is left out of every event, state and read model, and named
// in `hidden`. Only the office, which issues them, sees the hashes of tokens
// and keys; a password's hash and the `tokenhash/` index are shown to no one.
// A proof carries its event whole, so no proof of such an event is served
// to whom it would show a hidden field.
//
// Read models map onto the same rules by key: token/<id> is token-<id>, user/<id> user-<id>,
// security/... and cnt/security/... the security log, whkey/<id> and
// whsub/<id> (whsubu/<unit>/<id>) their streams, ntf/<id> and whq/<id>
// notification-<id>, inbox/<owner>/... and cnt/<owner>/unread the inbox of
// that owner (its owner's, the office's and the auditors'); any other key is
// readable as the kind "all but units" above. A unit's token reads no raw
// read models at all: its tasks and its inbox have routes of their own.
//
// A replica must verify every chain it holds, and an event without one of
// its fields no longer matches its hash: so /v1/log carries a stream only
// when its reader sees it whole (Sight::whole), and leaves the others out
// entirely. An auditor's replica thus holds no token, whkey or whsub
// streams, an inspector's neither those nor the security log nor others'
// notifications; `safecity verify` on it checks every chain it holds.
#pragma once

#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::access {

// What a principal may see of a stream or read model.
struct Sight {
  Status status;                    // ok; kForbidden saying who may; kNotFound
  std::vector<std::string> hidden;  // fields left out (of data, state or the value)
  bool whole() const { return status.ok() && hidden.empty(); }
};

// The sight of `who` on the stream `stream` ("task-XA-001").
Sight StreamSight(ReadModelReader& reader, const Actor& who, const std::string& stream);

// The sight of `who` on the read model under `key` ("unit/yanta").
Sight ReadModelSight(ReadModelReader& reader, const Actor& who, const std::string& key);

// Leaves the sight's hidden fields out of `object` (an event's data, a
// state, a read model's value) when it is a JSON object.
void Hide(const Sight& sight, Json* object);

}  // namespace safecity::access
