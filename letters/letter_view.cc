#include "letters/letter_view.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "core/decision_table.h"
#include "core/disclosure_items.h"
#include "core/disclosure_method.h"
#include "core/japanese_era.h"
#include "core/letter_plan.h"
#include "core/provision_ledger.h"
#include "core/utf8.h"

namespace madoguchi {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 6> kRequestTypes = {
    "purpose_notice", "disclosure", "third_party_record_disclosure", "correction", "suspension", "third_party_stop"};

// A decision letter: the letter of some type's outcome (decision_table.h), or
// the bereaved family's answer.
bool IsDecisionKind(const std::string& kind) {
  if (kind == "bereaved_disclosure_decision") return true;
  for (const TypeRules& t : DecisionTable()) {
    for (const OutcomeRule& o : t.outcomes) {
      if (o.letter_kind == kind) return true;
    }
  }
  return false;
}

Status Missing(const std::string& kind, const std::string& field, const std::string& why) {
  return Status::InvalidArgument("letter context: a " + kind + " letter needs " + field + " (" + why + ")");
}

// The text cleaned for print (see letter_view.h).
std::string CleanText(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '\r') {
      if (i + 1 < in.size() && in[i + 1] == '\n') continue;
      out += '\n';
    } else if (c == '\t') {
      out += ' ';
    } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7F) {
      continue;
    } else {
      out += c;
    }
  }
  const size_t first = out.find_first_not_of(" \n");
  if (first == std::string::npos) return "";
  out = out.substr(first, out.find_last_not_of(" \n") - first + 1);
  std::string escaped;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '@' && (i == 0 || out[i - 1] == '\n')) {
      escaped += "\uFF20";
    } else {
      escaped += out[i];
    }
  }
  return escaped;
}

// Cleans every string of `value` in place; `path` names it in errors.
Status CleanStrings(json& value, const std::string& path) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (!IsValidUtf8(s)) return Status::InvalidArgument("letter context: " + path + " is not valid UTF-8");
    value = CleanText(s);
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      Status s = CleanStrings(it.value(), path.empty() ? it.key() : path + "." + it.key());
      if (!s.ok()) return s;
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      Status s = CleanStrings(value[i], path + "[" + std::to_string(i) + "]");
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

void Default(json& object, const char* key, json value) {
  if (!object.contains(key)) object[key] = std::move(value);
}

std::string Text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// "１２" for 12: list numbers in Japanese documents are full-width.
std::string FullWidthNumber(size_t n) {
  std::string ascii = std::to_string(n);
  std::string out;
  for (char d : ascii) AppendUtf8(U'\uFF10' + static_cast<char32_t>(d - '0'), &out);
  return out;
}

Result<std::string> Label(const json& labels, const char* table, const std::string& key) {
  auto t = labels.find(table);
  if (t == labels.end() || !t->is_object() || !t->contains(key) || !(*t)[key].is_string()) {
    return Status::InvalidArgument("labels.json: no wording for " + std::string(table) + " '" + key + "'");
  }
  return (*t)[key].get<std::string>();
}

json Flags(std::string_view actual, auto known) {
  json flags = json::object();
  for (std::string_view k : known) flags[std::string(k)] = false;
  flags[std::string(actual)] = true;
  return flags;
}

