#include "core/request_record.h"

#include <algorithm>

#include "core/decision_table.h"
#include "core/schema_validator.h"
#include "core/utf8.h"

namespace madoguchi {

namespace {

constexpr auto kFutureTolerance = std::chrono::minutes(5);  // clocks of intake PCs drift
constexpr auto kOldestReceipt = std::chrono::days(366);

void CheckDate(const nlohmann::json& parent, const char* key, const std::string& path,
               std::vector<std::string>* problems) {
  if (!parent.is_object() || !parent.contains(key) || !parent[key].is_string()) return;
  Result<Date> d = Date::Parse(parent[key].get<std::string>());
  if (!d.ok()) problems->push_back(path + ": " + d.status().message());
}

void CheckKana(const nlohmann::json& person, const std::string& path, std::vector<std::string>* problems) {
  if (!person.is_object() || !person.contains("kana") || !person["kana"].is_string()) return;
  if (!IsKatakanaName(person["kana"].get<std::string>())) {
    problems->push_back(path + ": フリガナ must be written in full-width katakana");
  }
}

}  // namespace

bool IsKatakanaName(std::string_view utf8) {
  size_t i = 0;
  while (i < utf8.size()) {
    char32_t cp;
    if (!NextCodePoint(utf8, &i, &cp)) return false;
    bool ok = (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC || cp == 0x30FB || cp == 0x3000 || cp == 0x20;
    if (!ok) return false;
  }
  return !utf8.empty();
}

std::string RelationOf(const nlohmann::json& record) {
  if (record.contains("relation") && record["relation"].is_string()) return record["relation"].get<std::string>();
  if (record.contains("agent") && record["agent"].is_object() && record["agent"].contains("kind") &&
      record["agent"]["kind"].is_string()) {
    return record["agent"]["kind"].get<std::string>();
  }
  return "insured";
}

std::vector<std::string> RequestRecordParser::Problems(const nlohmann::json& record, Timestamp now) const {
  std::vector<std::string> problems = SchemaValidator::Embedded("schemas/request.schema.json").Validate(record);
  if (!record.is_object()) return problems;

  // What the schema cannot say.
  if (record.contains("requester")) {
    CheckDate(record["requester"], "birth_date", "requester.birth_date", &problems);
    CheckKana(record["requester"], "requester.kana", &problems);
  }
  if (record.contains("agent")) {
    CheckDate(record["agent"], "birth_date", "agent.birth_date", &problems);
    CheckKana(record["agent"], "agent.kana", &problems);
  }
  if (record.contains("categories") && record["categories"].is_array()) {
    const auto& list = record["categories"];
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].is_string() && categories_.Find(list[i].get<std::string>()) == nullptr) {
        problems.push_back("categories[" + std::to_string(i) + "]: '" + list[i].get<std::string>() +
                           "' is not a data category of the notice");
      }
    }
  }
  // Who asks: someone acting for the person (or bereaved family) is named as the agent.
  std::string relation = RelationOf(record);
  bool agent_kind_ok = record.contains("agent") && record["agent"].is_object();
  if (relation == "legal_representative" || relation == "voluntary_agent" || relation == "bereaved_family") {
    if (!agent_kind_ok) {
      problems.push_back("agent: required when relation is " + relation);
    } else if (record["agent"].value("kind", "") != relation) {
      problems.push_back("agent.kind: must be " + relation + " when relation is " + relation);
    }
  } else if (agent_kind_ok && record.contains("relation")) {
    problems.push_back("agent: relation " + relation + " asks for themself; name no agent");
  }
  // The bereaved: 父母、配偶者、子, or an equivalent position with its reason (decision_table.h BereavedRelations).
  if (agent_kind_ok && record["agent"].contains("bereaved_relation")) {
    const nlohmann::json& agent = record["agent"];
    const BereavedRelation* b = agent["bereaved_relation"].is_string()
                                    ? FindBereavedRelation(agent["bereaved_relation"].get<std::string>())
                                    : nullptr;
    if (relation != "bereaved_family") {
      problems.push_back("agent.bereaved_relation: only for bereaved_family");
    } else if (b == nullptr) {
      problems.push_back("agent.bereaved_relation: 遺族は父母、配偶者、子又はこれらに準ずる者に限ります (parent, spouse, child, equivalent)");
    } else if (b->needs_reason && agent.value("bereaved_relation_reason", "").empty()) {
      problems.push_back("agent.bereaved_relation_reason: 「これらに準ずる者」として受け付ける理由を記録してください (required for equivalent)");
    }
  }
  if (record.contains("receipts") && record.contains("categories") && record["categories"].is_array()) {
    const auto& list = record["categories"];
    if (std::find(list.begin(), list.end(), nlohmann::json(kReceiptCategory)) == list.end()) {
      problems.push_back(std::string("receipts: name receipts only when categories include ") + kReceiptCategory);
    }
  }
  // The basis of a suspension or third-party stop (decision_table.h).
  if (record.contains("basis") && record["basis"].is_string() && record.contains("type") && record["type"].is_string()) {
    std::optional<RequestType> type = ParseRequestType(record["type"].get<std::string>());
    if (type && FindBasis(*type, record["basis"].get<std::string>()) == nullptr) {
      problems.push_back("basis: '" + record["basis"].get<std::string>() + "' is not a basis of a " +
                         record["type"].get<std::string>() +
                         (RulesFor(*type).bases.empty() ? " (only suspension and third_party_stop have one)" : ""));
    }
  }
  if (record.contains("received_at") && record["received_at"].is_string()) {
    Result<Timestamp> at = ParseTimestamp(record["received_at"].get<std::string>());
    if (!at.ok()) {
      problems.push_back("received_at: " + at.status().message());
    } else if (*at > now + kFutureTolerance) {
      problems.push_back("received_at: " + FormatJst(*at) + " is in the future");
    } else if (*at < now - kOldestReceipt) {
      problems.push_back("received_at: " + FormatJst(*at) + " is more than a year ago");
    }
  }
  return problems;
}

Result<RequestRecord> RequestRecordParser::Parse(const nlohmann::json& record, Timestamp now) const {
  std::vector<std::string> problems = Problems(record, now);
  if (!problems.empty()) return Status::InvalidArgument("request record is invalid: " + JoinMessages(problems));

  RequestRecord out;
  out.type = *ParseRequestType(record["type"].get<std::string>());
  out.categories = record["categories"].get<std::vector<std::string>>();
  out.channel = record["channel"].get<std::string>();
  if (record.contains("disclosure_method")) out.disclosure_method = record["disclosure_method"].get<std::string>();
  out.received_at = record.contains("received_at") ? *ParseTimestamp(record["received_at"].get<std::string>()) : now;
  out.idempotency_key = record["idempotency_key"].get<std::string>();
  out.relation = RelationOf(record);
  if (record.contains("basis")) out.basis = record["basis"].get<std::string>();
  if (record.contains("agent") && record["agent"].contains("bereaved_relation")) {
    out.bereaved_relation = record["agent"]["bereaved_relation"].get<std::string>();
  }
  for (const auto& x : record.value("receipts", nlohmann::json::array())) {
    out.receipts.push_back({x["institution"].get<std::string>(), x.value("months", std::vector<std::string>{})});
  }
  out.personal = nlohmann::json::object();
  for (const char* key : kPersonalRecordFields) {
    if (record.contains(key)) out.personal[key] = record[key];
  }
  return out;
}

}  // namespace madoguchi
