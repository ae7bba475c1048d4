#include "workflows/rectification/evidence_files.h"

#include "workflows/rectification/evidence.h"

namespace safecity::rectification {
namespace {

// The items of an EvidenceSubmitted event, raised to version 2.
Json ItemsOf(const EventEnvelope& e) { return EvidenceItemsV2(e.data.value("evidence", Json::array())); }

}  // namespace

Result<std::optional<Json>> FindSubmittedEvidence(EventLog* log, const std::string& task_id, const std::string& sha256) {
  auto events = log->ReadStream("task-" + task_id);
  if (!events.ok()) return events.status();
  for (const EventEnvelope& e : events.value()) {
    if (e.type != "EvidenceSubmitted") continue;
    for (const Json& item : ItemsOf(e))
      if (item.value("sha256", std::string()) == sha256) return std::optional<Json>(item);
  }
  return std::optional<Json>();
}

Result<std::map<std::string, std::string>> KeptEvidenceFiles(EventLog* log) {
  std::map<std::string, std::string> files;
  const std::string prefix = kAttachmentUriPrefix;
  int64_t after = 0;
  while (true) {
    auto page = log->ReadAll(after + 1, 4096);
    if (!page.ok()) return page.status();
    if (page.value().empty()) break;
    for (const EventEnvelope& e : page.value()) {
      after = e.position;
      if (e.type != "EvidenceSubmitted") continue;
      for (const Json& item : ItemsOf(e)) {
        const std::string uri = item.value("uri", std::string());
        if (uri.compare(0, prefix.size(), prefix) == 0) files.emplace(item.value("sha256", std::string()), e.stream);
      }
    }
  }
  return files;
}

}  // namespace safecity::rectification