Status AddRequestFields(json& request, const json& labels) {
  Default(request, "disclosure_method", nullptr);
  Default(request, "disclosure_method_detail", nullptr);
  Default(request, "free_text", nullptr);
  Default(request, "asked", json::array());
  request["is"] = Flags(request["type"].get<std::string>(), kRequestTypes);
  // 「保有個人データの開示」, but 「第三者提供記録の開示」: a provision record is not 保有個人データ.
  const std::optional<RequestType> type = ParseRequestType(Text(request, "type"));
  const bool records = type == RequestType::kThirdPartyRecordDisclosure;
  request["subject"] = (records ? std::string() : std::string("保有個人データの")) + Text(request, "type_ja");
  // What the 33(5) letters say of the provisions no record is made of, and of retention (core/provision_ledger.h).
  request["unrecorded_provisions_note"] = records ? std::string(UnrecordedProvisionsNote()) : std::string();
  size_t n = 0;
  bool receipts = false;
  for (json& category : request["categories"]) {
    category["index"] = FullWidthNumber(++n);
    receipts |= category.value("id", "") == "receipts";
  }
  // A disclosure of receipts waits on the medical institutions (its longer standard period).
  request["with_receipts"] = receipts && type == RequestType::kDisclosure;
  request["disclosure_method_label"] = nullptr;
  if (request["disclosure_method"].is_string()) {
    Result<std::string> label = Label(labels, "requested_method", request["disclosure_method"].get<std::string>());
    if (!label.ok()) return label.status();
    const std::string detail = Text(request, "disclosure_method_detail");
    request["disclosure_method_label"] = *label + (detail.empty() ? "" : "（" + detail + "）");
  }
  return Status::Ok();
}

Status AddDocumentsRequest(json& view) {
  const std::string kind = "documents_request";
  if (!view.contains("documents_request") || !view["documents_request"].is_object()) {
    return Missing(kind, "documents_request.missing", "what the requester is asked to send");
  }
  json& d = view["documents_request"];
  Default(d, "missing", json::array());
  Default(d, "message", "");
  if (d["missing"].empty() && Text(d, "message").empty()) {
    return Missing(kind, "documents_request.missing or documents_request.message", "what the requester is asked to send");
  }
  if (Text(d, "respond_by").empty()) return Missing(kind, "documents_request.respond_by", "the day to send them by");
  return Status::Ok();
}

// The rejection refers to what was asked and by when, when something was
// (its items are numbered after it).
Status AddIdentityRejection(json& view) {
  if (!view.contains("identity_rejection") || Text(view["identity_rejection"], "reason").empty()) {
    return Missing("identity_rejection", "identity_rejection.reason", "why the identity could not be confirmed");
  }
  json& r = view["identity_rejection"];
  Default(r, "asked", nullptr);
  if (r["asked"].is_object() && (Text(r["asked"], "asked_on").empty() || Text(r["asked"], "respond_by").empty())) {
    return Missing("identity_rejection", "identity_rejection.asked.asked_on and .respond_by", "the request it refers to");
  }
  if (r["asked"].is_object()) Default(r["asked"], "missing", json::array());
  const bool asked = r["asked"].is_object();
  r["reason_number"] = asked ? "５" : "４";
  r["again_number"] = asked ? "６" : "５";
  return Status::Ok();
}

Status AddExtension(json& view, const json& labels) {
  const std::string kind = "extension_notice";
  if (!view.contains("extension") || !view["extension"].is_object()) {
    return Missing(kind, "extension", "the new due date and the reason");
  }
  json& e = view["extension"];
  for (const char* field : {"reason", "previous_due_date", "new_due_date"}) {
    if (Text(e, field).empty()) return Missing(kind, std::string("extension.") + field, "the requester must learn it");
  }
  if (!e.contains("days")) return Missing(kind, "extension.days", "the requester must learn it");
  Default(e, "unit", "calendar");
  Default(e, "reason_label", "");  // extensions from before the reason codes have none
  Result<std::string> unit = Label(labels, "day_unit", e["unit"].get<std::string>());
  if (!unit.ok()) return unit.status();
  e["unit_label"] = *unit;
  return Status::Ok();
}

// The grounds' wording and articles, and the basis', from the decision table.
void AddGrounds(json& decision, RequestType type) {
  std::optional<std::string> basis;
  if (decision["basis"].is_string()) basis = decision["basis"].get<std::string>();
  json list = GroundsForLetter(type, decision["grounds"].get<std::vector<std::string>>(), basis);
  std::string joined;
  for (const json& g : list) joined += (joined.empty() ? "" : "、") + g["text"].get<std::string>();
  decision["grounds_list"] = std::move(list);
  decision["grounds_text"] = joined;
  decision["basis_label"] = nullptr;
  decision["basis_article"] = nullptr;
  decision["proviso_article"] = nullptr;
  if (const BasisRule* b = basis ? FindBasis(type, *basis) : nullptr) {
    decision["basis_label"] = std::string(b->label);
    decision["basis_article"] = std::string(b->article);
    decision["proviso_article"] = std::string(b->proviso);
  }
}

