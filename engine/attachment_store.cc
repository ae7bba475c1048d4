#include "engine/attachment_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "engine/sha256.h"

namespace safecity {
namespace {

Status IoFailure(const std::string& what, const std::string& path) {
  const int e = errno;
  std::string msg = "cannot " + what + " " + path + ": " + std::strerror(e);
  if (e == ENOSPC || e == EDQUOT) return Status::NoSpace(msg + "; free space on that disk, then send it again");
  return Status::Storage(msg);
}

bool MakeDir(const std::string& path) { return ::mkdir(path.c_str(), 0700) == 0 || errno == EEXIST; }

void SyncDir(const std::string& path) {
  int dfd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") out.push_back(name);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

bool IsDir(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

std::string DefaultAttachmentsDir(const std::string& data_dir) { return data_dir + "/attachments"; }

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

AttachmentStore::AttachmentStore(std::string dir) : dir_(std::move(dir)) {}

namespace {
const char* const kGrants = "for-task";
}  // namespace

Status AttachmentStore::Grant(const std::string& task_id, const std::string& sha256) const {
  if (!IsSha256Hex(sha256) || task_id.empty()) return Status::Invalid("sha256", "not a file of this store");
  const std::string grants = dir_ + "/" + kGrants, folder = grants + "/" + HexOf(task_id), path = folder + "/" + sha256;
  if (GrantedTo(task_id, sha256)) return Status::Ok();
  if (!MakeDir(dir_)) return IoFailure("create", dir_);
  if (!MakeDir(grants)) return IoFailure("create", grants);
  if (!MakeDir(folder)) return IoFailure("create", folder);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return IoFailure("create", path);
  ::close(fd);
  SyncDir(folder);
  SyncDir(grants);
  return Status::Ok();
}

bool AttachmentStore::GrantedTo(const std::string& task_id, const std::string& sha256) const {
  if (!IsSha256Hex(sha256) || task_id.empty()) return false;
  struct stat st {};
  return ::stat((dir_ + "/" + kGrants + "/" + HexOf(task_id) + "/" + sha256).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string AttachmentStore::PathOf(const std::string& sha256) const { return dir_ + "/" + sha256.substr(0, 2) + "/" + sha256; }

Result<std::string> AttachmentStore::Put(std::string_view bytes) const {
  const std::string sha = Sha256Hex(bytes);
  const std::string path = PathOf(sha);
  if (Has(sha)) {
    auto there = Get(sha);
    if (there.ok() && there.value() && Sha256Hex(*there.value()) == sha) return sha;
    // Damaged, cut short or unreadable: the bytes given now take its place.
  }
  const std::string folder = dir_ + "/" + sha.substr(0, 2);
  if (!MakeDir(dir_)) return IoFailure("create", dir_);
  if (!MakeDir(folder)) return IoFailure("create", folder);
  static std::atomic<uint64_t> counter{0};
  const std::string tmp = folder + "/." + sha + "." + std::to_string(::getpid()) + "." + std::to_string(counter++) + ".partial";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return IoFailure("create", tmp);
  auto fail = [&](const std::string& what) {
    Status s = IoFailure(what, tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return s;
  };
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write");
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("sync");
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status s = IoFailure("rename", tmp);
    ::unlink(tmp.c_str());
    return s;
  }
  SyncDir(folder);
  SyncDir(dir_);
  return sha;
}

bool AttachmentStore::Has(const std::string& sha256) const {
  if (!IsSha256Hex(sha256)) return false;
  struct stat st {};
  return ::stat(PathOf(sha256).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<std::optional<std::string>> AttachmentStore::Get(const std::string& sha256) const {
  if (!IsSha256Hex(sha256)) return std::optional<std::string>();
  const std::string path = PathOf(sha256);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return IoFailure("open", path);
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = IoFailure("read", path);
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return std::optional<std::string>(std::move(out));
}

Result<AttachmentStore::Check> AttachmentStore::Verify() const {
  Check check;
  if (!IsDir(dir_)) return check;  // no file was ever kept
  for (const std::string& folder : Entries(dir_)) {
    if (folder == kGrants) continue;  // the marks of Grant, no files
    const std::string fpath = dir_ + "/" + folder;
    if (!IsDir(fpath)) {
      check.strays.push_back(folder);
      continue;
    }
    for (const std::string& name : Entries(fpath)) {
      const std::string rel = folder + "/" + name;
      if (name.size() > 8 && name.compare(name.size() - 8, 8, ".partial") == 0 && name[0] == '.') continue;  // a put under way
      if (!IsSha256Hex(name) || name.compare(0, 2, folder) != 0) {
        check.strays.push_back(rel);
        continue;
      }
      auto bytes = Get(name);
      if (!bytes.ok()) return bytes.status();
      if (!bytes.value()) {
        check.damaged.push_back(name);
        continue;
      }
      ++check.files;
      check.bytes += static_cast<int64_t>(bytes.value()->size());
      if (Sha256Hex(*bytes.value()) != name) check.damaged.push_back(name);
    }
  }
  return check;
}

}  // namespace safecity
