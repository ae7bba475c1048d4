#include "server/serving.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "engine/data_directory.h"
#include "engine/envelope.h"

namespace safecity::server {

namespace {
std::string PathOf(const std::string& data_dir) { return data_dir + "/SERVING"; }
}  // namespace

Status WriteServing(const std::string& data_dir, const std::string& url) {
  return WriteFileAtomically(PathOf(data_dir), Json{{"url", url}, {"pid", static_cast<int>(::getpid())}}.dump() + "\n");
}

void RemoveServing(const std::string& data_dir) { ::unlink(PathOf(data_dir).c_str()); }

std::optional<Serving> RunningServer(const std::string& data_dir) {
  std::ifstream in(PathOf(data_dir));
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  Json j = Json::parse(text.str(), nullptr, false);
  if (!j.is_object() || !j.contains("url") || !j["url"].is_string() || !j.contains("pid") || !j["pid"].is_number_integer())
    return std::nullopt;
  Serving s{j["url"].get<std::string>(), j["pid"].get<int>()};
  // Alive and still the directory's writer: a pid reused by another program holds no lock here.
  if (s.pid <= 0 || LockHolder(data_dir) != s.pid) return std::nullopt;
  return s;
}

Status NotServed(const std::string& data_dir) {
  auto s = RunningServer(data_dir);
  if (!s) return Status::Ok();
  return Status::Storage(data_dir + " is served by `safecity serve` at " + s->url + " (pid " + std::to_string(s->pid) +
                         "), which is its only writer: send this command there with --server " + s->url +
                         " (and a token in $SAFECITY_TOKEN)");
}

}  // namespace safecity::server
