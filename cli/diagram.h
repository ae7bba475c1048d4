// Diagrams of the workflows, generated from the real transition tables (the
// MSM machines), as Graphviz dot or Mermaid stateDiagram-v2.
#pragma once

#include <string>
#include <vector>

#include "engine/status.h"

namespace safecity::cli {

std::vector<std::string> DiagramWorkflows();  // names accepted by Diagram()
Result<std::string> Diagram(const std::string& workflow, const std::string& format);

}  // namespace safecity::cli
