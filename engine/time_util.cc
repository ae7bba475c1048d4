#include "engine/time_util.h"

#include <chrono>
#include <cstdio>
#include <cstring>

namespace safecity {

namespace {
constexpr int64_t kDayMs = 86400000LL;
constexpr int64_t kCstOffsetMs = 8 * 3600000LL;

// Days from 1970-01-01 to y-m-d (proleptic Gregorian), H. Hinnant's algorithm.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

bool ValidDate(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  int max = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

// Two decimal digits at p (no sign, no space), into *v.
bool TwoDigits(const char* p, int* v) {
  if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9') return false;
  *v = (p[0] - '0') * 10 + (p[1] - '0');
  return true;
}

// "HH:MM" at p.
bool HoursMinutes(const char* p, int* h, int* m) { return TwoDigits(p, h) && p[2] == ':' && TwoDigits(p + 3, m); }

// Parses; sets date_only when no time part was given.
std::optional<int64_t> Parse(const std::string& s, bool& date_only) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  int n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return std::nullopt;
  if (!ValidDate(y, mo, d)) return std::nullopt;
  date_only = s.size() == 10;
  int64_t offset_ms = 0;
  if (!date_only) {
    const char* p = s.c_str() + 10;
    if (*p != 'T' && *p != ' ') return std::nullopt;
    ++p;
    if (!HoursMinutes(p, &h, &mi)) return std::nullopt;
    p += 5;
    if (*p == ':') {
      if (!TwoDigits(p + 1, &sec)) return std::nullopt;
      p += 3;
      if (*p == '.') {
        ++p;
        int digits = 0;
        ms = 0;
        while (*p >= '0' && *p <= '9') {
          if (digits < 3) ms = ms * 10 + (*p - '0');
          ++digits;
          ++p;
        }
        if (digits == 0) return std::nullopt;
        for (int i = digits; i < 3; ++i) ms *= 10;
      }
    }
    if (*p == 'Z') {
      ++p;
    } else if (*p == '+' || *p == '-') {
      // The offsets in use run from -12:00 to +14:00.
      int oh = 0, om = 0;
      if (!HoursMinutes(p + 1, &oh, &om) || om > 59 || oh * 60 + om > (*p == '+' ? 14 * 60 : 12 * 60)) return std::nullopt;
      offset_ms = (oh * 3600000LL + om * 60000LL) * (*p == '+' ? 1 : -1);
      p += 6;
    } else {
      return std::nullopt;  // a time without a zone is ambiguous
    }
    if (*p != '\0' || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  }
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * kDayMs + h * 3600000LL + mi * 60000LL + sec * 1000LL + ms - offset_ms;
}
}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatIsoMs(int64_t ms) {
  int64_t days = ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs;
  int64_t rem = ms - days * kDayMs;
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d,
                static_cast<int>(rem / 3600000), static_cast<int>(rem / 60000 % 60),
                static_cast<int>(rem / 1000 % 60), static_cast<int>(rem % 1000));
  return buf;
}

std::optional<int64_t> ParseIsoMs(const std::string& s) {
  bool date_only = false;
  auto v = Parse(s, date_only);
  if (v && date_only) return *v + 9 * 3600000LL - kCstOffsetMs;  // 09:00 CST
  return v;
}

std::optional<int64_t> ParsePeriodStartMs(const std::string& s) {
  bool date_only = false;
  auto v = Parse(s, date_only);
  if (v && date_only) return *v - kCstOffsetMs;  // 00:00 CST
  return v;
}

std::optional<int64_t> ParseDeadlineMs(const std::string& s) {
  bool date_only = false;
  auto v = Parse(s, date_only);
  if (v && date_only) return *v + kDayMs - 1 - kCstOffsetMs;  // 23:59:59.999 CST
  return v;
}

std::string FormatLocal(int64_t ms) {
  std::string iso = FormatIsoMs(ms + kCstOffsetMs);
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

}  // namespace safecity
