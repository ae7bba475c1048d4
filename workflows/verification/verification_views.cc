#include "workflows/verification/verification_views.h"

namespace safecity::verification {

namespace {
const std::string kVerifications = "ver/";
const std::string kByState = "vbs/";
const std::string kByInspector = "vbi/";
}  // namespace

std::string VerificationKey(const std::string& verification) { return kVerifications + verification; }
std::string VerificationByStateKey(const std::string& state, const std::string& verification) {
  return kByState + state + "/" + verification;
}
std::string VerificationByInspectorKey(const std::string& inspector, const std::string& verification) {
  return kByInspector + inspector + "/" + verification;
}

std::string VerificationListPrefix(const std::string& state, const std::string& inspector) {
  if (!inspector.empty()) return kByInspector + inspector + "/";
  return state.empty() ? kVerifications : kByState + state + "/";
}

Json ReadVerification(ReadModelReader& reader, const std::string& verification) {
  return reader.GetJson(VerificationKey(verification));
}

Status ForEachVerification(ReadModelReader& reader, const std::string& state, const std::string& inspector,
                           const std::function<bool(const Json&)>& fn) {
  auto wanted = [&](const Json& v) {
    return v.is_object() && (state.empty() || v.value("state", "") == state) &&
           (inspector.empty() || v.value("inspector", "") == inspector);
  };
  if (state.empty() && inspector.empty())
    return reader.ScanJson(kVerifications, [&](const std::string&, const Json& v) { return !wanted(v) || fn(v); });
  const std::string prefix = VerificationListPrefix(state, inspector);
  return reader.Scan(prefix, [&](const std::string& key, const std::string&) {
    Json v = ReadVerification(reader, key.substr(prefix.size()));
    return !wanted(v) || fn(v);
  });
}

}  // namespace safecity::verification
