#include "workflows/rectification/evidence_files.h"

#include <algorithm>

#include "workflows/rectification/evidence.h"

namespace safecity::rectification {
namespace {

// The items of an EvidenceSubmitted event, raised to version 2.
Json ItemsOf(const EventEnvelope& e) { return EvidenceItemsV2(e.data.value("evidence", Json::array())); }

}  // namespace

Result<std::optional<Json>> FindSubmittedEvidence(EventLog* log, const std::string& task_id, const std::string& sha256) {
  auto kept = [&sha256](const Json& item) {
    return item.value("sha256", std::string()) == sha256 && item.value("uri", std::string()) == kAttachmentUriPrefix + sha256;
  };
  auto events = log->ReadStream("task-" + task_id);
  if (!events.ok()) return events.status();
  int submissions = 0;
  for (const EventEnvelope& e : events.value()) {
    if (e.type != "EvidenceSubmitted") continue;
    ++submissions;
    for (const Json& item : ItemsOf(e))
      if (kept(item)) return std::optional<Json>(item);
  }
  // The inspectors' photos from site, in each submission's verification.
  for (int n = 1; n <= submissions; ++n) {
    auto checked = log->ReadStream("verification-" + task_id + "-" + std::to_string(n));
    if (!checked.ok()) return checked.status();
    for (const EventEnvelope& e : checked.value()) {
      // Only an outcome that names this task: a stream's name is not proof of whose it is.
      if ((e.type != "VerificationPassed" && e.type != "VerificationFailed") || e.data.value("task_id", std::string()) != task_id) continue;
      for (const Json& item : EvidenceItemsV2(e.data.value("photos", Json::array())))
        if (kept(item)) return std::optional<Json>(item);
    }
  }
  return std::optional<Json>();
}

Result<std::map<std::string, std::vector<std::string>>> KeptEvidenceFiles(EventLog* log) {
  std::map<std::string, std::vector<std::string>> files;
  const std::string prefix = kAttachmentUriPrefix;
  int64_t after = 0;
  while (true) {
    auto page = log->ReadAll(after + 1, 4096);
    if (!page.ok()) return page.status();
    if (page.value().empty()) break;
    for (const EventEnvelope& e : page.value()) {
      after = e.position;
      Json items;
      if (e.type == "EvidenceSubmitted")
        items = ItemsOf(e);
      else if (e.type == "VerificationPassed" || e.type == "VerificationFailed")
        items = EvidenceItemsV2(e.data.value("photos", Json::array()));
      else
        continue;
      for (const Json& item : items) {
        const std::string sha = item.value("sha256", std::string());
        if (item.value("uri", std::string()) != prefix + sha) continue;
        const std::string task = e.type == "EvidenceSubmitted" ? e.stream.substr(5) : e.data.value("task_id", std::string());
        auto& tasks = files[sha];
        if (std::find(tasks.begin(), tasks.end(), task) == tasks.end()) tasks.push_back(task);
      }
    }
  }
  return files;
}

}  // namespace safecity::rectification
