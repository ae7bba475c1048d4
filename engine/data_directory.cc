#include "engine/data_directory.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace safecity {

namespace {

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

constexpr const char* kCleanShutdown = "CLEAN_SHUTDOWN";

std::string Plural(int n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string DataDirectory::Describe() const {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (table_files > 0) add(Plural(table_files, "table file", "table files"));
  if (log_files > 0) add(Plural(log_files, "write-ahead log", "write-ahead logs"));
  if (!newest_manifest.empty()) add(newest_manifest);
  return out.empty() ? "no RocksDB files" : out;
}

StoreFile KindOfStoreFile(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  const std::string stem = dot == std::string::npos ? name : name.substr(0, dot);
  const std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
  if (name == "CURRENT") return StoreFile::kCurrent;
  if (ext == "sst" && AllDigits(stem)) return StoreFile::kTable;
  if (ext == "log" && AllDigits(stem)) return StoreFile::kWriteAheadLog;  // the info log is "LOG"
  if (name.rfind("MANIFEST-", 0) == 0 && AllDigits(name.substr(9))) return StoreFile::kManifest;
  return StoreFile::kOther;
}

DataDirectory InspectDataDirectory(const std::string& dir) {
  DataDirectory d;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return d;
  d.exists = true;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    ++d.entries;
    const std::string name = entry.path().filename().string();
    switch (KindOfStoreFile(name)) {
      case StoreFile::kCurrent: d.has_current = true; break;
      case StoreFile::kTable: ++d.table_files; break;
      case StoreFile::kWriteAheadLog: ++d.log_files; break;
      case StoreFile::kManifest:
        // Numbers have the same width only below a million: compare as numbers.
        if (d.newest_manifest.empty() || std::stoull(name.substr(9)) > std::stoull(d.newest_manifest.substr(9)))
          d.newest_manifest = name;
        break;
      case StoreFile::kOther: break;
    }
  }
  return d;
}

int LockHolder(const std::string& dir) {
  struct stat st {};
  if (::stat((dir + "/LOCK").c_str(), &st) != 0) return 0;
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    // "1: POSIX  ADVISORY  WRITE 4242 08:01:1311 0 EOF" (device in hex, inode in decimal)
    std::istringstream in(line);
    std::string id, kind, mode, access, where;
    long pid = 0;
    if (!(in >> id >> kind)) continue;
    if (kind == "->") continue;  // a waiter, not a holder
    if (!(in >> mode >> access >> pid >> where)) continue;
    unsigned major = 0, minor = 0;
    unsigned long long inode = 0;
    if (std::sscanf(where.c_str(), "%x:%x:%llu", &major, &minor, &inode) != 3) continue;
    if (inode == st.st_ino && major == ::major(st.st_dev) && minor == ::minor(st.st_dev)) return static_cast<int>(pid);
  }
  return 0;
}

int64_t CleanShutdownPosition(const std::string& dir) {
  std::ifstream in(dir + "/" + kCleanShutdown);
  std::string word;
  long long position = 0;
  if (!(in >> word >> position) || word != "position" || position < 0) return 0;
  return position;
}

Status RecordCleanShutdown(const std::string& dir, int64_t position) {
  return WriteFileAtomically(dir + "/" + kCleanShutdown, "position " + std::to_string(position) + "\n");
}

Status ForgetCleanShutdown(const std::string& dir) {
  const std::string path = dir + "/" + kCleanShutdown;
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    return Status::Storage("cannot remove " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".partial";
  auto fail = [&](const std::string& what) {
    Status s = Status::Storage("cannot " + what + " " + tmp + ": " + std::strerror(errno));
    ::unlink(tmp.c_str());
    return s;
  };
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail("create");
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return fail("write");
    }
    done += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0600) != 0 || ::fsync(fd) != 0) {
    ::close(fd);
    return fail("sync");
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("rename");
  const size_t slash = path.find_last_of('/');
  int dfd = ::open(slash == std::string::npos ? "." : path.substr(0, slash).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

}  // namespace safecity
