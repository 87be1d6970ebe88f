#include "core/bounded_json.h"

#include <string>

namespace madoguchi {

namespace {

// Thrown from the parser callback to stop reading at the first level too deep.
struct TooDeep {};

}  // namespace

Result<nlohmann::json> ParseBoundedJson(std::string_view text, int max_depth) {
  using json = nlohmann::json;
  // The callback sees each array and object as it opens, at the depth of its
  // parent (0 for the document itself), before anything inside it is read.
  auto bound = [max_depth](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth + 1 > max_depth) {
      throw TooDeep{};
    }
    return true;
  };
  try {
    return json::parse(text, bound);
  } catch (const TooDeep&) {
    return Status::InvalidArgument("arrays and objects nest deeper than " + std::to_string(max_depth) +
                                   " levels, the limit");
  } catch (const json::exception& e) {
    // Not only parse_error: a number beyond a double's range is out_of_range.
    return Status::InvalidArgument(std::string("not JSON (UTF-8): ") + e.what());
  }
}

}  // namespace madoguchi
