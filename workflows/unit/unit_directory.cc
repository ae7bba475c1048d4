#include "workflows/unit/unit_directory.h"

#include <algorithm>

#include "engine/time_util.h"
#include "engine/utf8.h"
#include "workflows/unit/unit_refusals.h"

namespace safecity::units {

namespace {
size_t EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

Json Find(ReadModelReader& reader, const std::string& id) { return reader.GetJson("unit/" + id); }

Result<std::string> Resolve(ReadModelReader& reader, const std::string& ref, const std::string& field) {
  if (ref.empty()) return Status::Refusal(Status::Code::kInvalid, field, kUnitRefEmpty, {});
  auto byid = reader.Get("unit/" + ref);
  if (!byid.ok()) return byid.status();
  if (byid.value()) return ref;
  auto alias = reader.Get("ualias/" + ref);
  if (!alias.ok()) return alias.status();
  if (alias.value()) return *alias.value();
  // Unknown: list the nearest names.
  std::u32string want = DecodeUtf8(ref);
  std::vector<std::pair<size_t, std::string>> near;
  reader.Scan("ualias/", [&](const std::string& key, const std::string&) {
    std::string name = key.substr(std::string("ualias/").size());
    std::u32string have = DecodeUtf8(name);
    size_t d = EditDistance(want, have);
    bool contains = name.find(ref) != std::string::npos || ref.find(name) != std::string::npos;
    if (contains || d <= std::max<size_t>(1, std::min(want.size(), have.size()) / 2)) near.emplace_back(contains ? 0 : d, name);
    return true;
  });
  std::sort(near.begin(), near.end());
  if (near.empty()) return Status::Refusal(Status::Code::kNotFound, field, kNoUnitAtAll, {{"ref", ref}});
  std::string names, names_zh;
  for (size_t i = 0; i < near.size() && i < 3; ++i) {
    names += (i ? ", " : "") + near[i].second;
    names_zh += (i ? "、" : "") + near[i].second;
  }
  return Status::Refusal(Status::Code::kNotFound, field, kNoUnitNear, {{"ref", ref}, {"near", names}, {"near_zh", names_zh}});
}

std::vector<Json> All(ReadModelReader& reader) {
  std::vector<Json> out;
  reader.Scan("unit/", [&](const std::string&, const std::string& v) {
    out.push_back(Json::parse(v, nullptr, false));
    return true;
  });
  return out;
}

bool MemberOn(const Json& unit, const std::string& date) {
  const std::string since = unit.value("member_since", ""), left = unit.value("left_on", "");
  return since <= date && (left.empty() || date < left);
}

bool MemberAt(const Json& unit, int64_t at_ms) { return MemberOn(unit, FormatLocal(at_ms).substr(0, 10)); }

Result<std::string> ResolveMember(ReadModelReader& reader, const std::string& ref, const std::string& field, int64_t at_ms) {
  auto id = Resolve(reader, ref, field);
  if (!id.ok()) return id;
  Json unit = Find(reader, id.value());
  if (!unit.is_object() || MemberAt(unit, at_ms)) return id;
  const std::string day = FormatLocal(at_ms).substr(0, 10);
  const std::string name = unit.value("name", id.value());
  if (unit.contains("left_on") && unit["left_on"] <= day)
    return Status::Refusal(Status::Code::kInvalid, field, kLeftTheMembership,
                           {{"name", name}, {"left", unit["left_on"].get<std::string>()}});
  return Status::Refusal(Status::Code::kInvalid, field, kMemberOnlyFrom, {{"name", name}, {"since", unit.value("member_since", "")}});
}

std::string DisplayName(ReadModelReader& reader, const std::string& id) {
  Json u = Find(reader, id);
  return u.is_object() ? u.value("name", id) : id;
}

}  // namespace safecity::units
