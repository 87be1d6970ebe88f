// RequestRecord: what a clerk records at intake, checked against
// schemas/request.schema.json and the rules a schema cannot state (known data
// categories, real calendar dates, katakana, a receipt time that is not in the
// future), then split in two: the workflow fields, which the workflow, history
// and queues use, and the personal fields (requester, agent, free text), which
// are stored apart and never copied into history, logs or messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data_categories.h"
#include "core/jst_time.h"
#include "core/request.h"
#include "util/status.h"
#include "core/workflow_table.h"

namespace madoguchi {

struct RequestRecord {
  RequestType type;
  std::vector<std::string> categories;
  std::string channel;                           // counter | post | online
  std::optional<std::string> disclosure_method;  // paper | electronic | other
  Timestamp received_at;
  std::string idempotency_key;
  // Who asks: relation, or else the agent's kind, or else insured.
  std::string relation = "insured";
  std::vector<ReceiptItem> receipts;  // only with the receipt category
  std::optional<std::string> bereaved_relation;  // agent.bereaved_relation (bereaved_family)
  std::optional<std::string> basis;   // suspension, third-party stop: Art. 35(1), (3) or (5) (decision_table.h)
  nlohmann::json personal;  // {requester, agent?, free_text?, disclosure_method_detail?}
};

// The fields of a record that go into its personal record (RequestRecord::personal).
inline constexpr const char* kPersonalRecordFields[] = {"requester", "agent", "free_text", "disclosure_method_detail",
                                                       "correction_items"};

// The data category of receipts (config/data-categories.json).
inline constexpr const char* kReceiptCategory = "receipts";

// The record's relation: "relation", else the agent's kind, else "insured".
std::string RelationOf(const nlohmann::json& record);

class RequestRecordParser {
 public:
  explicit RequestRecordParser(const DataCategories& categories) : categories_(categories) {}

  // A record, or InvalidArgument whose message names every offending field
  // ("requester.birth_date: 2023-02-29 is not a date; categories[1]: ...").
  // `now` supplies received_at when the record has none.
  Result<RequestRecord> Parse(const nlohmann::json& record, Timestamp now) const;

  // The same checks, as one message per offending field (empty when valid).
  std::vector<std::string> Problems(const nlohmann::json& record, Timestamp now) const;

 private:
  const DataCategories& categories_;
};

// True when every character is full-width katakana, the prolonged sound mark,
// the middle dot or a space (full- or half-width): what フリガナ may hold.
bool IsKatakanaName(std::string_view utf8);

}  // namespace madoguchi
