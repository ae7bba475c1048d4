#include "cli/export.h"

#include <set>

#include "engine/envelope.h"
#include "engine/store.h"
#include "engine/time_util.h"

namespace safecity::cli {

namespace {

constexpr size_t kPage = 2000;

const char* kCsvHeader = "position,stream,version,id,type,occurred_at,actor_role,actor_id,causation_id,correlation_id,prev_hash,hash,data";

void WriteEvent(const EventEnvelope& e, const std::string& format, std::ostream& out) {
  if (format == "jsonl") {
    out << StoredEventJson(e) << "\n";
    return;
  }
  const std::string cells[] = {std::to_string(e.position), e.stream, std::to_string(e.version), e.id, e.type,
                               FormatIsoMs(e.occurred_at), e.actor.role, e.actor.id, e.causation_id, e.correlation_id,
                               e.prev_hash, e.hash, CanonicalJson(e.data)};
  bool first = true;
  for (const auto& c : cells) {
    out << (first ? "" : ",") << CsvCell(c);
    first = false;
  }
  out << "\r\n";
}

}  // namespace

std::string CsvCell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string q = "\"";
  for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

Result<ExportReport> Export(Store* store, const ExportRequest& req, std::ostream& out,
                            const std::function<void(int64_t, int64_t)>& progress) {
  if (req.format != "jsonl" && req.format != "csv")
    return Status::Invalid("--format", "'" + req.format + "' is not a format; give jsonl or csv");
  if (req.stream.empty() == req.campaign.empty())
    return Status::Invalid("stream", "name one stream (e.g. task-XA-001) or give --campaign ID, not both");
  ExportReport report;
  if (req.format == "csv") out << "\xEF\xBB\xBF" << kCsvHeader << "\r\n";  // the BOM: spreadsheets read it as UTF-8
  if (!req.stream.empty()) {
    auto events = store->ReadStream(req.stream);
    if (!events.ok()) return events.status();
    if (events.value().empty())
      return Status::NotFound("stream", "no events in '" + req.stream + "'; a stream is <kind>-<id>, e.g. task-XA-001");
    for (const auto& e : events.value()) WriteEvent(e, req.format, out);
    if (progress) progress(static_cast<int64_t>(events.value().size()), static_cast<int64_t>(events.value().size()));
    report.events = static_cast<int64_t>(events.value().size());
    report.streams = 1;
  } else {
    const std::string own = "campaign-" + req.campaign;
    auto head = store->StreamVersion(own);
    if (!head.ok()) return head.status();
    if (head.value() == 0)
      return Status::NotFound("--campaign", "no round '" + req.campaign + "'; see `safecity campaign list`");
    std::set<std::string> streams{own};
    const int64_t total = store->LastPosition();
    for (int64_t from = 1;;) {
      auto page = store->ReadAll(from, kPage);
      if (!page.ok()) return page.status();
      if (page.value().empty()) break;
      for (const EventEnvelope& e : page.value()) {
        if (e.version == 1 && !streams.count(e.stream)) {
          const bool names_round = e.data.is_object() && e.data.value("campaign", "") == req.campaign;
          const bool verifies = e.data.is_object() && e.data.contains("task_id") && e.data["task_id"].is_string() &&
                                StreamKind(e.stream) == "verification" && streams.count("task-" + e.data["task_id"].get<std::string>());
          // A hazard's task assigned before tasks carried their hazard's round.
          const Json source = e.data.is_object() ? e.data.value("source", Json()) : Json();
          const bool hazards_task = StreamKind(e.stream) == "task" && source.is_object() && source.value("kind", "") == "hazard" &&
                                    streams.count("hazard-" + source.value("ref", ""));
          if (names_round || verifies || hazards_task) streams.insert(e.stream);
        }
        if (!streams.count(e.stream)) continue;
        WriteEvent(e, req.format, out);
        ++report.events;
      }
      from = page.value().back().position + 1;
      if (progress) progress(from - 1, total);
    }
    report.streams = static_cast<int64_t>(streams.size());
  }
  if (!out) return Status::Storage("the export could not be written (disk full?)");
  return report;
}

}  // namespace safecity::cli
