// A file a command writes for its user beside what it prints (--pdf, --xlsx):
// written under a name of its own next to the target (mkstemp: created new, so
// nothing planted at a guessable name is followed) and renamed onto the target
// only when complete; a reader never sees half a file, and two commands
// writing the same target leave one whole file. The target must be a regular
// file or not exist yet: a directory, a device or a symbolic link is refused,
// and so is a file this process may not write.
#pragma once

#include <string>

#include "engine/status.h"

namespace safecity::cli {

class OutputFile {
 public:
  // `field` names the option in errors ("--pdf").
  static Result<OutputFile> Begin(const std::string& path, const std::string& field);
  OutputFile(OutputFile&& o) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  ~OutputFile();  // removes the file written so far unless committed

  // Where to write (an empty file, mode 0644).
  const std::string& temp_path() const { return temp_; }
  // Renames it onto the target.
  Status Commit();

 private:
  OutputFile(std::string path, std::string temp, std::string field);
  std::string path_, temp_, field_;
  bool done_ = false;
};

}  // namespace safecity::cli
