// Percent-decoding (RFC 3986) and application/x-www-form-urlencoded fields:
// what the sign-in form and a query string carry. Never throws; a malformed
// escape ("%zz", a '%' at the end) is kept as it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace madoguchi {

// "%41b" → "Ab"; with `plus_is_space`, '+' is a space (form bodies, queries).
std::string PercentDecode(std::string_view text, bool plus_is_space);

// "a=1&b=x%20y" → {("a","1"), ("b","x y")}, in order, names and values decoded.
std::vector<std::pair<std::string, std::string>> ParseFormFields(std::string_view body);

// The first field named `name`, if any.
std::optional<std::string> FormField(const std::vector<std::pair<std::string, std::string>>& fields,
                                     std::string_view name);

}  // namespace madoguchi
