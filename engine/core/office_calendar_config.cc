#include "core/office_calendar_config.h"

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace madoguchi {

namespace {

// InvalidArgument unless every key of object `j` is one of `allowed`.
Status CheckKeys(const nlohmann::json& j, std::string_view where,
                 std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || key == a;
    if (!known) return Status::InvalidArgument(std::string(where) + ": unknown key \"" + key + "\"");
  }
  return Status::Ok();
}

Result<Date> DateField(const nlohmann::json& j, const std::string& where) {
  if (!j.is_string()) return Status::InvalidArgument(where + ": must be a date string \"YYYY-MM-DD\"");
  Result<Date> d = Date::Parse(j.get<std::string>());
  if (!d.ok()) return Status::InvalidArgument(where + ": " + d.status().message());
  return d;
}

Result<Closure> ClosureFromJson(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": must be an object");
  if (Status s = CheckKeys(j, where, {"from", "to", "name"}); !s.ok()) return s;
  if (!j.contains("from")) return Status::InvalidArgument(where + ": \"from\" is missing");
  if (!j.contains("name")) return Status::InvalidArgument(where + ": \"name\" is missing");

  Result<Date> from = DateField(j["from"], where + ".from");
  if (!from.ok()) return from.status();
  Result<Date> to = j.contains("to") ? DateField(j["to"], where + ".to") : from;
  if (!to.ok()) return to.status();
  if (*to < *from) {
    return Status::InvalidArgument(where + ": \"to\" " + to->ToIso() + " is before \"from\" " +
                                   from->ToIso());
  }
  const nlohmann::json& name = j["name"];
  if (!name.is_string() || name.get<std::string>().empty()) {
    return Status::InvalidArgument(where + ".name: must be a non-empty string");
  }
  return Closure{*from, *to, name.get<std::string>()};
}

}  // namespace

Result<OfficeCalendarConfig> OfficeCalendarConfigFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Status::InvalidArgument("office calendar: must be a JSON object");
  if (Status s = CheckKeys(j, "office calendar", {"year_end_closure", "closures"}); !s.ok()) return s;

  OfficeCalendarConfig config;
  if (j.contains("year_end_closure")) {
    if (!j["year_end_closure"].is_boolean()) {
      return Status::InvalidArgument("year_end_closure: must be true or false");
    }
    config.year_end_closure = j["year_end_closure"].get<bool>();
  }
  if (j.contains("closures")) {
    const nlohmann::json& list = j["closures"];
    if (!list.is_array()) return Status::InvalidArgument("closures: must be an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
      Result<Closure> c = ClosureFromJson(list[i], "closures[" + std::to_string(i) + "]");
      if (!c.ok()) return c.status();
      config.closures.push_back(std::move(c).value());
    }
  }
  return config;
}

}  // namespace madoguchi