// How the data goes (Art. 33): the method used, whether it is the one asked
// for (core/disclosure_method.h), the actual reason when not (printed as the
// Art. 33(3) notice), and the society's concrete arrangements for electronic
// delivery and the counter (society.disclosure in madoguchi.json).
Status AddMethod(json& decision, const json& request, const json& society, const std::string& issued_on,
                 const json& labels) {
  const std::string method = Text(decision, "method");
  decision["by_post"] = method == "post";
  decision["at_counter"] = method == "counter";
  decision["electronic"] = method == "electronic";
  decision["viewing"] = method == "viewing";
  decision["method_label"] = nullptr;
  decision["method_differs"] = false;
  Default(decision, "method_reason", "");
  Default(decision, "agreed", false);
  decision["pickup_by"] = nullptr;
  const json arrangements = society.value("disclosure", json::object());
  decision["electronic_details"] = arrangements.value("electronic", json());
  decision["counter_details"] = arrangements.value("counter", json());
  if (decision["electronic_details"].is_object()) Default(decision["electronic_details"], "available_days", nullptr);
  if (method.empty()) return Status::Ok();
  Result<std::string> label = Label(labels, "decision_method", method);
  if (!label.ok()) return label.status();
  decision["method_label"] = *label;
  std::optional<std::string> asked;
  if (request["disclosure_method"].is_string()) asked = request["disclosure_method"].get<std::string>();
  decision["method_differs"] = !MethodAsAsked(asked, method);
  // The counter or viewing: until when (society.disclosure.counter.pickup_days, calendar days from the letter).
  const json& counter = decision["counter_details"];
  if ((method == "counter" || method == "viewing") && counter.is_object() && counter.contains("pickup_days")) {
    Result<Date> issued = Date::Parse(issued_on);
    if (issued.ok()) decision["pickup_by"] = issued->AddDays(counter["pickup_days"].get<int>()).ToIso();
  }
  return Status::Ok();
}

// What the decision table asks of the type's outcome: its grounds and its
// reason (Art. 36); a disclosure says how the data is disclosed.
Status CheckDecision(const std::string& kind, const json& decision, RequestType type) {
  const std::string outcome = decision["outcome"].get<std::string>();
  const std::optional<Outcome> parsed = ParseOutcome(outcome);
  const OutcomeRule* rule = parsed ? FindOutcome(type, *parsed) : nullptr;
  if (rule == nullptr) {
    return Status::InvalidArgument("letter context: outcome '" + outcome + "' is not an outcome of a " +
                                   std::string(Name(type)) + " (engine/core/decision_table.cc)");
  }
  if (kind != "bereaved_disclosure_decision" && rule->letter_kind != kind) {
    return Status::InvalidArgument("letter context: outcome '" + outcome + "' of a " + std::string(Name(type)) +
                                   " is written as a " + std::string(rule->letter_kind) + " letter, not a " + kind +
                                   " (engine/core/decision_table.cc)");
  }
  if (rule->grounds != GroundCount::kNone && decision["grounds"].empty()) {
    return Missing(kind, "decision.grounds", "the grounds the outcome rests on (" + std::string(RulesFor(type).article) + ")");
  }
  const bool by_basis = std::any_of(rule->allowed_grounds.begin(), rule->allowed_grounds.end(), [&](std::string_view g) {
    const GroundRule* ground = FindGround(type, g);
    return ground != nullptr && ground->by_basis != GroundRule::ByBasis::kNo;
  });
  if (by_basis && !decision["basis"].is_string()) {
    return Missing(kind, "decision.basis", "the article the grounds follow (Art. 35(1), (3) or (5))");
  }
  if (rule->needs_reason && Text(decision, "reason").empty()) {
    return Missing(kind, "decision.reason", "APPI Art. 36: the reasons for not doing what was asked");
  }
  if ((kind == "disclosure_decision" || kind == "partial_disclosure_decision") && Text(decision, "method").empty()) {
    return Missing(kind, "decision.method", "how the data is disclosed");
  }
  return Status::Ok();
}

