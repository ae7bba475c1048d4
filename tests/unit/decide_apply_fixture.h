// The fixture of every workflow's pure Decide/Apply tests: one stream, its
// state as JSON (null before the first event), and Send, which decides a
// command on that state the way the engine would, checks that deciding is a
// pure function (the same state and command decide the same twice), and
// folds an accepted decision's events in. A refusal folds nothing.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "engine/workflow.h"
#include "tests/test_util.h"
#include "workflows/registry.h"

namespace safecity::testing {

class DecideApplyTest : public ::testing::Test {
 protected:
  // `stream` names the workflow (DefaultWorkflows().ForStream); `at` is the
  // time of a command that names none.
  DecideApplyTest(std::string stream, std::string at)
      : workflow_(*DefaultWorkflows().ForStream(stream)), stream_(std::move(stream)), at_(std::move(at)) {}

  Decision Send(const std::string& type, const Actor& actor, Json data = Json::object(), const std::string& at = "") {
    CommandEnvelope c = Cmd("c" + std::to_string(++sent_), type, stream_, actor, std::move(data), at.empty() ? at_ : at);
    Decision d = workflow_.DecideOnJson(state_, c);
    Decision again = workflow_.DecideOnJson(state_, c);
    EXPECT_EQ(d.status.code(), again.status.code()) << type << " decided twice";
    EXPECT_EQ(d.events.size(), again.events.size()) << type << " decided twice";
    for (size_t i = 0; i < d.events.size() && i < again.events.size(); ++i) {
      EXPECT_EQ(d.events[i].type, again.events[i].type);
      EXPECT_EQ(d.events[i].data, again.events[i].data);
    }
    FoldDecision(workflow_, c, d, &state_);
    return d;
  }

  const Workflow& workflow_;
  const std::string stream_;
  const std::string at_;
  Json state_;  // null: no event yet
  int sent_ = 0;
};

}  // namespace safecity::testing
