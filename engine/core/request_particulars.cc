#include <algorithm>

#include "core/decision_table.h"
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

bool Request::Objects(const Consultation& c) {
  const ConsultationAnswer* a = c.answer ? FindConsultationAnswer(*c.answer) : nullptr;
  return a != nullptr && a->objects;
}

bool Request::has_objection() const {
  for (const Consultation* c : LatestAnswers()) {
    if (Objects(*c)) return true;
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
      if (c.party_kind != "institution") o["party_kind"] = c.party_kind;
      if (c.postal_code) o["postal_code"] = *c.postal_code;
      if (c.address) o["address"] = *c.address;
      if (c.doctor) o["doctor"] = *c.doctor;
      if (c.part) o["part"] = *c.part;
      if (c.opened_version > 0) o["opened_version"] = c.opened_version;
      j["consultations"].push_back(std::move(o));
    }
  }
  if (r.bereaved_relation) j["bereaved_relation"] = *r.bereaved_relation;
  if (r.bereaved_consent_on) j["bereaved_consent_on"] = r.bereaved_consent_on->ToIso();
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
  if (r.delivery) {
    const Delivery& d = *r.delivery;
    nlohmann::json o = {{"method", d.method}};
    if (d.letter_on) o["letter_on"] = d.letter_on->ToIso();
    if (d.pickup_by) o["pickup_by"] = d.pickup_by->ToIso();
    if (d.delivered_method) o["delivered_method"] = *d.delivered_method;
    if (d.delivered_on) o["delivered_on"] = d.delivered_on->ToIso();
    if (d.uncollected_on) o["uncollected_on"] = d.uncollected_on->ToIso();
    if (!d.files.empty()) {
      o["files"] = nlohmann::json::array();
      for (const DisclosedFile& f : d.files) {
        o["files"].push_back({{"n", f.n}, {"media_type", f.media_type}, {"sha256", f.sha256}, {"bytes", f.bytes}});
      }
    }
    if (d.package) {
      o["package"] = {{"sha256", d.package->sha256},
                      {"bytes", d.package->bytes},
                      {"files", d.package->files},
                      {"password_letter", d.package->password_letter},
                      {"made_on", d.package->made_on.ToIso()}};
    }
    j["delivery"] = std::move(o);
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
      c.party_kind = o.value("party_kind", "institution");
      for (auto [key, field] : {std::pair<const char*, std::optional<std::string>*>{"postal_code", &c.postal_code},
                                {"address", &c.address}, {"doctor", &c.doctor}, {"part", &c.part}}) {
        if (o.contains(key)) *field = o[key].get<std::string>();
      }
      c.opened_version = o.value("opened_version", int64_t{0});
      r->consultations.push_back(std::move(c));
    }
    r->bereaved_relation.reset();
    if (j.contains("bereaved_relation")) r->bereaved_relation = j["bereaved_relation"].get<std::string>();
    r->bereaved_consent_on.reset();
    if (j.contains("bereaved_consent_on")) {
      Date d;
      if (Status s = ParseDate(j["bereaved_consent_on"], "bereaved_consent_on", &d); !s.ok()) return s;
      r->bereaved_consent_on = d;
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
    r->delivery.reset();
    if (j.contains("delivery")) {
      const nlohmann::json& o = j["delivery"];
      Delivery d;
      d.method = o.at("method").get<std::string>();
      for (auto [key, target] : {std::pair<const char*, std::optional<Date>*>{"letter_on", &d.letter_on},
                                 {"pickup_by", &d.pickup_by},
                                 {"delivered_on", &d.delivered_on},
                                 {"uncollected_on", &d.uncollected_on}}) {
        if (!o.contains(key)) continue;
        Date day;
        if (Status s = ParseDate(o[key], key, &day); !s.ok()) return s;
        *target = day;
      }
      if (o.contains("delivered_method")) d.delivered_method = o["delivered_method"].get<std::string>();
      for (const auto& f : o.value("files", nlohmann::json::array())) {
        d.files.push_back({f.at("n").get<int>(), f.at("media_type").get<std::string>(), f.at("sha256").get<std::string>(),
                           f.at("bytes").get<int64_t>()});
      }
      if (o.contains("package")) {
        const nlohmann::json& p = o["package"];
        DisclosurePackage pkg;
        pkg.sha256 = p.at("sha256").get<std::string>();
        pkg.bytes = p.at("bytes").get<int64_t>();
        pkg.files = p.value("files", std::vector<int>{});
        pkg.password_letter = p.value("password_letter", "");
        if (Status s = ParseDate(p.at("made_on"), "made_on", &pkg.made_on); !s.ok()) return s;
        d.package = pkg;
      }
      r->delivery = d;
    }
    return Status::Ok();
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("stored particulars: ") + e.what());
  }
}

}  // namespace madoguchi
