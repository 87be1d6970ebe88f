#include "local_input.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>
#include <vector>

#include "core/bounded_json.h"
#include "core/request_id.h"
#include "core/workflow_table.h"

namespace madoguchi::cli {

using nlohmann::json;

Result<std::string> ReadTextFile(const std::string& path, std::string_view what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(std::string(what) + " " + path + " does not exist or is not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(std::string(what) + " " + path + " cannot be read");
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

Result<json> ParseJsonObject(const std::string& text, const std::string& what) {
  Result<json> parsed = ParseBoundedJson(text);
  if (!parsed.ok()) return Status::InvalidArgument(what + ": " + parsed.status().message());
  json j = std::move(parsed).value();
  if (!j.is_object()) return Status::InvalidArgument(what + " is not a JSON object");
  return j;
}

Result<json> ReadJsonObjectFile(const std::string& path, std::string_view what) {
  Result<std::string> text = ReadTextFile(path, what);
  if (!text.ok()) return text.status();
  return ParseJsonObject(*text, std::string(what) + " " + path);
}

Result<json> EventData(const std::string& argument) {
  if (argument.empty()) return json::object();
  if (argument.front() == '@') return ReadJsonObjectFile(argument.substr(1), "event data file");
  return ParseJsonObject(argument, "--data");
}

Status CheckRequestId(const std::string& id) {
  if (IsRequestId(id)) return Status::Ok();
  return Status::InvalidArgument("'" + id + "' is not a request id (like R2026-000001)");
}

Status CheckEvent(const std::string& event) {
  std::optional<Event> e = ParseEvent(event);
  if (e && *e != Event::kIntake) return Status::Ok();
  std::vector<Event> events;
  for (Event v : AllEvents()) {
    if (v != Event::kIntake) events.push_back(v);
  }
  return Status::InvalidArgument("unknown event '" + event + "'; events: " + NameList<Event>(events));
}

}  // namespace madoguchi::cli
