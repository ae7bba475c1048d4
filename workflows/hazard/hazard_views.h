// Hazard views (隐患读模型): the read models the hazard workflow keeps, their
// keys, and the reads the CLI, the reports and the reactors share. No file
// outside this folder spells these keys.
//
//   hz/<id>                       the summary: hazard_id, title, source, unit,
//                                 grade, state, task_id, reported_at, campaign,
//                                 location, deadline, closed_at, updated_at,
//                                 exposures and accountability (counts, when any)
//   hzs/<state>/<id>              hazards by state -> ""
//   hzc/<BE64 closed at>/<id>     closed hazards by when they were closed
//                                 (销号) -> the responsible unit
//   acct/<day>/<id>/<n>           问责 records by the day decided (China's
//                                 calendar day) -> the record
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity::hazard {

std::string HazardKey(const std::string& hazard);
std::string HazardByStateKey(const std::string& state, const std::string& hazard);
std::string HazardClosedKey(int64_t closed_at_ms, const std::string& hazard);
std::string AccountabilityKey(const std::string& day, const std::string& hazard, int64_t record);

// A page of hazards (the HTTP API's lists page by key): the keys under this
// prefix, all hazards or those in `state`, each ending in the hazard's id.
std::string HazardListPrefix(const std::string& state);

// The hazard's summary; null when there is none.
Json ReadHazard(ReadModelReader& reader, const std::string& hazard);
// Every hazard's summary in id order, or those in `state` only.
Status ForEachHazard(ReadModelReader& reader, const std::string& state, const std::function<bool(const Json& summary)>& fn);
// The hazards closed in [from_ms, to_ms), earliest first, with the unit
// responsible when each was closed.
Status ForEachHazardClosedBetween(
    ReadModelReader& reader, int64_t from_ms, int64_t to_ms,
    const std::function<bool(const std::string& hazard, int64_t closed_at_ms, const std::string& unit)>& fn);
// The 问责 records decided from `first_day` to `last_day` (YYYY-MM-DD,
// inclusive), by day.
Status ForEachAccountabilityBetween(ReadModelReader& reader, const std::string& first_day, const std::string& last_day,
                                    const std::function<bool(const std::string& hazard, const Json& record)>& fn);

}  // namespace safecity::hazard
