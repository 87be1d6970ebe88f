#include "commands/meta_view.h"

#include "core/decision_table.h"
#include "core/letter_plan.h"
#include "core/workflow_table.h"

namespace madoguchi {

nlohmann::json MetaJson() {
  nlohmann::json j = DecisionTableJson();
  for (nlohmann::json& type : j["types"]) {
    for (nlohmann::json& outcome : type["outcomes"]) {
      outcome["letter_title"] = LetterTitle(outcome["letter_kind"].get<std::string>());
    }
  }
  // Arrays, not objects: the workflow's order is the order pages list them in.
  nlohmann::json states = nlohmann::json::array();
  for (State s : AllStates()) states.push_back({{"state", Name(s)}, {"label", JapaneseName(s)}});
  nlohmann::json types = nlohmann::json::array();
  for (RequestType t : AllRequestTypes()) types.push_back({{"type", Name(t)}, {"label", JapaneseName(t)}});
  j["states"] = std::move(states);
  j["type_names"] = std::move(types);
  return j;
}

}  // namespace madoguchi
