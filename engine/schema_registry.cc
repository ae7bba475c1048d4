#include "engine/schema_registry.h"

#include <limits>
#include <set>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "engine/intake_refusals.h"

namespace safecity {

struct SchemaRegistry::Compiled {
  valijson::Schema schema;
  Json doc;  // the schema itself, for CheckSizes
};

// A validator whose cache of compiled regular expressions already holds
// every pattern of every schema. std::regex compiles slowly (a date pattern
// with forty bracket expressions takes a millisecond), and a validator
// compiles each pattern on first use: without this, every new thread (a
// server's connection threads, a client's) paid for all of them again.
struct SchemaRegistry::Patterns {
  valijson::Validator validator;
};

namespace {
void CollectPatterns(const Json& schema, std::set<std::string>* out) {
  if (schema.is_object()) {
    for (auto it = schema.begin(); it != schema.end(); ++it) {
      if (it.key() == "pattern" && it.value().is_string()) out->insert(it.value().get<std::string>());
      CollectPatterns(it.value(), out);
    }
  } else if (schema.is_array()) {
    for (const auto& item : schema) CollectPatterns(item, out);
  }
}
}  // namespace

SchemaRegistry::SchemaRegistry() : sources_(EmbeddedSchemas()) {
  for (const auto& [path, text] : sources_) {
    auto c = std::make_unique<Compiled>();
    c->doc = Json::parse(text);  // a broken shipped schema is a build bug: throw at start
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(c->doc);
    parser.populateSchema(adapter, c->schema);
    compiled_.emplace(path, std::move(c));
  }
  std::set<std::string> patterns;
  for (const auto& [path, c] : compiled_) CollectPatterns(c->doc, &patterns);
  patterns_ = std::make_unique<Patterns>();
  const Json empty = "";
  for (const std::string& pattern : patterns) {
    // Validating any string against {"pattern": P} puts P, compiled, into the cache.
    const Json doc{{"type", "string"}, {"pattern", pattern}};
    valijson::Schema one;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, one);
    patterns_->validator.validate(one, valijson::adapters::NlohmannJsonAdapter(empty), nullptr);
  }
}

namespace {
// Sizes first: a string over its maxLength or an array over its maxItems
// (found through properties and items, all that our schemas use) is refused
// before valijson sees it. valijson refuses it too, but only after running the
// field's pattern over it with std::regex, which recurses once per character
// (a URL of 30,000 characters overflows an 8 MiB stack), and uniqueItems over
// every pair of items, recording each equal pair (3,000 equal items: 4.5
// million errors); and it counts characters only up to the first "\u0000".
Status CheckSizes(const Json& schema, const Json& doc, const std::string& field, const std::string& path) {
  if (!schema.is_object()) return Status::Ok();
  auto limit = [&](const char* key) {
    auto it = schema.find(key);
    return it != schema.end() && it->is_number_unsigned() ? it->get<size_t>() : std::numeric_limits<size_t>::max();
  };
  if (doc.is_string()) {
    size_t chars = 0;
    for (unsigned char ch : doc.get_ref<const std::string&>()) chars += (ch & 0xC0) != 0x80;
    if (chars > limit("maxLength"))
      return Status::Refusal(Status::Code::kInvalid, field, kTooLong,
                             {{"chars", std::to_string(chars)}, {"max", std::to_string(limit("maxLength"))}, {"schema", path}});
  } else if (doc.is_array()) {
    if (doc.size() > limit("maxItems"))
      return Status::Refusal(Status::Code::kInvalid, field, kTooManyItems,
                             {{"items", std::to_string(doc.size())}, {"max", std::to_string(limit("maxItems"))}, {"schema", path}});
    for (size_t i = 0; i < doc.size() && schema.contains("items"); ++i) {
      Status s = CheckSizes(schema["items"], doc[i], field + "[" + std::to_string(i) + "]", path);
      if (!s.ok()) return s;
    }
  } else if (doc.is_object() && schema.contains("properties")) {
    for (const auto& [key, sub] : schema["properties"].items()) {
      if (!doc.contains(key)) continue;
      Status s = CheckSizes(sub, doc[key], field.empty() ? key : field + "." + key, path);
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}
}  // namespace

SchemaRegistry::~SchemaRegistry() = default;

const SchemaRegistry& SchemaRegistry::Default() {
  static const SchemaRegistry* registry = new SchemaRegistry();
  return *registry;
}

Status SchemaRegistry::Validate(const std::string& path, const Json& doc, const std::string& root) const {
  auto it = compiled_.find(path);
  if (it == compiled_.end()) return Status::Invalid(root, "no schema " + path);
  Status sizes = CheckSizes(it->second->doc, doc, root, path);
  if (!sizes.ok()) return sizes;
  // One validator per thread (its cache is not safe to share while it
  // grows), each a copy of the one that compiled every pattern at start.
  static thread_local valijson::Validator validator(patterns_->validator);
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
  return Status::Refusal(Status::Code::kInvalid, field, kSchemaMismatch, {{"detail", msg}, {"schema", path}});
}

Status SchemaRegistry::ValidateCommandData(const std::string& type, const Json& data) const {
  if (!HasCommand(type)) {
    return Status::Refusal(Status::Code::kInvalid, "type", kUnknownCommandType, {{"type", type}});
  }
  return Validate("commands/" + type + ".json", data, "data");
}

Status SchemaRegistry::ValidateEvent(const Json& envelope) const {
  Status s = Validate("envelope/event.json", envelope, "");
  if (!s.ok()) return s;
  // An older version of an event keeps its schema as events/<Type>.v<N>.json;
  // the current version's is events/<Type>.json.
  const std::string type = envelope["type"];
  std::string path = "events/" + type + ".v" + std::to_string(envelope["schema_version"].get<int64_t>()) + ".json";
  if (!compiled_.count(path)) path = "events/" + type + ".json";
  if (!compiled_.count(path)) return Status::Invalid("type", "no schema for event " + envelope["type"].get<std::string>());
  return Validate(path, envelope["data"], "data");
}

bool SchemaRegistry::HasCommand(const std::string& type) const {
  return compiled_.count("commands/" + type + ".json") > 0;
}

namespace {
std::vector<std::string> Names(const std::map<std::string, std::string>& src, const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& [path, text] : src) {
    if (path.rfind(dir, 0) != 0) continue;
    std::string name = path.substr(dir.size(), path.size() - dir.size() - 5);
    if (name.find('.') != std::string::npos && dir == "events/") continue;  // an older version: <Type>.v<N>
    out.push_back(name);
  }
  return out;
}
}  // namespace

std::vector<std::string> SchemaRegistry::CommandTypes() const { return Names(sources_, "commands/"); }
std::vector<std::string> SchemaRegistry::EventTypes() const { return Names(sources_, "events/"); }

}  // namespace safecity
