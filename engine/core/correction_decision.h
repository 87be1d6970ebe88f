// The decision on a correction (訂正等, APPI Art. 34), item by item. A
// correction request carries correction_items (its personal record); the
// reviewer's decide carries items [{n, corrected, reason}] naming each of them
// by its 1-based position, so that history never holds the values themselves.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

// Ok when `decide` (data of a decide event, already valid against its schema)
// decides each of the request's `item_count` items exactly once and agrees
// with its outcome: full = every item corrected; partial = some corrected
// and some not; refused and not_held = none corrected; alternative = any.
// InvalidArgument naming what is missing or wrong otherwise.
Status CheckCorrectionDecision(const nlohmann::json& decide, size_t item_count);

// How many items a correction's personal record asks to change (0 if none).
size_t CorrectionItemCount(const nlohmann::json& personal);

}  // namespace madoguchi