// "令和7年4月": a month of care ("2025-04").
std::string EraMonth(const std::string& month) {
  Result<Date> d = Date::Parse(month + "-01");
  if (!d.ok()) return month;
  std::string text = JapaneseEraDate(*d);
  const std::string day = "1日";
  if (text.size() > day.size() && text.compare(text.size() - day.size(), day.size(), day) == 0) {
    text.erase(text.size() - day.size());
  }
  return text;
}

std::string EraDay(const std::string& iso) {
  Result<Date> d = Date::Parse(iso);
  return d.ok() ? JapaneseEraDate(*d) : iso;
}

// What a disclosure decision covers, item by item (core/disclosure_items.h):
// decision.item_rows as the letters' table prints them, the ledger records'
// columns for a 33(5) decision (decision.provision_rows), and the items not
// held (decision.not_held_rows: the partial letter's Art. 33(3) notice).
void AddDisclosureItems(json& decision) {
  Default(decision, "disclosure_items", json::array());
  json rows = json::array();
  json not_held = json::array();
  bool provisions = false;
  bool months = false;
  for (const json& item : decision["disclosure_items"]) {
    const DisclosureItemResult* result = FindDisclosureItemResult(Text(item, "result"));
    json row = {{"result_label", result != nullptr ? std::string(result->label) : Text(item, "result")}};
    std::string note = Text(item, "reason");
    if (!Text(item, "part").empty()) note = Text(item, "part") + (note.empty() ? "" : "（" + note + "）");
    row["note"] = note;
    if (item.contains("provision")) {
      provisions = true;
      const std::string from = Text(item, "period_from"), to = Text(item, "period_to");
      row["provided"] = !Text(item, "provided_on").empty() ? EraDay(Text(item, "provided_on"))
                                                           : EraDay(from) + "～" + EraDay(to);
      row["recipient"] = Text(item, "recipient");
      std::string joined;
      for (const json& i : item.value("provided_items", json::array())) {
        if (i.is_string()) joined += (joined.empty() ? "" : "、") + i.get<std::string>();
      }
      row["items_text"] = joined;
      row["consent_label"] = item.value("consent", false) ? "同意あり" : "同意なし";
      row["target"] = Text(item, "recipient");
    } else if (!Text(item, "institution").empty()) {
      row["target"] = Text(item, "institution");
      row["month_label"] = EraMonth(Text(item, "month")) + "診療分";
      months = true;
    } else {
      row["target"] = Text(item, "record");
    }
    Default(row, "month_label", "");
    // A table's row is one line of the template: a line break in a cell would end it.
    for (auto& [key, value] : row.items()) {
      if (!value.is_string()) continue;
      std::string text = value.get<std::string>();
      std::replace(text.begin(), text.end(), '\n', ' ');
      value = text;
    }
    if (Text(item, "result") == "not_held") not_held.push_back(row);
    rows.push_back(std::move(row));
  }
  decision["has_item_rows"] = !rows.empty();
  decision["provision_rows"] = provisions;
  decision["month_rows"] = months;  // receipts: a column of the month of care
  decision["item_rows"] = std::move(rows);
  decision["has_not_held_rows"] = !not_held.empty();
  decision["not_held_rows"] = std::move(not_held);
}

