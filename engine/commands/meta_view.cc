#include "commands/meta_view.h"

#include <optional>

#include "commands/command_policy.h"
#include "commands/read_handler.h"
#include "core/decision_table.h"
#include "core/disclosure_items.h"
#include "core/provision_ledger.h"
#include "core/extension_rules.h"
#include "core/japanese_era.h"
#include "core/letter_plan.h"
#include "core/request_id.h"
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
  for (State s : AllStates()) states.push_back({{"state", Name(s)}, {"label", JapaneseName(s)}, {"open", IsOpen(s)}});
  // Each event's name for staff and the sentence once it is recorded (the
  // desk's buttons, history and confirmations, and the CLI's history).
  nlohmann::json events = nlohmann::json::array();
  for (Event e : AllEvents()) {
    events.push_back({{"event", Name(e)}, {"label", JapaneseName(e)}, {"done", DoneSentence(e)}});
  }
  j["events"] = std::move(events);
  // Business days ahead that count as 期限間近 when a page names none (the
  // dashboard's default, and the queue's amber badge).
  j["due_soon_business_days"] = kDefaultDueSoonBusinessDays;
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
  // The provision ledger's bases (recorded, and those refused because no record is
  // required) and record methods with their retention (core/provision_ledger.h);
  // a disclosure item's results (core/disclosure_items.h).
  nlohmann::json ledger = {{"bases", nlohmann::json::array()}, {"unrecorded_bases", nlohmann::json::array()},
                           {"record_methods", nlohmann::json::array()}};
  for (const ProvisionBasis& b : RecordedProvisionBases()) {
    ledger["bases"].push_back({{"code", b.code}, {"label", b.label}, {"date_required", b.date_required}});
  }
  for (const UnrecordedBasis& b : UnrecordedProvisionBases()) {
    ledger["unrecorded_bases"].push_back({{"code", b.code}, {"label", b.label}, {"why", b.why}});
  }
  for (const RecordMethod& m : ProvisionRecordMethods()) {
    ledger["record_methods"].push_back(
        {{"code", m.code}, {"label", m.label}, {"retention_years", m.retention_years}, {"article", m.article}});
  }
  ledger["csv_columns"] = std::string(kProvisionCsvColumns);
  j["provision_ledger"] = std::move(ledger);
  nlohmann::json results = nlohmann::json::array();
  for (const DisclosureItemResult& r : DisclosureItemResults()) results.push_back({{"code", r.code}, {"label", r.label}});
  j["disclosure_item_results"] = std::move(results);
  // The eras the desk reads typed dates in (「S48.3.21」); the desk keeps no copy.
  nlohmann::json eras = nlohmann::json::array();
  std::optional<Date> next_begins;
  for (const JapaneseEra& era : JapaneseEras()) {
    const Date begins = JapaneseEraFirstDay(era);
    eras.push_back({{"name", era.name},
                    {"letter", era.letter},
                    {"first_year", era.first_year},
                    {"begins", begins.ToIso()},
                    {"ends", next_begins ? nlohmann::json(next_begins->AddDays(-1).ToIso()) : nlohmann::json()}});
    next_begins = begins;
  }
  j["eras"] = std::move(eras);
  // The form of a request id: the desk finds ids in what staff type and in messages.
  j["request_id_pattern"] = std::string(kRequestIdPattern);
  // Who may run each command, and how far it reaches (the command policy,
  // commands/command_policy.cc): a page offers only what the engine would
  // answer, e.g. no assignee list to an auditor, who may not run `users`.
  nlohmann::json policy = nlohmann::json::object();
  for (const PolicyRow& row : PolicyTable()) {
    nlohmann::json roles = nlohmann::json::object();
    for (const Permit& p : row.permits) roles[std::string(Name(p.role))] = Name(p.scope);
    policy[std::string(row.capability)] = std::move(roles);
  }
  j["policy"] = std::move(policy);
  return j;
}

}  // namespace madoguchi
