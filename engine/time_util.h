// Time as the engine sees it: UTC milliseconds since the epoch, written as
// ISO-8601 "YYYY-MM-DDTHH:MM:SS.mmmZ". Deciding and applying never read the
// clock; times arrive in command envelopes. Only intake (CLI, API) calls NowMs().
//
// Users in China type dates: a date without a time ("2023-04-15") as a
// deadline means the end of that day in China Standard Time (UTC+8), i.e.
// 2023-04-15T15:59:59.999Z; as a moment ("--at 2023-03-01") it means 09:00 CST.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace safecity {

int64_t NowMs();
std::string FormatIsoMs(int64_t ms);
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.mmm]]Z" and offsets from
// "-12:00" to "+14:00" ("+08:00") in place of the Z.
std::optional<int64_t> ParseIsoMs(const std::string& s);
// As ParseIsoMs, but a bare date means the end of that day in UTC+8.
std::optional<int64_t> ParseDeadlineMs(const std::string& s);
// As ParseIsoMs, but a bare date means the start (00:00) of that day in UTC+8:
// the first moment of a reporting period.
std::optional<int64_t> ParsePeriodStartMs(const std::string& s);
// "2023-04-15 23:59" in UTC+8, for tables shown to people.
std::string FormatLocal(int64_t ms);

}  // namespace safecity
