// The file `serve` keeps in its data directory while it runs, SERVING
// ({"url": "http://HOST:PORT", "pid": N}, mode 0600), so that a command that
// needs the directory's writer says where the server is instead of failing
// on RocksDB's lock. A file left by a process that is gone (it no longer
// holds the directory's lock) is ignored.
#pragma once

#include <optional>
#include <string>

#include "engine/status.h"

namespace safecity::server {

struct Serving {
  std::string url;
  int pid = 0;
};

Status WriteServing(const std::string& data_dir, const std::string& url);
void RemoveServing(const std::string& data_dir);
// The server running on `data_dir` now, if any.
std::optional<Serving> RunningServer(const std::string& data_dir);

// kStorage, one line, when `serve` runs on `data_dir`: the command must go to
// it with --server.
Status NotServed(const std::string& data_dir);

}  // namespace safecity::server
