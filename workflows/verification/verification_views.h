// Verification views (核查读模型): the read models the verification workflow
// keeps, their keys, and the reads the CLI, the reactors and the API share.
// No file outside this folder spells these keys.
//
//   ver/<id>              the summary: verification_id, task_id, submission,
//                         mode, state, inspector, requested_at, updated_at,
//                         outcome
//   vbs/<state>/<id>      verifications by state -> ""
//   vbi/<inspector>/<id>  verifications by the inspector assigned -> ""
#pragma once

#include <functional>
#include <string>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::verification {

std::string VerificationKey(const std::string& verification);
std::string VerificationByStateKey(const std::string& state, const std::string& verification);
std::string VerificationByInspectorKey(const std::string& inspector, const std::string& verification);

// A page of verifications (the HTTP API's lists page by key): the keys under
// this prefix, all verifications, those in `state`, or those assigned to
// `inspector` (then filter by state), each ending in the verification's id.
std::string VerificationListPrefix(const std::string& state, const std::string& inspector);

// The verification's summary; null when there is none.
Json ReadVerification(ReadModelReader& reader, const std::string& verification);
// The verifications in id order: all, or those in `state`, or those assigned
// to `inspector`, or both (an index is read, not every verification).
Status ForEachVerification(ReadModelReader& reader, const std::string& state, const std::string& inspector,
                           const std::function<bool(const Json& summary)>& fn);

}  // namespace safecity::verification
