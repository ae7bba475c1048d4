// Evidence files (整改材料文件) as the log names them: an item of an
// EvidenceSubmitted event (the unit's), or a photo of a VerificationPassed or
// VerificationFailed event (the inspector's, from site), whose uri is
// "safecity:attachments/<sha256>" is a file this deployment keeps (engine/attachment_store.h), uploaded through
// POST /v1/attachments or `task submit --file`. These reads answer whether a
// task's evidence names a file (the download's access rule: a file is read
// through a task its reader may see, and only if that task's evidence names
// it) and which files the whole log names (`attachments verify`).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/event_log.h"
#include "engine/status.h"

namespace safecity::rectification {

inline constexpr const char* kAttachmentUriPrefix = "safecity:attachments/";

// The item (version-2 shape: name, sha256, uri, media_type, size_bytes)
// with that hash, naming the kept file (uri safecity:attachments/<that
// hash>), that any submission of the task named, returned or not; or
// nullopt; or the same among the photos of its verifications. Reads the
// task's stream and its verifications' streams.
Result<std::optional<Json>> FindSubmittedEvidence(EventLog* log, const std::string& task_id, const std::string& sha256);

// Every kept file the log's evidence names: its sha256 -> the ids of the
// tasks that named it, in the log's order. Reads the whole log.
Result<std::map<std::string, std::vector<std::string>>> KeptEvidenceFiles(EventLog* log);

}  // namespace safecity::rectification