Status AddDecision(json& view, const std::string& kind, const json& labels) {
  if (!view.contains("decision") || !view["decision"].is_object() || Text(view["decision"], "outcome").empty()) {
    return Missing(kind, "decision.outcome", "what was decided");
  }
  json& decision = view["decision"];
  Default(decision, "grounds", json::array());
  Default(decision, "reason", "");
  // The society's neutral words for what was withheld after an institution objected (issue 17).
  Default(decision, "consultation_withheld", "");
  // A correction's items, one by one (engine/commands/letter_context.cc).
  Default(decision, "items", json::array());
  for (json& item : decision["items"]) {
    item["number"] = FullWidthNumber(item.value("index", size_t{0}));
    Default(item, "current", "");
    Default(item, "reason", "");
    Default(item, "corrected", false);
    Default(item, "withheld", false);
  }
  decision["has_items"] = !decision["items"].empty();
  decision["after_items"] = decision["has_items"].get<bool>() ? "６" : "５";  // the number of the next heading
  Default(decision, "basis", nullptr);
  Default(decision, "measure", "");
  std::optional<RequestType> type = ParseRequestType(view["request"]["type"].get<std::string>());
  if (!type) return Status::InvalidArgument("letter context: request.type is not a request type");
  Status s = CheckDecision(kind, decision, *type);
  if (!s.ok()) return s;
  decision["is"] = Flags(decision["outcome"].get<std::string>(), AllDecisionOutcomes());
  AddGrounds(decision, *type);
  // The bereaved family's answer: its 開示の方法 item when something is disclosed, and the reason's number after it.
  const std::optional<Outcome> outcome = ParseOutcome(decision["outcome"].get<std::string>());
  decision["gives_data"] = outcome == Outcome::kFull || outcome == Outcome::kPartial;
  decision["reason_number"] = decision["gives_data"].get<bool>() ? "７" : "６";
  AddDisclosureItems(decision);
  return AddMethod(decision, view["request"], view["society"], view["issued_on"].get<std::string>(), labels);
}

// The letterhead's and the 記's words: the 受付番号 without the R (「R2026」
// reads as 令和2026年), 求め for a purpose notice and 請求 otherwise, whether
// the addressee acts for the person (an agent; never the bereaved, who ask in
// their own right), whether it is a decision letter (representative and
// 公印省略), and the society's 担当 (its phone when none is configured).
void AddLetterhead(json& view) {
  json& request = view["request"];
  const std::string id = request.value("id", "");
  request["number"] = id.rfind('R', 0) == 0 ? id.substr(1) : id;
  const bool purpose = ParseRequestType(request.value("type", "")) == RequestType::kPurposeNotice;
  request["verb"] = purpose ? "求め" : "請求";
  request["polite_verb"] = purpose ? "お求め" : "ご請求";
  json& recipient = view["recipient"];
  Default(recipient, "relation_label", recipient.value("relation", ""));
  recipient["acts_for"] = recipient.value("is_agent", false) && !view["request"].value("outside_appi", false) &&
                          recipient.value("kind", "") != "bereaved_family";
  view["is_decision"] = IsDecisionKind(view.value("letter_kind", ""));
  json& society = view["society"];
  Default(society, "representative", nullptr);
  Default(society, "seal_omitted", false);
  if (!society.contains("contact") || !society["contact"].is_object()) {
    society["contact"] = {{"section", "個人情報担当"}, {"phone", society.value("phone", "")}};
  }
  Default(society["contact"], "hours", nullptr);
}

// The fee item's number: after the last item of its letter (a decision letter's 記).
std::string FeeItemNumber(const json& view) {
  const std::string kind = view.value("letter_kind", "");
  const bool reason = view.contains("decision") && view["decision"].is_object() && !Text(view["decision"], "reason").empty();
  size_t last = 4;
  if (kind == "disclosure_decision") last = reason ? 6 : 5;
  if (kind == "partial_disclosure_decision") {
    last = 7;
    // The not-held part's notice (Art. 33(3)) is item 8 when there is one.
    if (view.contains("decision") && view["decision"].is_object()) {
      for (const json& item : view["decision"].value("disclosure_items", json::array())) {
        if (item.value("result", "") == "not_held") {
          last = 8;
          break;
        }
      }
    }
  }
  if (kind == "bereaved_disclosure_decision") {
    const std::optional<Outcome> outcome = ParseOutcome(
        view.contains("decision") && view["decision"].is_object() ? Text(view["decision"], "outcome") : "");
    last = 5 + (outcome == Outcome::kFull || outcome == Outcome::kPartial ? 1 : 0) + (reason ? 1 : 0);
  }
  return FullWidthNumber(last + 1);
}

