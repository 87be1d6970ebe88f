#include "core/sealed_fields.h"

#include <algorithm>
#include <set>

namespace madoguchi {

const std::vector<SealedHistoryField>& SealedHistoryFields() {
  // The free text of each event's data (schemas/events): whatever staff or a
  // medical institution wrote. Codes, numbers, dates and user names stay.
  static const std::vector<SealedHistoryField> fields = {
      {"approve", "", "comment"},
      {"return", "", "comment"},
      {"consult", "", "institution"},
      {"consult", "", "question"},
      {"consult", "", "postal_code"},
      {"consult", "", "address"},
      {"consult", "", "doctor"},
      {"consult", "", "bereaved_consent"},  // how the bereaved agreed (its note)
      {"consultation_done", "", "institution"},
      {"consultation_done", "", "reason"},
      {"consultation_done", "", "part"},
      {"consultation_done", "", "doctor"},
      {"decide", "", "reason"},
      {"decide", "", "internal_reason"},
      {"decide", "", "measure"},
      {"decide", "", "exempt_consultation"},  // the institutions not waited for, and why
      {"decide", "items", "reason"},
      // A disclosure's items (core/disclosure_items.h): a clinic and months of
      // care, a record's name, the part withheld, a ledger record's content.
      {"decide", "items", "institution"},
      {"decide", "items", "month"},
      {"decide", "items", "record"},
      {"decide", "items", "part"},
      {"decide", "items", "recipient"},
      {"decide", "items", "provided_items"},
      {"decide", "items", "provided_on"},
      {"decide", "items", "period_from"},
      {"decide", "items", "period_to"},
      {"extend", "", "reason"},
      {"fee_lapsed", "", "note"},
      {"fee_paid", "", "note"},
      {"letter_returned", "", "note"},
      {"legal_hold", "", "reason"},
      {"legal_hold_release", "", "reason"},
      {"link", "", "reason"},
      {"unlink", "", "reason"},
      {"note", "", "text"},
      {"reassign", "", "reason"},
      {"reject_identity", "", "reason"},
      {"request_documents", "", "message"},
      {"request_documents", "", "internal_note"},
      {"request_documents", "", "missing"},
      {"respond", "", "method_reason"},
      {"respond", "", "send_to_reason"},
      {"verify_identity", "", "address_on_documents"},
      {"verify_identity", "", "note"},
      {"verify_identity", "", "bereaved_relation_reason"},
      {"withdraw", "", "reason"},
  };
  return fields;
}

namespace {

std::string FieldName(const SealedHistoryField& f) {
  return f.array.empty() ? std::string(f.field) : std::string(f.array) + "[]." + std::string(f.field);
}

}  // namespace

nlohmann::json WithheldHistoryData(std::string_view event, const nlohmann::json& data) {
  if (!data.is_object()) return data;
  nlohmann::json out = data;
  std::set<std::string> withheld;
  for (const SealedHistoryField& f : SealedHistoryFields()) {
    if (f.event != event) continue;
    const std::string field(f.field);
    if (f.array.empty()) {
      if (out.contains(field)) {
        out.erase(field);
        withheld.insert(FieldName(f));
      }
      continue;
    }
    const std::string array(f.array);
    if (!out.contains(array) || !out[array].is_array()) continue;
    for (auto& element : out[array]) {
      if (element.is_object() && element.contains(field)) {
        element.erase(field);
        withheld.insert(FieldName(f));
      }
    }
  }
  if (withheld.empty()) return data;
  out[kWithheldKey] = std::vector<std::string>(withheld.begin(), withheld.end());
  return out;
}

nlohmann::json ClearParticularsJson(const Request& r) {
  nlohmann::json j = ParticularsToJson(r);
  if (r.receipts.empty() && r.retention_flagged.empty() && r.consultations.empty()) return j;
  j.erase("receipts");
  j.erase("retention_flagged");
  if (!r.receipts.empty()) j["receipt_count"] = r.receipts.size();
  if (!r.retention_flagged.empty()) j["retention_flagged_count"] = r.retention_flagged.size();
  if (j.contains("consultations")) {
    // The same number for the same institution, in the order first consulted.
    std::vector<std::string> institutions;
    for (size_t i = 0; i < r.consultations.size(); ++i) {
      const std::string& name = r.consultations[i].institution;
      auto it = std::find(institutions.begin(), institutions.end(), name);
      if (it == institutions.end()) it = institutions.insert(institutions.end(), name);
      nlohmann::json& c = j["consultations"][i];
      for (const char* key : {"institution", "reason", "postal_code", "address", "doctor", "part"}) c.erase(key);
      c["institution_no"] = (it - institutions.begin()) + 1;
    }
  }
  j["sealed"] = true;
  return j;
}

nlohmann::json HealthParticulars(const Request& r) {
  if (r.receipts.empty() && r.retention_flagged.empty() && r.consultations.empty()) return nlohmann::json();
  nlohmann::json h = nlohmann::json::object();
  nlohmann::json full = ParticularsToJson(r);
  if (full.contains("receipts")) h["receipts"] = full["receipts"];
  if (full.contains("retention_flagged")) h["retention_flagged"] = full["retention_flagged"];
  if (!r.consultations.empty()) {
    h["consultations"] = nlohmann::json::array();
    for (const Consultation& c : r.consultations) {
      nlohmann::json o = {{"institution", c.institution}};
      if (c.reason) o["reason"] = *c.reason;
      if (c.postal_code) o["postal_code"] = *c.postal_code;
      if (c.address) o["address"] = *c.address;
      if (c.doctor) o["doctor"] = *c.doctor;
      if (c.part) o["part"] = *c.part;
      h["consultations"].push_back(std::move(o));
    }
  }
  return h;
}

Status MergeHealthParticulars(const nlohmann::json& health, Request* r) {
  if (!health.is_object()) return Status::Ok();
  try {
    r->receipts.clear();
    for (const auto& x : health.value("receipts", nlohmann::json::array())) {
      r->receipts.push_back({x.at("institution").get<std::string>(), x.value("months", std::vector<std::string>{})});
    }
    r->retention_flagged = health.value("retention_flagged", std::vector<std::string>{});
    const nlohmann::json consultations = health.value("consultations", nlohmann::json::array());
    if (consultations.size() != r->consultations.size()) {
      return Status::Corruption("request " + r->id + ": its sealed particulars name " +
                                std::to_string(consultations.size()) + " consultations, its row " +
                                std::to_string(r->consultations.size()));
    }
    for (size_t i = 0; i < consultations.size(); ++i) {
      r->consultations[i].institution = consultations[i].at("institution").get<std::string>();
      Consultation& c = r->consultations[i];
      for (auto [key, field] : {std::pair<const char*, std::optional<std::string>*>{"reason", &c.reason},
                                {"postal_code", &c.postal_code}, {"address", &c.address}, {"doctor", &c.doctor},
                                {"part", &c.part}}) {
        field->reset();
        if (consultations[i].contains(key)) *field = consultations[i][key].get<std::string>();
      }
    }
    return Status::Ok();
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption("request " + r->id + ": sealed particulars: " + e.what());
  }
}

nlohmann::json WithheldParticularsJson(const Request& r) {
  nlohmann::json j = ClearParticularsJson(r);
  if (j.contains("sealed")) {
    j.erase("sealed");
    j[kWithheldKey] = true;
  }
  return j;
}

}  // namespace madoguchi
