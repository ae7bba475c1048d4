// The commands the load generators send, built the same way in each: an
// envelope with every field given and a fixed issue time, so that a run
// never reads the clock for the engine's decisions.
#pragma once

#include <string>
#include <utility>

#include "engine/envelope.h"
#include "engine/time_util.h"

namespace safecity::bench {

inline CommandEnvelope Command(const std::string& id, const std::string& type, const std::string& stream, Actor actor, Json data,
                               const char* at = "2023-03-01T09:00:00+08:00") {
  CommandEnvelope c;
  c.id = id;
  c.type = type;
  c.stream = stream;
  c.issued_at = *ParseIsoMs(at);
  c.actor = std::move(actor);
  c.data = std::move(data);
  return c;
}

}  // namespace safecity::bench
