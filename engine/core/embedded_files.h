// The JSON Schemas (schemas/), default configuration files (config/*.json)
// and the list of common passwords (config/common-passwords.txt) are
// compiled into every binary (see cmake/EmbedFiles.cmake), so that nothing
// depends on where the program is run from.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

// Path relative to the repository root ("schemas/request.schema.json") -> text.
const std::map<std::string_view, std::string_view>& EmbeddedFileTable();

// The text of one embedded file, or NotFound.
Result<std::string_view> EmbeddedFile(std::string_view path);

// An embedded JSON file, parsed. Our binaries are built with these files, so a
// missing or unparsable one is a build defect: throws std::logic_error.
nlohmann::json EmbeddedJson(std::string_view path);

// Builds a T from an embedded config file with T::FromJson, throwing
// std::logic_error if the shipped file does not pass T's own checks.
template <typename T>
T FromEmbeddedConfig(std::string_view path) {
  auto parsed = T::FromJson(EmbeddedJson(path));
  if (!parsed.ok()) throw std::logic_error(std::string(path) + ": " + parsed.status().message());
  return std::move(parsed).value();
}

}  // namespace madoguchi
