#include "core/schema_validator.h"

#include <map>
#include <optional>
#include <stdexcept>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "util/mutex.h"
#include "core/embedded_files.h"
#include "core/schema_refs.h"

namespace madoguchi {

namespace {

// valijson's context is {"<root>", "[requester]", "[kana]"} or "[1]" for an
// array item; we write "requester.kana" and "documents[1]".
std::string FieldPath(const std::vector<std::string>& context, std::string_view root_label) {
  std::string path;
  for (size_t i = 1; i < context.size(); ++i) {
    const std::string& part = context[i];
    std::string inner = part.size() >= 2 && part.front() == '[' && part.back() == ']'
                            ? part.substr(1, part.size() - 2)
                            : part;
    bool index = !inner.empty() && inner.find_first_not_of("0123456789") == std::string::npos;
    if (index) {
      path += "[" + inner + "]";
    } else {
      if (!path.empty()) path += ".";
      path += inner;
    }
  }
  return path.empty() ? std::string(root_label) : path;
}

// valijson reports, besides the real failure, one summary error per enclosing
// level ("Failed to validate against schema associated with property name
// 'requester'."). Those add nothing a user can act on.
bool IsSummary(const std::string& description) {
  for (const char* prefix : {"Failed to validate against schema associated with", "Failed to validate item #",
                             "Failed to validate against child schema #",
                             "Failed to validate against a conditional schema"}) {
    if (description.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// valijson's wording for the commonest failures, in words a clerk can act on.
std::string Describe(const std::string& description) {
  if (description == "Failed to match against any enum values.") return "is not one of the allowed values";
  if (description == "Failed to match regex specified by 'pattern' constraint.") return "is not in the expected format";
  return description;
}

// valijson reports a missing property at its parent ("requester: Missing
// required property 'kana'."); the one to fill in is the property itself.
std::optional<std::string> MissingProperty(const std::string& description, const std::string& parent,
                                           std::string_view root_label) {
  constexpr std::string_view kPrefix = "Missing required property '";
  if (description.rfind(kPrefix, 0) != 0 || description.size() < kPrefix.size() + 2) return std::nullopt;
  std::string name = description.substr(kPrefix.size(), description.size() - kPrefix.size() - 2);  // drop "'."
  std::string path = parent == root_label ? name : parent + "." + name;
  return path + ": is required";
}

// Walks a schema (not the names under properties/definitions, which are
// not keywords): with `strip` false, caps the maxLength of every subschema
// that has a pattern at `cap`; with `strip` true, removes the patterns.
// Refuses `format` (std::regex too, and before maxLength in valijson's order).
Status BoundPatterns(nlohmann::json& schema, size_t cap, bool strip) {
  if (!schema.is_object()) return Status::Ok();
  if (schema.contains("format")) {
    return Status::InvalidArgument("`format` is not supported (valijson matches it with std::regex, unbounded); use a bounded pattern");
  }
  if (schema.contains("pattern")) {
    if (strip) {
      schema.erase("pattern");
    } else if (!schema.contains("maxLength") || !schema["maxLength"].is_number_unsigned() ||
               schema["maxLength"].get<size_t>() > cap) {
      schema["maxLength"] = cap;
    }
  }
  for (auto& [key, value] : schema.items()) {
    if (key == "properties" || key == "definitions" || key == "$defs" || key == "patternProperties" ||
        key == "dependencies") {
      if (!value.is_object()) continue;
      for (auto& [name, sub] : value.items()) {
        (void)name;
        if (Status s = BoundPatterns(sub, cap, strip); !s.ok()) return s;
      }
    } else if (key == "allOf" || key == "anyOf" || key == "oneOf" || (key == "items" && value.is_array())) {
      for (auto& sub : value) {
        if (Status s = BoundPatterns(sub, cap, strip); !s.ok()) return s;
      }
    } else if (key == "items" || key == "additionalItems" || key == "additionalProperties" || key == "not" ||
               key == "if" || key == "then" || key == "else" || key == "contains" || key == "propertyNames") {
      if (Status s = BoundPatterns(value, cap, strip); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

// Whether any string in the document is longer than `limit` bytes.
bool HasStringLongerThan(const nlohmann::json& j, size_t limit) {
  if (j.is_string()) return j.get_ref<const std::string&>().size() > limit;
  if (j.is_object() || j.is_array()) {
    for (const auto& item : j) {
      if (HasStringLongerThan(item, limit)) return true;
    }
  }
  // Object keys are strings too, and so matched by patternProperties and propertyNames.
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      (void)value;
      if (key.size() > limit) return true;
    }
  }
  return false;
}

Result<std::shared_ptr<valijson::Schema>> Parse(const nlohmann::json& schema_json) {
  auto schema = std::make_shared<valijson::Schema>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema_json);
    parser.populateSchema(adapter, *schema);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("not a valid JSON Schema: ") + e.what());
  }
  return schema;
}

}  // namespace

Result<SchemaValidator> SchemaValidator::FromJson(const nlohmann::json& schema_json) {
  nlohmann::json bounded = schema_json;
  if (Status s = BoundPatterns(bounded, kMaxPatternInput, false); !s.ok()) return s;
  nlohmann::json stripped = bounded;
  if (Status s = BoundPatterns(stripped, kMaxPatternInput, true); !s.ok()) return s;
  Result<std::shared_ptr<valijson::Schema>> schema = Parse(bounded);
  if (!schema.ok()) return schema.status();
  Result<std::shared_ptr<valijson::Schema>> without_patterns = Parse(stripped);
  if (!without_patterns.ok()) return without_patterns.status();
  return SchemaValidator(std::move(schema).value(), std::move(without_patterns).value());
}

namespace {
// The embedded schemas' validators, made once each (per way of reading a
// whole-file $ref), whichever thread asks first.
Mutex g_embedded_mutex;
std::map<std::pair<std::string, WholeFileRefs>, SchemaValidator> g_embedded GUARDED_BY(g_embedded_mutex);
}  // namespace

const SchemaValidator& SchemaValidator::Embedded(std::string_view path, WholeFileRefs whole_files) {
  MutexLock lock(&g_embedded_mutex);
  auto& cache = g_embedded;
  std::pair<std::string, WholeFileRefs> key{std::string(path), whole_files};
  if (auto it = cache.find(key); it != cache.end()) return it->second;

  Result<nlohmann::json> schema = ResolvedSchema(path, whole_files);
  if (!schema.ok()) throw std::logic_error(std::string(path) + ": " + schema.status().message());
  Result<SchemaValidator> validator = FromJson(*schema);
  if (!validator.ok()) throw std::logic_error(std::string(path) + ": " + validator.status().message());
  return cache.emplace(std::move(key), std::move(validator).value()).first->second;
}

// A Validator caches the std::regex of every pattern it has met; compiling
// them again for each document was most of the cost of validating one.
// One per thread: Validate may run on several threads at once.
valijson::Validator& ThreadValidator() {
  thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
  return validator;
}

std::vector<std::string> SchemaValidator::Validate(const nlohmann::json& document, std::string_view root_label) const {
  valijson::adapters::NlohmannJsonAdapter adapter(document);
  // Strictly first (no results: each subschema stops at its first failing
  // constraint, maxLength before pattern): a valid document is done here.
  if (ThreadValidator().validate(*schema_, adapter, nullptr)) return {};
  // Collecting every error runs every constraint: a string longer than any
  // pattern's bound is reported from the schema without patterns (its
  // maxLength error is there).
  if (HasStringLongerThan(document, kMaxPatternInput)) {
    std::vector<std::string> messages = Messages(*without_patterns_, document, root_label);
    if (!messages.empty()) return messages;
  }
  return Messages(*schema_, document, root_label);
}

std::vector<std::string> SchemaValidator::Messages(const valijson::Schema& schema, const nlohmann::json& document,
                                                   std::string_view root_label) const {
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(document);
  if (ThreadValidator().validate(schema, adapter, &results)) return {};

  std::vector<std::string> messages;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    if (IsSummary(error.description)) continue;
    std::string path = FieldPath(error.context, root_label);
    std::string message = MissingProperty(error.description, path, root_label)
                              .value_or(path + ": " + Describe(error.description));
    if (std::find(messages.begin(), messages.end(), message) == messages.end()) messages.push_back(message);
  }
  if (messages.empty()) messages.push_back(std::string(root_label) + ": does not match its schema");
  return messages;
}

Status SchemaValidator::Check(const nlohmann::json& document, std::string_view what,
                              std::string_view root_label) const {
  std::vector<std::string> messages = Validate(document, root_label);
  if (messages.empty()) return Status::Ok();
  return Status::InvalidArgument(std::string(what) + " is invalid: " + JoinMessages(messages));
}

std::string JoinMessages(const std::vector<std::string>& messages, std::string_view separator) {
  std::string out;
  for (const auto& m : messages) {
    if (!out.empty()) out += separator;
    out += m;
  }
  return out;
}

}  // namespace madoguchi
