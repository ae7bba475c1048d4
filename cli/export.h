// Export for auditors (导出): the events of one stream, or of a whole
// inspection round, as JSON lines (one canonical event envelope per line,
// exactly as hashed, so the hashes can be checked outside safecity) or CSV
// (one row per event; the data as canonical JSON in the last column), in log
// order.
//
// A round's events are those of its own stream "campaign-<id>", of every
// stream whose first event names the round ("campaign": <id>: its tasks and
// hazards), and of the verifications of those tasks.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "engine/status.h"

namespace safecity {
class Store;
}

namespace safecity::cli {

struct ExportRequest {
  std::string stream;    // one stream, or
  std::string campaign;  // a round's id
  std::string format = "jsonl";  // jsonl or csv
};

struct ExportReport {
  int64_t events = 0;
  int64_t streams = 0;
};

// Writes to `out`; `progress(done, total)` as the log is read.
Result<ExportReport> Export(Store* store, const ExportRequest& req, std::ostream& out,
                            const std::function<void(int64_t, int64_t)>& progress = nullptr);

// One CSV cell: quoted when it holds a comma, quote or line break (RFC 4180).
std::string CsvCell(const std::string& text);

}  // namespace safecity::cli
