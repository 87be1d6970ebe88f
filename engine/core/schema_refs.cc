#include "core/schema_refs.h"

#include <string>

#include "core/embedded_files.h"

namespace madoguchi {

namespace {

// defs -> a schema -> defs is two levels; more is a loop or a design to rethink.
constexpr int kMaxDepth = 8;

// "schemas/api" + "../defs.schema.json" -> "schemas/defs.schema.json".
std::string Join(std::string_view dir, std::string_view relative) {
  std::string base(dir);
  while (relative.rfind("../", 0) == 0) {
    const size_t slash = base.rfind('/');
    base = slash == std::string::npos ? "" : base.substr(0, slash);
    relative.remove_prefix(3);
  }
  while (relative.rfind("./", 0) == 0) relative.remove_prefix(2);
  return base.empty() ? std::string(relative) : base + "/" + std::string(relative);
}

std::string_view DirOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

Status Inline(nlohmann::json& node, std::string_view file, const nlohmann::json& file_root, int depth,
              WholeFileRefs whole_files);

// "../request.schema.json" or "../request.schema.json#": the whole of another file.
bool NamesWholeFile(const std::string& ref) {
  const size_t hash = ref.find('#');
  return hash != 0 && (hash == std::string::npos || hash + 1 == ref.size());
}

// The subschema `ref` names, read from the file it lives in (this `file`
// for "#/..."), with its own references inlined.
Result<nlohmann::json> Target(const std::string& ref, std::string_view file, const nlohmann::json& file_root,
                              int depth, WholeFileRefs whole_files) {
  if (depth > kMaxDepth) return Status::InvalidArgument(std::string(file) + ": $ref nested too deep at " + ref);
  const size_t hash = ref.find('#');
  const std::string target_file = hash == 0 ? std::string(file) : Join(DirOf(file), ref.substr(0, hash));
  const std::string pointer = hash == std::string::npos ? "" : ref.substr(hash + 1);
  nlohmann::json target_root;
  if (hash == 0) {
    target_root = file_root;
  } else {
    Result<std::string_view> text = EmbeddedFile(target_file);
    if (!text.ok()) return Status::InvalidArgument(std::string(file) + ": $ref " + ref + " names no schema");
    target_root = nlohmann::json::parse(*text, nullptr, false);
    if (target_root.is_discarded()) return Status::InvalidArgument(target_file + " is not JSON");
  }
  if (whole_files == WholeFileRefs::kTypeOnly && NamesWholeFile(ref)) {
    if (!target_root.contains("type")) return Status::InvalidArgument(target_file + " states no type");
    return nlohmann::json{{"type", target_root["type"]}};
  }
  nlohmann::json part;
  try {
    part = target_root.at(nlohmann::json::json_pointer(pointer));
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument(std::string(file) + ": $ref " + ref + " names nothing in " + target_file);
  }
  if (Status s = Inline(part, target_file, target_root, depth + 1, whole_files); !s.ok()) return s;
  return part;
}

Status Inline(nlohmann::json& node, std::string_view file, const nlohmann::json& file_root, int depth,
              WholeFileRefs whole_files) {
  if (node.is_array()) {
    for (auto& item : node) {
      if (Status s = Inline(item, file, file_root, depth, whole_files); !s.ok()) return s;
    }
    return Status::Ok();
  }
  if (!node.is_object()) return Status::Ok();
  if (auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) {
    const std::string target = ref->get<std::string>();
    // Local references of the top-level file are valijson's to follow; a
    // local reference inside an inlined file must be read in that file.
    if (target.rfind('#', 0) == 0 && depth == 0) return Status::Ok();
    for (const auto& [key, value] : node.items()) {
      if (key != "$ref" && key != "description") {
        return Status::InvalidArgument(std::string(file) + ": a $ref (" + target + ") beside \"" + key +
                                       "\", which draft 7 ignores: put it in the definition");
      }
    }
    Result<nlohmann::json> part = Target(target, file, file_root, depth, whole_files);
    if (!part.ok()) return part.status();
    node = std::move(part).value();
    return Status::Ok();
  }
  for (auto& [key, value] : node.items()) {
    // `definitions` of the top-level file are inlined where used.
    if (Status s = Inline(value, file, file_root, depth, whole_files); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<nlohmann::json> ResolvedSchema(std::string_view path, WholeFileRefs whole_files) {
  Result<std::string_view> text = EmbeddedFile(path);
  if (!text.ok()) return text.status();
  nlohmann::json schema = nlohmann::json::parse(*text, nullptr, false);
  if (schema.is_discarded()) return Status::InvalidArgument(std::string(path) + " is not JSON");
  return InlineSchemaRefs(std::move(schema), path, whole_files);
}

Result<nlohmann::json> InlineSchemaRefs(nlohmann::json schema, std::string_view path, WholeFileRefs whole_files) {
  const nlohmann::json root = schema;
  if (Status s = Inline(schema, path, root, 0, whole_files); !s.ok()) return s;
  return schema;
}

}  // namespace madoguchi
