// Evidence (整改材料): the items a responsible unit submits for a task, and
// the versions of the event that records them.
//
// EvidenceSubmitted, schema version 2 (schemas/events/EvidenceSubmitted.json):
// every item has name, sha256, uri, media_type and size_bytes. The media type
// is the sender's, in lower case, or else read from the name's extension
// (application/octet-stream for an unknown one); size_bytes is the sender's,
// or null when the sender did not give it (evidence held elsewhere).
//
// Version 1 (schemas/events/EvidenceSubmitted.v1.json), written before, has
// items of name, sha256 and uri only. EvidenceSubmittedV1ToV2 raises it with
// the same rule a version-2 decision uses for an item that gave neither, so a
// log holding both versions folds to one state. Pure: no clock, no store.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/envelope.h"

namespace safecity::rectification {

// "application/pdf" for "整改报告.PDF"; "application/octet-stream" when the
// extension is unknown or missing.
std::string MediaTypeOfName(const std::string& name);

// What an evidence file is, read from its first bytes, never from its name
// alone: "image/jpeg" for a photo whatever it is called. The name only
// chooses among the formats one container holds (a .docx, .xlsx, .ofd or
// .zip is a ZIP; a .doc, .xls or .ppt an OLE compound file; any other ZIP or
// OLE file, such as a .jar, .apk or .msi program, is refused). nullopt for
// anything that is not a picture, a video, a PDF, an office document or an
// archive — above all HTML, SVG or script, which a browser could run: such
// an upload is refused (the refusal, http::kUploadType, lists what is taken).
std::optional<std::string> MediaTypeOfContent(std::string_view bytes, const std::string& name);

// The name a file is downloaded as: `name` when its extension says
// `media_type`, else `name` with that type's extension added
// ("整改报告.html" holding a PNG is saved as "整改报告.html.png").
std::string EvidenceFileName(const std::string& name, const std::string& media_type);

// The items of a task.submit command as EvidenceSubmitted version 2 stores
// them: media_type and size_bytes always present.
Json EvidenceItemsV2(const Json& items);

// The upcaster from EvidenceSubmitted version 1 to version 2.
Json EvidenceSubmittedV1ToV2(const Json& data);

}  // namespace safecity::rectification
