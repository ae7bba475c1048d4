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

}  // namespace safecity
