// The request id (受付番号), the one rule of its form: "R", the JST year of
// intake in four digits, "-", the year's counter in six digits
// (R2026-000001). The letters ask requesters to quote it, so staff type it
// back in every way an IME or a phone call gives it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi {

// The form as a regular expression, unanchored, in the syntax std::regex,
// JavaScript and JSON Schema share: the web desk's routes embed it, `meta`
// publishes it to the desk's pages, and schemas/defs.schema.json's request_id
// is "^" + it + "$" (tests/schema_defs_test.cc holds them together).
inline constexpr std::string_view kRequestIdPattern = "R[0-9]{4}-[0-9]{6}";

// Whether `text` is a request id in that form (R2026-000001).
bool IsRequestId(std::string_view text);

// The id of the `counter`th request taken in in `year` (JST).
std::string FormatRequestId(int year, int64_t counter);

// The id that `folded` names, or nullopt. `folded` is what a person typed after
// FoldForMatching (engine/store/request_links.h: widths, case and spaces
// folded, hyphens dropped), so "ｒ２０２６－０００００１ " names R2026-000001.
std::optional<std::string> RequestIdFromFolded(std::string_view folded);

}  // namespace madoguchi
