// MetaJson: the `meta` read command's reply (schemas/api/meta.reply.schema.json):
// the decision table (engine/core/decision_table.h) with each decision
// letter's title, the 例文 of reasons, and the Japanese names of request types and states, so that
// the web desk and the CLI draw their forms and labels from the engine's own
// tables instead of copies.
#pragma once

#include <nlohmann/json.hpp>

#include "core/workflow.h"

namespace madoguchi {

// From `workflow`'s configuration: the 例文 (reason_phrases) and the extension cap.
nlohmann::json MetaJson(const Workflow& workflow);

}  // namespace madoguchi
