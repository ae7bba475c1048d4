#include "engine/event_versions.h"

namespace safecity {

EventVersions& EventVersions::Add(const std::string& type, std::vector<Upcaster> upcasters) {
  upcasters_[type] = std::move(upcasters);
  return *this;
}

int EventVersions::Current(const std::string& type) const {
  auto it = upcasters_.find(type);
  return it == upcasters_.end() ? 1 : static_cast<int>(it->second.size()) + 1;
}

Result<const EventEnvelope*> EventVersions::AtCurrentVersion(const EventEnvelope& e,
                                                                std::optional<EventEnvelope>* scratch) const {
  const int current = Current(e.type);
  if (e.schema_version == current) return &e;
  const std::string where = e.stream + "@" + std::to_string(e.version) + " (" + e.type + ")";
  if (e.schema_version > current)
    return Status::Storage(where + " was written at schema version " + std::to_string(e.schema_version) +
                           "; this safecity reads " + e.type + " up to version " + std::to_string(current) +
                           "; upgrade safecity before reading this log");
  if (e.schema_version < 1)
    return Status::Storage(where + " has schema version " + std::to_string(e.schema_version) +
                           "; versions start at 1, so the event is damaged");
  const auto& chain = upcasters_.at(e.type);
  EventEnvelope& raised = scratch->emplace(e);
  raised.sealed.reset();  // its text is the stored one, not the raised one
  for (int v = e.schema_version; v < current; ++v) raised.data = chain[static_cast<size_t>(v - 1)](raised.data);
  raised.schema_version = current;
  return static_cast<const EventEnvelope*>(&raised);
}

}  // namespace safecity