// "1件300円＋写し2単位×100円（10枚ごと）＋郵送料120円": the fee's parts as the letter prints them.
void AddFee(json& view) {
  if (!view["fee"].is_object()) return;
  json& fee = view["fee"];
  fee["number"] = FeeItemNumber(view);
  Default(fee, "paid", false);
  Default(fee, "due", nullptr);
  Default(fee, "breakdown", "");
  json payment = fee.value("payment", json::object());
  Default(payment, "methods", "");
  Default(payment, "account", "");
  fee["payment"] = payment;
  if (!fee.contains("parts") || !fee["parts"].is_object()) return;
  const json& p = fee["parts"];
  std::vector<std::string> parts;
  if (p.value("per_request", 0) > 0) parts.push_back("1件" + std::to_string(p.value("per_request", 0)) + "円");
  if (p.value("page_blocks", 0) > 0) {
    const int per_pages = p.value("per_pages", 1);
    parts.push_back("写し" + (per_pages > 1 ? std::to_string(p.value("page_blocks", 0)) + "単位（" +
                                                 std::to_string(per_pages) + "枚ごと）"
                                           : std::to_string(p.value("page_blocks", 0)) + "枚") +
                    "×" + std::to_string(p.value("per_page", 0)) + "円");
  }
  if (p.value("postage", 0) > 0) parts.push_back("郵送料" + std::to_string(p.value("postage", 0)) + "円");
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : "＋") + part;
  fee["breakdown"] = parts.size() > 1 ? text : "";
}

// The two letters of the disclosure itself (issue 17).
Status AddDelivery(json& view, const std::string& kind) {
  if (kind == "package_password_notice") {
    if (!view.contains("package") || !view["package"].is_object() || Text(view["package"], "password").empty()) {
      return Missing(kind, "package.password", "the person cannot open the package without it");
    }
    Default(view["package"], "decision_letter_on", nullptr);
    return Status::Ok();
  }
  if (!view.contains("uncollected") || !view["uncollected"].is_object() ||
      Text(view["uncollected"], "pickup_by").empty() || Text(view["uncollected"], "decision_letter_on").empty()) {
    return Missing(kind, "uncollected.pickup_by and .decision_letter_on", "the person must learn which deadline passed");
  }
  view["uncollected"]["is_viewing"] = Text(view["uncollected"], "method") == "viewing";
  return Status::Ok();
}

