// SchemaRegistry: the JSON Schemas (draft-07) in schemas/, compiled into the
// binary, checked with valijson.
//
//   schemas/commands/<type>.json   the `data` of command <type>, checked at intake
//   schemas/events/<Type>.json     the `data` of event <Type> at its current version
//   schemas/events/<Type>.v<N>.json  the `data` of an older version N still in logs
//   schemas/envelope/*.json        the command and event envelopes
//
// A failed check returns kInvalid naming the deepest field at fault, e.g.
// "data.evidence[0].sha256: String does not match regex pattern ...".
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {

class SchemaRegistry {
 public:
  // The schemas embedded at build time.
  static const SchemaRegistry& Default();

  Status ValidateCommandData(const std::string& type, const Json& data) const;
  Status ValidateEvent(const Json& event_envelope) const;  // envelope and data
  bool HasCommand(const std::string& type) const;
  std::vector<std::string> CommandTypes() const;
  std::vector<std::string> EventTypes() const;
  // Raw schema text by path relative to schemas/, e.g. "commands/task.assign.json".
  const std::map<std::string, std::string>& sources() const { return sources_; }

  ~SchemaRegistry();

 private:
  struct Compiled;
  struct Patterns;
  SchemaRegistry();
  Status Validate(const std::string& path, const Json& doc, const std::string& root) const;
  std::map<std::string, std::string> sources_;
  std::map<std::string, std::unique_ptr<Compiled>> compiled_;
  // Every schema's `pattern` compiled once at start; each thread's validator
  // starts from a copy (the compiled expressions are shared, read only).
  std::unique_ptr<Patterns> patterns_;
};

// Defined in the generated schemas_embedded.cc.
const std::map<std::string, std::string>& EmbeddedSchemas();

}  // namespace safecity
