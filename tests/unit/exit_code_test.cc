// The CLI's exit codes, which operators' scripts branch on: 1 for a refusal
// in the current state, 2 for bad input or a principal acting where it may
// not, 3 when the data directory failed.
#include "cli/exit_code.h"

#include <gtest/gtest.h>

namespace safecity::cli {
namespace {

TEST(ExitCode, EachStatusCodeHasTheExitCodeTheReadmeNames) {
  EXPECT_EQ(ExitCode(Status::Ok()), 0);
  EXPECT_EQ(ExitCode(Status::Refused("task XA-1 is assigned")), 1);
  EXPECT_EQ(ExitCode(Status::Invalid("data.deadline", "not a date")), 2);
  EXPECT_EQ(ExitCode(Status::NotFound("task", "no task")), 2);
  EXPECT_EQ(ExitCode(Status::Forbidden("actor", "not yours")), 2);
  EXPECT_EQ(ExitCode(Status::Conflict("id reused")), 2);
  EXPECT_EQ(ExitCode(Status::Unauthenticated("token", "unknown token")), 2);
  EXPECT_EQ(ExitCode(Status::Storage("cannot read")), 3);
  EXPECT_EQ(ExitCode(Status::NoSpace("disk full")), 3);
}

}  // namespace
}  // namespace safecity::cli
