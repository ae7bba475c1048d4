#include "cli/diagram.h"

#include <map>
#include <utility>

#include "workflows/machine.h"

namespace safecity::cli {

namespace {

struct Edge {
  std::string from, to;
  std::vector<std::string> labels;
};

// One edge per (from, to) pair, labelled with every command that takes it;
// "none" (no stream yet) is drawn as the start point.
std::vector<Edge> Edges(const Machine& m) {
  std::map<std::pair<int, int>, Edge> edges;  // keyed in state order
  for (const auto& row : m.Table()) {
    Edge& e = edges[{row.from, row.to}];
    e.from = row.from == 0 ? "" : m.states()[row.from].name;
    e.to = m.states()[row.to].name;
    e.labels.push_back(m.commands()[row.command]);
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

std::vector<std::string> DiagramWorkflows() {
  std::vector<std::string> out;
  for (const Machine* m : AllMachines()) out.push_back(m->name());
  return out;
}

Result<std::string> Diagram(const std::string& workflow, const std::string& format) {
  const Machine* m = FindMachine(workflow == "rectification" ? "task" : workflow);
  if (!m) {
    std::string known;
    for (const Machine* k : AllMachines()) known += (known.empty() ? "" : ", ") + k->name();
    return Status::NotFound("workflow", "no workflow '" + workflow + "'; known: " + known);
  }
  auto edges = Edges(*m);
  if (format == "mermaid") return Mermaid(edges);
  if (format == "dot") return Dot(m->name(), edges);
  return Status::Invalid("--format", "'" + format + "' is not a format; use dot or mermaid");
}

}  // namespace safecity::cli
