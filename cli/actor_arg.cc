#include "cli/actor_arg.h"

#include <random>

#include "cli/table.h"

namespace safecity::cli {

Result<Actor> ParseActor(const std::string& text) {
  if (text.empty()) return Status::Invalid("--as", Label("为空；请写 office、unit:名称、inspector:名称或 auditor:名称",
                                            "is empty; write office, unit:NAME, inspector:NAME or auditor:NAME"));
  if (text == "office") return Actor{"office", "office"};
  auto colon = text.find(':');
  if (colon != std::string::npos) {
    std::string role = text.substr(0, colon), id = text.substr(colon + 1);
    if (id.empty())
      return Status::Invalid("--as", Label("“" + role + ":”后面没有写明是谁；请写 " + role + ":名称",
                                           "names no one after '" + role + ":'; write " + role + ":NAME"));
    if (role == "office" || role == "unit" || role == "inspector" || role == "auditor") return Actor{id, role};
    return Status::Invalid("--as", Label("“" + role + "”不是角色；请用 office、unit、inspector 或 auditor",
                                         "'" + role + "' is not a role; use office, unit, inspector or auditor"));
  }
  return Actor{text, "unit"};
}

std::string NewCommandId() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string id(32, '0');
  uint64_t a = rng(), b = rng();
  for (int i = 0; i < 16; ++i) {
    id[i] = kHex[(a >> (4 * i)) & 15];
    id[16 + i] = kHex[(b >> (4 * i)) & 15];
  }
  return id;
}

}  // namespace safecity::cli
