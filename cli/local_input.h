// What a `madoguchi` command reads and checks on this machine before it asks
// the engine anything: files, JSON, request ids and events. A failure here
// is bad local input (exit 2), caught before a round trip, with a message
// that says what would have been right.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi::cli {

// The whole of a regular file; `what` names it in messages ("request file").
Result<std::string> ReadTextFile(const std::string& path, std::string_view what);

// A JSON object from `text`; `what` names where it came from in messages.
Result<nlohmann::json> ParseJsonObject(const std::string& text, const std::string& what);

Result<nlohmann::json> ReadJsonObjectFile(const std::string& path, std::string_view what);

// --data of `advance`: inline JSON, or @FILE; absent means {}.
Result<nlohmann::json> EventData(const std::string& argument);

// R2026-000001.
Status CheckRequestId(const std::string& id);

// An event a person may fire with `advance` (any but intake).
Status CheckEvent(const std::string& event);

// "a, b, c": the wire names of `values`, to say what would have been right.
template <typename T>
std::string NameList(std::span<const T> values) {
  std::string out;
  for (const T& v : values) out += (out.empty() ? "" : ", ") + std::string(Name(v));
  return out;
}

}  // namespace madoguchi::cli
