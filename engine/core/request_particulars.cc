#include <algorithm>

#include "core/request.h"

namespace madoguchi {

namespace {

nlohmann::json DateOrNull(const std::optional<Date>& d) { return d ? nlohmann::json(d->ToIso()) : nlohmann::json(); }

Status ParseDate(const nlohmann::json& j, const char* field, Date* out) {
  Result<Date> d = Date::Parse(j.is_string() ? j.get<std::string>() : "");
  if (!d.ok()) return Status::Corruption(std::string("stored particulars: ") + field + ": " + d.status().message());
  *out = *d;
  return Status::Ok();
}

}  // namespace

bool Request::has_open_consultation() const {
  return std::any_of(consultations.begin(), consultations.end(), [](const Consultation& c) { return c.open(); });
}

std::vector<const Consultation*> Request::LatestAnswers() const {
  std::vector<const Consultation*> out;
  for (auto it = consultations.rbegin(); it != consultations.rend(); ++it) {
    if (it->open()) continue;
    bool seen = std::any_of(out.begin(), out.end(), [&](const Consultation* c) { return c->institution == it->institution; });
    if (!seen) out.push_back(&*it);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

bool Request::has_objection() const {
  for (const Consultation* c : LatestAnswers()) {
    if (c->answer == "objection") return true;
  }
  return false;
}

nlohmann::json ParticularsToJson(const Request& r) {
  nlohmann::json j = {{"relation", r.relation}};
  if (!r.receipts.empty()) {
    j["receipts"] = nlohmann::json::array();
    for (const auto& x : r.receipts) j["receipts"].push_back({{"institution", x.institution}, {"months", x.months}});
  }
  if (!r.retention_flagged.empty()) j["retention_flagged"] = r.retention_flagged;
  if (!r.consultations.empty()) {
    j["consultations"] = nlohmann::json::array();
    for (const auto& c : r.consultations) {
      nlohmann::json o = {{"institution", c.institution}, {"sent", c.sent.ToIso()}, {"due", c.due.ToIso()}};
      if (c.answer) o["answer"] = *c.answer;
      if (c.reason) o["reason"] = *c.reason;
      if (c.answered) o["answered"] = c.answered->ToIso();
      j["consultations"].push_back(std::move(o));
    }
  }
  if (r.pages > 0) j["pages"] = r.pages;
  if (r.basis) j["basis"] = *r.basis;
  if (!r.decision_grounds.empty()) j["decision_grounds"] = r.decision_grounds;
  if (r.respond_by) j["respond_by"] = r.respond_by->ToIso();
  if (r.protected_person) j["protected_person"] = true;
  if (r.copy_to_person) j["copy_to_person"] = true;
  if (r.fee) {
    j["fee"] = {{"amount", r.fee->amount}, {"pages", r.fee->pages}};
    if (r.fee->paid_amount) j["fee"]["paid_amount"] = *r.fee->paid_amount;
    if (r.fee->paid_on) j["fee"]["paid_on"] = DateOrNull(r.fee->paid_on);
    if (r.fee->due) {
      j["fee"]["due"] = DateOrNull(r.fee->due);
      j["fee"]["parts"] = {{"per_request", r.fee->per_request}, {"page_blocks", r.fee->page_blocks},
                           {"per_page", r.fee->per_page}, {"per_pages", r.fee->per_pages}, {"postage", r.fee->postage}};
    }
    if (r.fee->lapsed_on) j["fee"]["lapsed_on"] = DateOrNull(r.fee->lapsed_on);
  }
  return j;
}

Status ParticularsFromJson(const nlohmann::json& j, Request* r) {
  try {
    r->relation = j.value("relation", "insured");
    r->receipts.clear();
    for (const auto& x : j.value("receipts", nlohmann::json::array())) {
      r->receipts.push_back({x.at("institution").get<std::string>(), x.value("months", std::vector<std::string>{})});
    }
    r->retention_flagged = j.value("retention_flagged", std::vector<std::string>{});
    r->consultations.clear();
    for (const auto& o : j.value("consultations", nlohmann::json::array())) {
      Consultation c;
      // The clear part of sealed particulars numbers the institutions
      // (core/sealed_fields.h): a placeholder until the names are merged in.
      c.institution = o.contains("institution") ? o["institution"].get<std::string>()
                                                : "#" + std::to_string(o.at("institution_no").get<int>());
      if (Status s = ParseDate(o.at("sent"), "sent", &c.sent); !s.ok()) return s;
      if (Status s = ParseDate(o.at("due"), "due", &c.due); !s.ok()) return s;
      if (o.contains("answer")) c.answer = o["answer"].get<std::string>();
      if (o.contains("reason")) c.reason = o["reason"].get<std::string>();
      if (o.contains("answered")) {
        Date d;
        if (Status s = ParseDate(o["answered"], "answered", &d); !s.ok()) return s;
        c.answered = d;
      }
      r->consultations.push_back(std::move(c));
    }
    r->pages = j.value("pages", 0);
    r->basis.reset();
    if (j.contains("basis")) r->basis = j["basis"].get<std::string>();
    r->decision_grounds = j.value("decision_grounds", std::vector<std::string>{});
    r->respond_by.reset();
    if (j.contains("respond_by")) {
      Date d;
      if (Status s = ParseDate(j["respond_by"], "respond_by", &d); !s.ok()) return s;
      r->respond_by = d;
    }
    r->protected_person = j.value("protected_person", false);
    r->copy_to_person = j.value("copy_to_person", false);
    r->fee.reset();
    if (j.contains("fee")) {
      Fee f;
      f.amount = j["fee"].at("amount").get<int>();
      f.pages = j["fee"].value("pages", 0);
      if (j["fee"].contains("paid_amount")) f.paid_amount = j["fee"]["paid_amount"].get<int>();
      if (j["fee"].contains("paid_on")) {
        Date d;
        if (Status s = ParseDate(j["fee"]["paid_on"], "fee.paid_on", &d); !s.ok()) return s;
        f.paid_on = d;
      }
      for (auto [key, target] : {std::pair<const char*, std::optional<Date>*>{"due", &f.due}, {"lapsed_on", &f.lapsed_on}}) {
        if (!j["fee"].contains(key)) continue;
        Date d;
        if (Status s = ParseDate(j["fee"][key], key, &d); !s.ok()) return s;
        *target = d;
      }
      if (j["fee"].contains("parts")) {
        const nlohmann::json& parts = j["fee"]["parts"];
        f.per_request = parts.value("per_request", 0);
        f.page_blocks = parts.value("page_blocks", 0);
        f.per_page = parts.value("per_page", 0);
        f.per_pages = parts.value("per_pages", 1);
        f.postage = parts.value("postage", 0);
      }
      r->fee = f;
    }
    return Status::Ok();
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("stored particulars: ") + e.what());
  }
}

}  // namespace madoguchi
