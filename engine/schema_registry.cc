#include "engine/schema_registry.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace safecity {

struct SchemaRegistry::Compiled {
  valijson::Schema schema;
};

SchemaRegistry::SchemaRegistry() : sources_(EmbeddedSchemas()) {
  for (const auto& [path, text] : sources_) {
    Json doc = Json::parse(text);  // a broken shipped schema is a build bug: throw at start
    auto c = std::make_unique<Compiled>();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, c->schema);
    compiled_.emplace(path, std::move(c));
  }
}

SchemaRegistry::~SchemaRegistry() = default;

const SchemaRegistry& SchemaRegistry::Default() {
  static const SchemaRegistry* registry = new SchemaRegistry();
  return *registry;
}

Status SchemaRegistry::Validate(const std::string& path, const Json& doc, const std::string& root) const {
  auto it = compiled_.find(path);
  if (it == compiled_.end()) return Status::Invalid(root, "no schema " + path);
  // One validator per thread: it caches compiled regular expressions, which
  // otherwise dominate the cost of a check.
  static thread_local valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  if (validator.validate(it->second->schema, target, &results)) return Status::Ok();
  // Report the deepest error: it names the field at fault.
  valijson::ValidationResults::Error err, best;
  size_t depth = 0;
  bool have = false;
  while (results.popError(err)) {
    if (!have || err.context.size() > depth) {
      best = err;
      depth = err.context.size();
      have = true;
    }
  }
  std::string field = root;
  for (size_t i = 1; i < best.context.size(); ++i) {
    std::string part = best.context[i];
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') part = part.substr(1, part.size() - 2);
    bool index = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
    field += index ? "[" + part + "]" : (field.empty() ? "" : ".") + part;
  }
  std::string msg = best.description;
  while (!msg.empty() && (msg.back() == '.' || msg.back() == ' ')) msg.pop_back();
  return Status::Invalid(field, msg + "; fix it to match " + path);
}

Status SchemaRegistry::ValidateCommandData(const std::string& type, const Json& data) const {
  if (!HasCommand(type)) {
    return Status::Invalid("type", "unknown command type '" + type + "'; see schemas/commands/ for the list");
  }
  return Validate("commands/" + type + ".json", data, "data");
}

Status SchemaRegistry::ValidateEvent(const Json& envelope) const {
  Status s = Validate("envelope/event.json", envelope, "");
  if (!s.ok()) return s;
  std::string path = "events/" + envelope["type"].get<std::string>() + ".json";
  if (!compiled_.count(path)) return Status::Invalid("type", "no schema for event " + envelope["type"].get<std::string>());
  return Validate(path, envelope["data"], "data");
}

bool SchemaRegistry::HasCommand(const std::string& type) const {
  return compiled_.count("commands/" + type + ".json") > 0;
}

namespace {
std::vector<std::string> Names(const std::map<std::string, std::string>& src, const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& [path, text] : src)
    if (path.rfind(dir, 0) == 0) out.push_back(path.substr(dir.size(), path.size() - dir.size() - 5));
  return out;
}
}  // namespace

std::vector<std::string> SchemaRegistry::CommandTypes() const { return Names(sources_, "commands/"); }
std::vector<std::string> SchemaRegistry::EventTypes() const { return Names(sources_, "events/"); }

}  // namespace safecity
