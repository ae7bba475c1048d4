// Small pieces the benchmarks share: a free loopback port for a server they
// start, and the units a store's template registered.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "engine/read_models.h"
#include "engine/store.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::bench {

// A port nothing listens on now (the kernel's pick), or -1.
inline int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    return -1;
  }
  close(fd);
  return ntohs(a.sin_port);
}

// The ids of the registered units that are not the office: the units a
// round evaluates.
inline std::vector<std::string> EvaluatedUnitIds(Store* store) {
  std::vector<std::string> ids;
  ReadModelReader reader(store);
  for (const Json& u : units::All(reader))
    if (u.is_object() && u.value("kind", "") != "office") ids.push_back(u.value("id", ""));
  return ids;
}

}  // namespace safecity::bench
