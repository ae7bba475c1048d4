// The task's status record and deadline keys: what every event of a task
// rewrites must read back exactly, and a damaged record must read as damaged.
#include "workflows/rectification/task_views.h"

#include <gtest/gtest.h>

namespace safecity::rectification {
namespace {

TEST(TaskViews, TheStatusRecordReadsBackFieldForFieldAndStaysSmall) {
  TaskStatus s;
  s.state = "in_progress";
  s.deadline = "2023-04-15T15:59:59.999Z";
  s.updated_at = "2023-03-02T01:00:00.000Z";
  s.returns = 2;
  s.submissions = 3;
  s.extension_pending = true;
  s.escalation = "warning";
  const std::string bytes = EncodeTaskStatus(s);
  EXPECT_LE(bytes.size(), 64u) << bytes;
  auto back = DecodeTaskStatus(bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->state, s.state);
  EXPECT_EQ(back->deadline, s.deadline);
  EXPECT_EQ(back->updated_at, s.updated_at);
  EXPECT_EQ(back->returns, 2);
  EXPECT_EQ(back->submissions, 3);
  EXPECT_TRUE(back->extension_pending);
  EXPECT_EQ(back->escalation, "warning");
}

TEST(TaskViews, ADamagedStatusRecordReadsAsDamagedNeverAsAnotherState) {
  for (const char* bad : {"", "{}", "[]", "[\"assigned\"]", "[1,2,3,4,5,6,7]", "not json",
                          "[\"assigned\",1,2,0,0,0]", "[\"assigned\",1,2,\"0\",0,0,\"\"]",
                          "[\"assigned\",\"2023-04-15T15:59:59.999Z\",2,0,0,0,\"\"]"})
    EXPECT_FALSE(DecodeTaskStatus(bad).has_value()) << bad;
}

TEST(TaskViews, DeadlineKeysSortByTimeAndGiveBackTheirParts) {
  const std::string early = DueKey(1680000000000, "XA-2"), late = DueKey(1690000000000, "XA-1");
  EXPECT_LT(early, late) << "the overdue scan stops at the first key past now";
  EXPECT_EQ(DueKeyDeadline(early), 1680000000000);
  EXPECT_EQ(DueKeyTask(early), "XA-2");
  EXPECT_EQ(DueKeyTask(DueKey(0, "HZ-2023-07/a")), "HZ-2023-07/a");
}

}  // namespace
}  // namespace safecity::rectification
