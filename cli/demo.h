// `safecity demo`: a whole rectification round on real units of the Xi'an
// 2023 campaign, on a simulated clock, printed as a person would read it.
#pragma once

#include <ostream>
#include <string>

namespace safecity::cli {

// Runs the demo in `data_dir` (which must be empty or absent). Returns the
// process exit code.
int RunDemo(const std::string& data_dir, std::ostream& out, std::ostream& err);

}  // namespace safecity::cli
