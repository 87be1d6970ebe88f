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

// The id of the `counter`th request taken in in `year` (JST).
std::string FormatRequestId(int year, int64_t counter);

// The id that `folded` names, or nullopt. `folded` is what a person typed after
// FoldForMatching (engine/store/request_links.h: widths, case and spaces
// folded, hyphens dropped), so "ｒ２０２６－０００００１ " names R2026-000001.
std::optional<std::string> RequestIdFromFolded(std::string_view folded);

}  // namespace madoguchi
