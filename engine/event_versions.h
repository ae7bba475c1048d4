// EventVersions: the schema version at which a workflow writes each of its
// event types now, and the upcasters that read the older versions (Zeebe's
// EventAppliers keyed by intent and version, with the old appliers replaced
// by functions that raise old data to the new shape).
//
// Contract:
//  - An event is stored as it was written, with its schema_version, and is
//    never rewritten: its hash covers its data and its version.
//  - Whoever folds, projects or reacts to a stored event reads it through
//    AtCurrentVersion: an older event's data is raised one version at a time
//    (1 -> 2 -> ... -> current), so Apply, Project and the reactors see only
//    the current shape, and a log that holds both versions of an event folds
//    to the same state as one that holds only the newer.
//  - An upcaster is pure: it reads the old data alone (no clock, no store,
//    no random numbers), so replay stays byte-identical.
//  - A version newer than the current one was written by a newer safecity.
//    It is refused (kStorage, naming the event and both versions) rather than
//    guessed at; nothing is folded from it.
//  - A type that is not registered is at version 1.
//  - The command processor stamps every new event with Current(type).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {

class EventVersions {
 public:
  // Raises the data of one version to the next.
  using Upcaster = Json (*)(const Json& data);

  // `type` is written now at version upcasters.size() + 1; upcasters[i]
  // raises version i + 1 to version i + 2.
  EventVersions& Add(const std::string& type, std::vector<Upcaster> upcasters);

  // The version new events of `type` are written at (1 when unregistered).
  int Current(const std::string& type) const;

  // `e` at its type's current version: `e` itself when it is current (no
  // copy, nothing constructed), else a copy emplaced in `*scratch` whose data
  // has been raised and whose schema_version is the current one. The copy
  // keeps id, hash and prev_hash (the stream's chain is the stored one) and
  // drops the sealed text.
  Result<const EventEnvelope*> AtCurrentVersion(const EventEnvelope& e,
                                                 std::optional<EventEnvelope>* scratch) const;

 private:
  std::unordered_map<std::string, std::vector<Upcaster>> upcasters_;
};

}  // namespace safecity
