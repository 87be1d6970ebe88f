// The field errors the intake form shows next to its fields, when the engine
// refused a record as invalid. They come from the same RequestRecordParser
// the command path used, so they say exactly why it was refused.
#pragma once

#include <nlohmann/json.hpp>

#include "core/jst_time.h"

namespace madoguchi {

// [{"field": "requester.birth_date", "message": "2023-02-29 is not a date"}, ...]
// for intake arguments {"record": {...}}; empty when the record is not an
// object or has no field-level problem.
nlohmann::json IntakeFieldErrors(const nlohmann::json& args, Timestamp now);

}  // namespace madoguchi
