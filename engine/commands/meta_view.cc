#include "commands/meta_view.h"

#include "core/decision_table.h"
#include "core/extension_rules.h"
#include "core/letter_plan.h"
#include "core/workflow_table.h"

namespace madoguchi {

nlohmann::json MetaJson(const Workflow& workflow) {
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
  j["reason_phrases"] = workflow.rules().reason_phrases().PhrasesJson();
  nlohmann::json reasons = nlohmann::json::array();
  for (const ExtensionReason& r : ExtensionReasons()) reasons.push_back({{"code", r.code}, {"label", r.label}});
  j["extension"] = {{"reasons", std::move(reasons)}, {"max_days", workflow.policy().max_extension_days()}};
  // Which fields of each event a letter prints: the web desk checks them (check_reason).
  nlohmann::json printed = nlohmann::json::object();
  for (Event e : AllEvents()) {
    if (!PrintedFields(e).empty()) printed[std::string(Name(e))] = PrintedFields(e);
  }
  j["printed_fields"] = std::move(printed);
  nlohmann::json letter_events = nlohmann::json::array();
  for (Event e : EventsThatSendLetters()) letter_events.push_back(Name(e));
  j["letter_events"] = std::move(letter_events);
  return j;
}

}  // namespace madoguchi
