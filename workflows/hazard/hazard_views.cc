#include "workflows/hazard/hazard_views.h"

#include "engine/store.h"

namespace safecity::hazard {

namespace {
const std::string kHazards = "hz/";
const std::string kByState = "hzs/";
const std::string kClosed = "hzc/";
const std::string kAccountability = "acct/";
}  // namespace

std::string HazardKey(const std::string& hazard) { return kHazards + hazard; }
std::string HazardByStateKey(const std::string& state, const std::string& hazard) { return kByState + state + "/" + hazard; }
std::string HazardClosedKey(int64_t closed_at_ms, const std::string& hazard) {
  return kClosed + Store::BigEndian64(static_cast<uint64_t>(closed_at_ms)) + "/" + hazard;
}
std::string AccountabilityKey(const std::string& day, const std::string& hazard, int64_t record) {
  return kAccountability + day + "/" + hazard + "/" + std::to_string(record);
}

std::string HazardListPrefix(const std::string& state) { return state.empty() ? kHazards : kByState + state + "/"; }

Json ReadHazard(ReadModelReader& reader, const std::string& hazard) { return reader.GetJson(HazardKey(hazard)); }

Status ForEachHazard(ReadModelReader& reader, const std::string& state, const std::function<bool(const Json&)>& fn) {
  if (state.empty())
    return reader.ScanJson(kHazards, [&](const std::string&, const Json& h) { return fn(h); });
  const std::string prefix = kByState + state + "/";
  return reader.Scan(prefix, [&](const std::string& key, const std::string&) {
    Json h = ReadHazard(reader, key.substr(prefix.size()));
    return !h.is_object() || fn(h);
  });
}

Status ForEachHazardClosedBetween(ReadModelReader& reader, int64_t from_ms, int64_t to_ms,
                                  const std::function<bool(const std::string&, int64_t, const std::string&)>& fn) {
  return reader.Scan(kClosed, [&](const std::string& key, const std::string& unit) {
    if (key.size() < kClosed.size() + 9) return true;
    const int64_t at = static_cast<int64_t>(Store::FromBigEndian64(key.substr(kClosed.size(), 8)));
    if (at >= to_ms) return false;
    if (at < from_ms) return true;
    return fn(key.substr(kClosed.size() + 9), at, unit);
  });
}

Status ForEachAccountabilityBetween(ReadModelReader& reader, const std::string& first_day, const std::string& last_day,
                                    const std::function<bool(const std::string&, const Json&)>& fn) {
  const size_t day_at = kAccountability.size(), hazard_at = day_at + 11;  // acct/YYYY-MM-DD/<hazard>/<n>
  return reader.Scan(
      kAccountability,
      [&](const std::string& key, const std::string& v) {
        if (key.size() <= hazard_at || key.substr(day_at, 10) > last_day) return false;
        Json a = Json::parse(v, nullptr, false);
        if (!a.is_object()) return true;
        return fn(key.substr(hazard_at, key.find('/', hazard_at) - hazard_at), a);
      },
      kAccountability + first_day);
}

}  // namespace safecity::hazard
