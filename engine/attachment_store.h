// AttachmentStore: evidence files (整改材料: photos, PDFs, scans) kept by
// their content. A file's name is its SHA-256 in hex, under a folder of its
// first two digits: <dir>/3f/3f2a….  Events name a file by that hash (with
// its size and media type, EvidenceSubmitted v2), never by a path, so a file
// cannot be swapped under an event: `safecity attachments verify` reads each
// file again against its name.
//
// Put writes a file whole or not at all (a temporary file in the same
// folder, synced, renamed, the folder synced); putting the same bytes again
// is a no-op, unless the file there no longer holds them: then it is
// written again (a damaged file is mended by uploading the original).
// Nothing else is rewritten, nothing deleted.
//
// A file is also granted to the task it was uploaded for (Grant: an empty
// marker <dir>/for-task/<hex of the task id>/<sha256>). A download reads a
// file through a task only when it was granted to that task and the task's
// evidence names it, so naming another task's hash in one's own submission
// unlocks nothing. The default place
// is the data directory's `attachments/` folder, so that a copy of the data
// directory is a copy of the log and its files together.
//
// Thread-safe: the file system orders concurrent puts of the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace safecity {

// "<data_dir>/attachments".
std::string DefaultAttachmentsDir(const std::string& data_dir);

// Whether `text` is a SHA-256 in lower-case hex (64 digits).
bool IsSha256Hex(std::string_view text);

class AttachmentStore {
 public:
  explicit AttachmentStore(std::string dir);

  const std::string& dir() const { return dir_; }

  // Keeps `bytes` and returns their SHA-256. kNoSpace when the disk is full,
  // kStorage for any other failure; nothing half-written stays behind.
  Result<std::string> Put(std::string_view bytes) const;

  // The bytes of the file named `sha256`, or nullopt when there is none.
  // The bytes are returned as stored; Verify() is what rereads the hashes.
  Result<std::optional<std::string>> Get(const std::string& sha256) const;

  bool Has(const std::string& sha256) const;

  // Marks the file as uploaded for `task_id`; GrantedTo reads the mark.
  Status Grant(const std::string& task_id, const std::string& sha256) const;
  bool GrantedTo(const std::string& task_id, const std::string& sha256) const;

  struct Check {
    int64_t files = 0;
    int64_t bytes = 0;
    std::vector<std::string> damaged;  // files whose content no longer hashes to their name
    std::vector<std::string> strays;   // files that are not named by a hash (left by someone else)
  };
  // Reads every file again and compares its hash with its name.
  Result<Check> Verify() const;

  // "<dir>/ab/ab…" for a hash.
  std::string PathOf(const std::string& sha256) const;

 private:
  std::string dir_;
};

}  // namespace safecity
