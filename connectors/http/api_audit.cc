#include "connectors/http/api_audit.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "connectors/http/api_refusals.h"
#include "engine/log_audit.h"
#include "engine/read_models.h"
#include "engine/store.h"
#include "workflows/access/stream_access.h"

namespace safecity::http {

namespace {

Status MayAudit(const Actor& who) {
  if (who.role == "unit")
    return Status::Refusal(Status::Code::kForbidden, "actor", kProofReaders, {});
  return Status::Ok();
}

// A whole number from 1 to 2^62 (0 when absent and `optional`).
Result<uint64_t> Size(const Params& p, const char* name, bool optional) {
  auto it = p.find(name);
  if (it == p.end() || it->second.empty()) {
    if (optional) return uint64_t{0};
    return Status::Refusal(Status::Code::kInvalid, name, kEventCountMissing, {{"name", name}});
  }
  const std::string& s = it->second;
  if (s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos)
    return Status::Refusal(Status::Code::kInvalid, name, kEventCountRange, {});
  errno = 0;
  const unsigned long long n = std::strtoull(s.c_str(), nullptr, 10);
  if (errno || n < 1 || n > (1ULL << 62)) return Status::Refusal(Status::Code::kInvalid, name, kEventCountRange, {});
  return static_cast<uint64_t>(n);
}

}  // namespace

Result<Json> Checkpoints(Store* store, const Actor& who, const Params&) {
  Status may = MayAudit(who);
  if (!may.ok()) return may;
  Json items = Json::array();
  for (const auto& h : RecordedCheckpoints(store)) items.push_back(checkpoint::ToJson(h));
  return Json{{"origin", checkpoint::OriginOf(LogIdOf(store))}, {"items", items}};
}

Result<Json> InclusionProofOf(Store* store, const Actor& who, const std::string& event, const Params& params) {
  Status may = MayAudit(who);
  if (!may.ok()) return may;
  auto size = Size(params, "tree_size", true);
  if (!size.ok()) return size.status();
  auto position = FindEvent(store, event);
  if (!position.ok()) return position.status();
  auto head = RecordedCheckpointFor(store, position.value(), size.value());
  if (!head.ok()) return head.status();
  auto proof = ProveInclusion(store, position.value(), head.value());
  if (!proof.ok()) return proof;
  // A proof carries its event whole (its leaf is the hash of all of it): only
  // for a reader who may see that event whole, so never one holding a secret's
  // hash (a password's, a token's) to anyone but whom the access table allows.
  const std::string stream = proof.value().value("event", Json::object()).value("stream", "");
  ReadModelReader reader(store);
  access::Sight sight = access::StreamSight(reader, who, stream);
  if (!sight.status.ok()) return sight.status;
  if (!sight.hidden.empty())
    return Status::Refusal(Status::Code::kForbidden, "event", kProofHoldsSecret, {{"stream", stream}});
  return proof;
}

Result<Json> LeavesPage(Store* store, const Actor& who, const Params& params) {
  Status may = MayAudit(who);
  if (!may.ok()) return may;
  uint64_t after = 0;
  if (auto it = params.find("after"); it != params.end() && it->second != "0") {
    auto given = Size(params, "after", false);
    if (!given.ok()) return given.status();
    after = given.value();
  }
  auto limit = Size(params, "limit", true);
  if (!limit.ok()) return limit.status();
  if (limit.value() > 10000) return Status::Refusal(Status::Code::kInvalid, "limit", kEventCountRange, {});
  const uint64_t size = static_cast<uint64_t>(store->LastPosition());
  const uint64_t end = std::min(size, after + (limit.value() ? limit.value() : 1000));
  Json items = Json::array();
  if (after < end) {
    Status read = LogLeaves(store)(after, end, [&](const merkle::Hash& h) { items.push_back(merkle::Hex(h)); });
    if (!read.ok()) return read;
  }
  return Json{{"origin", checkpoint::OriginOf(LogIdOf(store))},
              {"after", after},
              {"items", items},
              {"next_after", std::max(after, end)},
              {"tree_size", size},
              {"end", end >= size}};
}

Result<Json> ConsistencyProofOf(Store* store, const Actor& who, const Params& params) {
  Status may = MayAudit(who);
  if (!may.ok()) return may;
  auto first = Size(params, "first", false);
  if (!first.ok()) return first.status();
  auto second = Size(params, "second", false);
  if (!second.ok()) return second.status();
  return ProveConsistency(store, first.value(), second.value());
}

}  // namespace safecity::http
