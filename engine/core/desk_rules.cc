#include "core/desk_rules.h"

#include <algorithm>

#include "core/embedded_files.h"
#include "core/schema_validator.h"

namespace madoguchi {

namespace {

constexpr std::string_view kRelations[] = {"insured", "dependent", "legal_representative", "voluntary_agent",
                                           "bereaved_family"};

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// True when one of `documents` ([{kind, issued, of}]) meets `req` on `today`.
// A document without `of` is the requester's.
// A document of the requirement's person that is recent enough.
bool Fits(const DocumentRequirement& req, const nlohmann::json& d, Date today) {
  if (d.value("of", "requester") != req.of) return false;
  if (req.max_age_days) {
    Result<Date> issued = Date::Parse(d.value("issued", ""));
    if (!issued.ok() || issued->DaysUntil(today) > *req.max_age_days) return false;
  }
  return true;
}

// One document of `kinds`, or two of different kinds of `or_two_of`.
bool Satisfied(const DocumentRequirement& req, const nlohmann::json& documents, Date today) {
  std::vector<std::string> others;
  for (const auto& d : documents) {
    if (!Fits(req, d, today)) continue;
    const std::string kind = d.value("kind", "");
    if (Contains(req.kinds, kind)) return true;
    if (Contains(req.or_two_of, kind) && !Contains(others, kind)) others.push_back(kind);
  }
  return others.size() >= 2;
}

}  // namespace

Result<DeskRules> DeskRules::FromJson(const nlohmann::json& identity_documents, const nlohmann::json& fees) {
  Status valid = SchemaValidator::Embedded("schemas/identity-documents.schema.json")
                     .Check(identity_documents, "identity documents", "(config)");
  if (!valid.ok()) return valid;
  valid = SchemaValidator::Embedded("schemas/fees.schema.json").Check(fees, "fees", "(config)");
  if (!valid.ok()) return valid;
  DeskRules out;
  for (const auto& [relation, rules] : identity_documents["relations"].items()) {
    RelationRules r{rules["name"].get<std::string>(), {}};
    for (const auto& q : rules["required"]) {
      DocumentRequirement req{q["label"].get<std::string>(), q["of"].get<std::string>(),
                              q["kinds"].get<std::vector<std::string>>(), std::nullopt,
                              q.value("channels", std::vector<std::string>{}),
                              q.value("or_two_of", std::vector<std::string>{})};
      if (q.contains("max_age_days")) req.max_age_days = q["max_age_days"].get<int>();
      r.required.push_back(std::move(req));
    }
    out.relations_[relation] = std::move(r);
  }
  for (RequestType t : {RequestType::kPurposeNotice, RequestType::kDisclosure,
                        RequestType::kThirdPartyRecordDisclosure}) {
    const auto& f = fees[std::string(Name(t))];
    out.fees_[t] = FeeSchedule{f["per_request"].get<int>(), f["per_page"].get<int>(), f["per_pages"].get<int>(),
                               f["postage"].get<int>(), f.value("per_page_electronic", false)};
  }
  out.respond_within_days_ = identity_documents.value("respond_within_days", out.respond_within_days_);
  out.payment_days_ = fees.value("payment_days", out.payment_days_);
  out.payment_ = fees.value("payment", nlohmann::json::object());
  out.receipt_retention_years_ = fees["receipt_retention_years"].get<int>();
  out.consultation_days_ = fees["consultation_days"].get<int>();
  return out;
}

Date DeskRules::RespondBy(const nlohmann::json& request_documents, Date asked_on,
                          const BusinessCalendar& calendar) const {
  if (request_documents.is_object() && request_documents.contains("respond_by")) {
    Result<Date> given = Date::Parse(request_documents["respond_by"].get<std::string>());
    if (given.ok()) return *given;
  }
  Date d = asked_on.AddDays(respond_within_days_);
  while (!calendar.IsBusinessDay(d)) d = d.AddDays(1);
  return d;
}

const DeskRules& DeskRules::Default() {
  static const DeskRules rules = [] {
    auto parsed = FromJson(EmbeddedJson("config/identity-documents.json"), EmbeddedJson("config/fees.json"));
    if (!parsed.ok()) throw std::logic_error("desk rules: " + parsed.status().message());
    return std::move(parsed).value();
  }();
  return rules;
}

bool DeskRules::IsRelation(std::string_view relation) {
  return std::find(std::begin(kRelations), std::end(kRelations), relation) != std::end(kRelations);
}

std::string DeskRules::RelationName(const std::string& relation) const {
  auto it = relations_.find(relation);
  return it == relations_.end() ? relation : it->second.name;
}

std::vector<std::string> DeskRules::MissingDocuments(const std::string& relation, const std::string& channel,
                                                     const nlohmann::json& documents, Date today) const {
  std::vector<std::string> missing;
  auto it = relations_.find(relation);
  if (it == relations_.end()) return {"続柄 '" + relation + "' の確認書類の定めがありません"};
  for (const auto& req : it->second.required) {
    if (!req.channels.empty() && !Contains(req.channels, channel)) continue;
    if (!Satisfied(req, documents, today)) missing.push_back(req.label);
  }
  return missing;
}

FeeCharge DeskRules::FeeFor(RequestType type, int pages, const std::string& method) const {
  auto it = fees_.find(type);
  if (it == fees_.end()) return {};
  const FeeSchedule& f = it->second;
  const bool copies = method == "post" || method == "counter" || (method == "electronic" && f.per_page_electronic);
  FeeCharge c;
  c.per_request = f.per_request;
  c.per_page = f.per_page;
  c.per_pages = f.per_pages;
  c.page_blocks = copies && pages > 0 ? (pages + f.per_pages - 1) / f.per_pages : 0;
  c.postage = method == "post" ? f.postage : 0;
  return c;
}

bool DeskRules::charges_fees() const {
  return std::any_of(fees_.begin(), fees_.end(), [](const auto& f) { return f.second.charges(); });
}

Status DeskRules::CheckFeesPublished(const std::string& notice) const {
  if (!charges_fees()) return Status::Ok();
  if (notice.find("手数料") == std::string::npos) {
    return Status::InvalidArgument("fees: the society charges fees but its published notice (society-notice.txt) says "
                                   "nothing of 手数料; a fee must be published beforehand (Art. 32(1)(iii))");
  }
  // "300円" or, for thousands, "1,000円" as well.
  auto published = [&](int yen) {
    std::string plain = std::to_string(yen);
    std::string grouped = plain;
    for (int i = static_cast<int>(grouped.size()) - 3; i > 0; i -= 3) grouped.insert(static_cast<size_t>(i), ",");
    return notice.find(plain + "円") != std::string::npos || notice.find(grouped + "円") != std::string::npos;
  };
  for (const auto& [type, f] : fees_) {
    for (auto [field, yen] : {std::pair<const char*, int>{"per_request", f.per_request}, {"per_page", f.per_page}}) {
      if (yen > 0 && !published(yen)) {
        return Status::InvalidArgument("fees." + std::string(Name(type)) + "." + field + ": " + std::to_string(yen) +
                                       " yen is not in the published notice (society-notice.txt); a fee must be "
                                       "published beforehand (Art. 32(1)(iii))");
      }
    }
  }
  return Status::Ok();
}

}  // namespace madoguchi
