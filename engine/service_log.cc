#include "engine/service_log.h"

#include <atomic>
#include <iostream>
#include <mutex>

#include "engine/time_util.h"

namespace safecity::service_log {

namespace {

std::atomic<bool> json{false};
std::mutex& Mutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

void UseJson(bool on) { json.store(on); }
bool UsesJson() { return json.load(); }

void Write(const char* level, const std::string& source, const std::string& message, const nlohmann::json& fields) {
  std::string line;
  if (json.load()) {
    nlohmann::json entry{{"time", FormatIsoMs(NowMs())}, {"level", level}, {"source", source}};
    if (!message.empty()) entry["message"] = message;
    for (const auto& [k, v] : fields.items()) entry[k] = v;
    // Bytes that are not UTF-8 (a client's path) are replaced, never a throw.
    line = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = source + ":";
    if (!message.empty()) line += " " + message;
    for (const auto& [k, v] : fields.items())
      line += " " + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  line += '\n';
  std::lock_guard<std::mutex> lock(Mutex());
  std::cerr << line << std::flush;
}

}  // namespace safecity::service_log
