// `safecity demo`: a whole rectification round on real units of the Xi'an
// 2023 campaign, on a simulated clock, printed as a person would read it.
#pragma once

#include <ostream>
#include <string>

#include "cli/context.h"

namespace safecity::cli {

// Runs the demo in `data_dir` (which must be empty or absent). With
// `cluster.brokers` set, the commands go to that Kafka cluster and `data_dir`
// is the replica the reports are read from. Returns the process exit code.
int RunDemo(const std::string& data_dir, const Globals& cluster, std::ostream& out, std::ostream& err);

}  // namespace safecity::cli