// A letter to a consulted party (engine/commands/letter_context.cc
// PartyLetterContext): the party's block, the person by name, 記号番号 and
// birth date, the months of its own receipts in the era, the reply deadline,
// and for the outcome notice what was disclosed (the kinds: IsPartyLetterKind).
Status AddConsultationLetter(json& view, const std::string& kind) {
  if (!view.contains("consultation") || !view["consultation"].is_object() || Text(view["consultation"], "due").empty()) {
    return Missing(kind, "consultation.due", "the party's reply deadline");
  }
  if (!view.contains("patient") || !view["patient"].is_object() || Text(view["patient"], "name").empty()) {
    return Missing(kind, "patient.name", "whose data the party is asked about");
  }
  json& c = view["consultation"];
  Default(c, "months", json::array());
  Default(c, "doctor", nullptr);
  Default(c, "question", nullptr);
  Default(c, "deceased", false);
  Default(c, "institution", false);
  json months = json::array();
  for (const json& m : c["months"]) {
    Result<Date> first = Date::Parse(m.get<std::string>() + "-01");
    if (!first.ok()) return Status::InvalidArgument("letter context: consultation.months: " + first.status().message());
    std::string era = JapaneseEraDate(*first);
    if (era.size() > 4 && era.compare(era.size() - 4, 4, "1日") == 0) era.erase(era.size() - 4);
    months.push_back(era + "診療分");
  }
  c["month_list"] = months;
  const std::string party = Text(c, "party_kind");
  c["addressee_suffix"] = party == "doctor" ? "先生" : "御中";
  c["you"] = party == "institution" ? "貴院" : party == "employer" ? "貴社" : "貴殿";
  std::string joined;
  for (const json& m : months) joined += (joined.empty() ? "" : "、") + m.get<std::string>();
  c["months_text"] = joined;
  c["has_months"] = !months.empty();
  json& patient = view["patient"];
  Default(patient, "birth_date", "");
  patient["has_birth_date"] = !Text(patient, "birth_date").empty();
  if (kind == "consultation_outcome_notice") {
    const std::string result = Text(c, "result");
    const std::optional<Outcome> outcome = ParseOutcome(result);
    if (outcome != Outcome::kFull && outcome != Outcome::kPartial && outcome != Outcome::kRefused) {
      return Missing(kind, "consultation.result", "what was disclosed of the institution's receipts");
    }
    c["is"] = Flags(result, std::array<std::string_view, 3>{Name(Outcome::kFull), Name(Outcome::kPartial),
                                                            Name(Outcome::kRefused)});
    // Month by month when the decision listed its items (開示 / 一部開示（part） / 不存在).
    Default(c, "months_decided", json::array());
    for (json& m : c["months_decided"]) {
      Result<Date> first = Date::Parse(m.value("month", "") + "-01");
      if (!first.ok()) return Status::InvalidArgument("letter context: consultation.months_decided: " + first.status().message());
      std::string era = JapaneseEraDate(*first);
      if (era.size() > 4 && era.compare(era.size() - 4, 4, "1日") == 0) era.erase(era.size() - 4);
      const std::string r = m.value("result", "");
      const std::string part = m.value("part", "");
      m["label"] = era + "診療分：" + (r == "disclosed" ? std::string("開示")
                                      : r == "partly_disclosed" ? "一部開示" + (part.empty() ? "" : "（開示しなかった部分：" + part + "）")
                                      : r == "not_held" ? std::string("不存在（当組合で保有していません）") : r);
    }
    c["has_months_decided"] = !c["months_decided"].empty();
    Default(c, "part", "");
    Default(c, "disclosed_on", view["issued_on"]);
  }
  return Status::Ok();
}

Status AddKindFields(json& view, const std::string& kind, const json& labels) {
  if (kind == "package_password_notice" || kind == "disclosure_uncollected_notice") return AddDelivery(view, kind);
  if (IsPartyLetterKind(kind)) return AddConsultationLetter(view, kind);
  if (kind == "documents_request") return AddDocumentsRequest(view);
  if (kind == "identity_rejection") return AddIdentityRejection(view);
  if (kind == "extension_notice") return AddExtension(view, labels);
  if (IsDecisionKind(kind)) return AddDecision(view, kind, labels);
  if (kind == "fee_notice" && (!view["fee"].is_object() || !view["fee"].contains("amount"))) {
    return Missing(kind, "fee.amount", "the requester must learn what to pay");
  }
  return Status::Ok();
}

}  // namespace

Result<json> BuildLetterView(const json& context, const json& labels) {
  json view = context;
  Status s = CleanStrings(view, "");
  if (!s.ok()) return s;
  Default(view["recipient"], "is_agent", false);
  Default(view["recipient"], "copy_for_person", false);  // the person's copy of an agent's decision (issue 17 part 5)
  Default(view["recipient"], "relation", "");
  Default(view["requester"], "kana", "");
  Default(view, "fee", nullptr);
  Default(view["request"], "outside_appi", false);
  Default(view["request"], "relation_ja", "");
  Default(view, "document_number", nullptr);
  AddLetterhead(view);
  s = AddRequestFields(view["request"], labels);
  if (!s.ok()) return s;
  AddFee(view);
  s = AddKindFields(view, view["letter_kind"].get<std::string>(), labels);
  if (!s.ok()) return s;
  return view;
}

}  // namespace madoguchi
