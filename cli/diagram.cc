#include "cli/diagram.h"

#include <map>
#include <utility>

#include "workflows/rectification/task_machine.h"

namespace safecity::cli {

namespace {

struct Edge {
  std::string from, to;
  std::vector<std::string> labels;
};

std::vector<Edge> TaskEdges() {
  namespace r = rectification;
  std::map<std::pair<int, int>, Edge> edges;  // keyed in table order
  for (const auto& row : r::TransitionTable()) {
    auto key = std::make_pair(static_cast<int>(row.from), static_cast<int>(row.to));
    Edge& e = edges[key];
    e.from = row.from == r::TaskState::kNone ? "" : r::Name(row.from);
    e.to = r::Name(row.to);
    e.labels.push_back(r::Name(row.command));
  }
  std::vector<Edge> out;
  for (auto& [k, e] : edges) out.push_back(std::move(e));
  return out;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string Mermaid(const std::vector<Edge>& edges) {
  std::string out = "stateDiagram-v2\n";
  for (const auto& e : edges)
    out += "    " + (e.from.empty() ? std::string("[*]") : e.from) + " --> " + e.to + ": " + Join(e.labels, ", ") + "\n";
  return out;
}

std::string Dot(const std::string& name, const std::vector<Edge>& edges) {
  std::string out = "digraph " + name + " {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n  start [shape=point];\n";
  for (const auto& e : edges)
    out += "  " + (e.from.empty() ? std::string("start") : e.from) + " -> " + e.to + " [label=\"" + Join(e.labels, "\\n") + "\"];\n";
  return out + "}\n";
}

}  // namespace

std::vector<std::string> DiagramWorkflows() { return {"task"}; }

Result<std::string> Diagram(const std::string& workflow, const std::string& format) {
  if (workflow != "task" && workflow != "rectification")
    return Status::NotFound("workflow", "no workflow '" + workflow + "'; known: task (rectification task)");
  auto edges = TaskEdges();
  if (format == "mermaid") return Mermaid(edges);
  if (format == "dot") return Dot("rectification_task", edges);
  return Status::Invalid("--format", "'" + format + "' is not a format; use dot or mermaid");
}

}  // namespace safecity::cli
