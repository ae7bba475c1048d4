#include "engine/time_util.h"

#include <gtest/gtest.h>

namespace safecity {

TEST(TimeUtil, DeadlineDateMeansEndOfDayInChina) {
  EXPECT_EQ(FormatIsoMs(*ParseDeadlineMs("2023-04-15")), "2023-04-15T15:59:59.999Z");
  EXPECT_EQ(FormatIsoMs(*ParseIsoMs("2023-03-01")), "2023-03-01T01:00:00.000Z");
  EXPECT_EQ(FormatIsoMs(*ParseIsoMs("2023-03-01T09:30:00+08:00")), "2023-03-01T01:30:00.000Z");
  EXPECT_EQ(FormatIsoMs(*ParseIsoMs("2023-03-01T01:30:00.5Z")), "2023-03-01T01:30:00.500Z");
  EXPECT_EQ(FormatLocal(*ParseDeadlineMs("2023-04-15")), "2023-04-15 23:59");
}

TEST(TimeUtil, RejectsWhatIsNotATime) {
  EXPECT_FALSE(ParseIsoMs("2023-02-30"));
  EXPECT_FALSE(ParseIsoMs("2023-04-15T10:00"));  // no zone: ambiguous
  EXPECT_FALSE(ParseIsoMs("tomorrow"));
  EXPECT_FALSE(ParseIsoMs("2023-04-15T25:00:00Z"));
}

// Offsets run from -12:00 to +14:00 and every field is digits: no hour 99,
// no sign or space slipped into a two-digit field.
TEST(TimeUtil, RejectsOffsetsAndFieldsNoClockShows) {
  EXPECT_FALSE(ParseIsoMs("2023-03-01T09:30:00+99:00"));
  EXPECT_FALSE(ParseIsoMs("2023-03-01T09:30:00+15:00"));
  EXPECT_FALSE(ParseIsoMs("2023-03-01T09:30:00-13:00"));
  EXPECT_FALSE(ParseIsoMs("2023-03-01T09:30:00+08:60"));
  EXPECT_FALSE(ParseIsoMs("2023-03-01T09:30:00+-8:00"));
  EXPECT_FALSE(ParseIsoMs("2023-03-01T09:30:00+ 8:00"));
  EXPECT_FALSE(ParseIsoMs("2023-03-01T-1:30:00Z"));
  EXPECT_FALSE(ParseIsoMs("2023-03-01T09:-1:00Z"));
  EXPECT_FALSE(ParseIsoMs("2023-03-01T09:30:-1Z"));
  EXPECT_FALSE(ParseIsoMs("2023-03-01T09:30:00+0800"));
  EXPECT_EQ(FormatIsoMs(*ParseIsoMs("2023-03-01T09:30:00+14:00")), "2023-02-28T19:30:00.000Z");
  EXPECT_EQ(FormatIsoMs(*ParseIsoMs("2023-03-01T09:30:00-12:00")), "2023-03-01T21:30:00.000Z");
  EXPECT_EQ(FormatIsoMs(*ParseIsoMs("2023-03-01T09:30:00+05:45")), "2023-03-01T03:45:00.000Z");
}

}  // namespace safecity
