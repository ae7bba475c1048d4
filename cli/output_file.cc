#include "cli/output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "cli/table.h"

namespace safecity::cli {

OutputFile::OutputFile(std::string path, std::string temp, std::string field)
    : path_(std::move(path)), temp_(std::move(temp)), field_(std::move(field)) {}

OutputFile::OutputFile(OutputFile&& o) noexcept
    : path_(std::move(o.path_)), temp_(std::move(o.temp_)), field_(std::move(o.field_)), done_(o.done_) {
  o.done_ = true;
}

OutputFile::~OutputFile() {
  if (!done_ && !temp_.empty()) std::remove(temp_.c_str());
}

Result<OutputFile> OutputFile::Begin(const std::string& path, const std::string& field) {
  if (path.empty()) return Status::Invalid(field, Label("请给出文件名", "give a file name"));
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return Status::Invalid(field, Label(path + " 是目录；请给出文件名，如 " + path + "/通报.pdf",
                                          path + " is a directory; give a file name, e.g. " + path + "/report.pdf"));
    if (!S_ISREG(st.st_mode))
      return Status::Invalid(field, Label(path + " 不是普通文件（设备、链接等）；请给出另一个文件名",
                                          path + " is not a regular file (a device, a link …); give another file name"));
    if (access(path.c_str(), W_OK) != 0)
      return Status::Invalid(field, Label(path + " 已存在且不可写；请换一个文件名，或先改其权限",
                                          path + " exists and may not be written; give another name or change its mode"));
  }
  std::vector<char> name(path.begin(), path.end());
  const std::string tail = ".partial-XXXXXX";
  name.insert(name.end(), tail.begin(), tail.end());
  name.push_back('\0');
  const int fd = mkstemp(name.data());
  if (fd < 0) {
    const std::string why = std::strerror(errno);
    return Status::Invalid(field, Label("无法创建 " + path + "（" + why + "）；请检查目录是否存在、可写",
                                        "cannot create " + path + " (" + why + "); check that its directory exists and is writable"));
  }
  fchmod(fd, 0644);
  close(fd);
  return OutputFile(path, std::string(name.data()), field);
}

Status OutputFile::Commit() {
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    return Status::Invalid(field_, Label("无法写入 " + path_ + "（" + why + "）", "cannot write " + path_ + " (" + why + ")"));
  }
  done_ = true;
  return Status::Ok();
}

}  // namespace safecity::cli
