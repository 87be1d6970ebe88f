#include "core/idempotency.h"

namespace madoguchi {

nlohmann::json IntakeIdentity(const RequestRecord& record, bool received_at_given) {
  nlohmann::json receipts = nlohmann::json::array();
  for (const ReceiptItem& item : record.receipts) {
    receipts.push_back({{"institution", item.institution}, {"months", item.months}});
  }
  nlohmann::json j = {{"type", Name(record.type)},
                      {"categories", record.categories},
                      {"channel", record.channel},
                      {"disclosure_method", record.disclosure_method ? nlohmann::json(*record.disclosure_method)
                                                                     : nlohmann::json()},
                      {"relation", record.relation},
                      {"receipts", receipts},
                      {"personal", record.personal}};
  if (received_at_given) j["received_at"] = FormatJst(record.received_at);
  return j;
}

RequestRecord RecordOfStored(const Request& request, const nlohmann::json& personal) {
  RequestRecord r;
  r.type = request.type;
  r.categories = request.categories;
  r.channel = request.channel;
  r.disclosure_method = request.disclosure_method;
  r.received_at = request.received_at;
  r.idempotency_key = request.idempotency_key;
  r.relation = request.relation;
  r.receipts = request.receipts;
  r.personal = nlohmann::json::object();
  for (const char* key : kPersonalRecordFields) {
    if (personal.is_object() && personal.contains(key)) r.personal[key] = personal[key];
  }
  return r;
}

nlohmann::json AdvanceIdentity(const std::string& actor, const std::string& request_id, const EventCommand& command) {
  return {{"actor", actor},
          {"id", request_id},
          {"event", Name(command.event)},
          {"data", command.data},
          {"version", command.seen_version}};
}

}  // namespace madoguchi
