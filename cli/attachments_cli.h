// Evidence files from the command line: `task submit --file` keeps each file
// by its hash (in the data directory's attachments/, or on the server with
// --server) and names it in the event; `safecity attachments verify` reads
// every kept file again against its hash and checks that every file the log
// names is there. Parsing and printing only; the store is
// engine/attachment_store.h, what a file is workflows/rectification/evidence.h.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace safecity::cli {

// The evidence item (name, sha256, uri, media_type, size_bytes) for the file
// at `path`, submitted for `task`: uploaded with --server, else kept in
// `attachments_dir` ("" : the data directory's attachments/). A file that
// is no picture, video, PDF, office document or archive is refused naming
// --file.
Result<Json> KeepEvidenceFile(const Globals& g, const std::string& task, const std::string& path, const std::string& attachments_dir);

void AddAttachmentCommands(CLI::App& app, Globals& g, int& rc);

}  // namespace safecity::cli
