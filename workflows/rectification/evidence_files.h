// Evidence files (整改材料文件) as the log names them: an item of an
// EvidenceSubmitted event whose uri is "safecity:attachments/<sha256>" is a
// file this deployment keeps (engine/attachment_store.h), uploaded through
// POST /v1/attachments or `task submit --file`. These reads answer whether a
// task's evidence names a file (the download's access rule: a file is read
// through a task its reader may see, and only if that task's evidence names
// it) and which files the whole log names (`attachments verify`).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "engine/envelope.h"
#include "engine/event_log.h"
#include "engine/status.h"

namespace safecity::rectification {

inline constexpr const char* kAttachmentUriPrefix = "safecity:attachments/";

// The item (version-2 shape: name, sha256, uri, media_type, size_bytes)
// with that hash that any submission of the task named, returned or not; or
// nullopt. Reads the task's stream.
Result<std::optional<Json>> FindSubmittedEvidence(EventLog* log, const std::string& task_id, const std::string& sha256);

// Every kept file the log's evidence names: its sha256 -> the stream that
// first named it. Reads the whole log.
Result<std::map<std::string, std::string>> KeptEvidenceFiles(EventLog* log);

}  // namespace safecity::rectification
