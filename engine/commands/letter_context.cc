#include "commands/letter_context.h"

#include "core/data_categories.h"
#include "core/decision_table.h"
#include "core/extension_rules.h"
#include "core/postal_code.h"
#include "store/letter_address.h"

namespace madoguchi {

namespace {

// "法定代理人（親権者・母）" from the agent's kind and the relation as typed
// ("親権者（母）"): one level of brackets, the kind not said twice.
std::string RelationLabel(const std::string& kind, const std::string& relation) {
  const std::string kind_label = kind == "legal_representative" ? "法定代理人" : kind == "voluntary_agent" ? "任意代理人" : "";
  std::string flat;
  for (size_t i = 0; i < relation.size();) {
    std::string_view rest(relation.data() + i, relation.size() - i);
    if (rest.substr(0, 3) == "\uFF08" || rest.substr(0, 1) == "(") {
      flat += "・";
      i += rest[0] == '(' ? 1 : 3;
    } else if (rest.substr(0, 3) == "\uFF09" || rest.substr(0, 1) == ")") {
      i += rest[0] == ')' ? 1 : 3;
    } else {
      flat += relation[i++];
    }
  }
  if (!kind_label.empty() && flat.rfind(kind_label, 0) == 0) {
    flat.erase(0, kind_label.size());
    if (flat.rfind("・", 0) == 0) flat.erase(0, std::string("・").size());
  }
  if (kind_label.empty()) return flat;
  return flat.empty() ? kind_label : kind_label + "（" + flat + "）";
}


nlohmann::json Categories(const std::vector<std::string>& ids) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& id : ids) {
    if (const DataCategory* c = DataCategories::Default().Find(id)) {
      out.push_back({{"id", c->id}, {"name", c->name}, {"purposes", c->purposes}});
    }
  }
  return out;
}

// The last `event` at or before `revision`, or null.
const HistoryEntry* LastEvent(const std::vector<HistoryEntry>& history, Event event, int64_t revision) {
  const HistoryEntry* found = nullptr;
  for (const auto& h : history) {
    if (h.version <= revision && h.Is(event)) found = &h;
  }
  return found;
}

// Its data, or null.
nlohmann::json LastEventData(const std::vector<HistoryEntry>& history, Event event, int64_t revision) {
  const HistoryEntry* h = LastEvent(history, event, revision);
  return h ? h->data : nlohmann::json();
}

// Letters go to the agent when there is one (they made the request), with
// the person they act for named above them; the bereaved are addressed in
// their own right (kind bereaved_family), never as an agent. The address is
// the identity documents' once verify_identity recorded one, unless the
// decision's respond chose the request form's (store/letter_address.h); the
// copy of a decision for the person a voluntary agent acts for
// (`addressee` "person") goes to the person at the form's address.
nlohmann::json Recipient(const nlohmann::json& personal, const std::vector<HistoryEntry>& history,
                         const nlohmann::json& job, int64_t revision) {
  const bool to_person = job.value("addressee", "") == "person";
  const bool agent = !to_person && personal.contains("agent") && personal["agent"].is_object();
  const nlohmann::json& who = agent ? personal["agent"] : personal["requester"];
  nlohmann::json r = {{"name", who.value("name", "")},
                      {"postal_code", who.value("postal_code", "")},
                      {"address", who.value("address", "")},
                      {"is_agent", agent},
                      {"copy_for_person", to_person}};
  if (to_person) {
    r["agent_name"] = personal.value("agent", nlohmann::json::object()).value("name", "");
    return r;
  }
  const std::optional<PostalAddress> documents = DocumentsAddress(history, revision);
  if (documents && SendToOf(LastEventData(history, Event::kRespond, revision), documents) == "documents") {
    r["address"] = documents->address;
    if (!documents->postal_code.empty()) r["postal_code"] = documents->postal_code;
  }
  if (agent) {
    r["relation"] = who.value("relation", "");
    r["kind"] = who.value("kind", "");
    r["relation_label"] = RelationLabel(who.value("kind", ""), who.value("relation", ""));
  }
  return r;
}

// What request_documents asked the requester, as the letters print it: the
// documents, the message to them (old events' `note` was printed, and is),
// the day asked and the day to answer by. Never the internal note.
nlohmann::json DocumentsAsked(const HistoryEntry& h, const Workflow& workflow) {
  const Date asked_on = JstDate(h.at);
  nlohmann::json out = {{"missing", h.data.value("missing", nlohmann::json::array())},
                        {"message", h.data.value("message", h.data.value("note", ""))},
                        {"asked_on", asked_on.ToIso()},
                        {"respond_by", workflow.rules().RespondBy(h.data, asked_on, workflow.calendar()).ToIso()}};
  return out;
}

// What the acknowledgement says was asked, in place of the requester's own
// words (which it does not echo): the items a correction names, how many
// institutions' receipts, the basis of a suspension.
nlohmann::json AskedSummary(const Request& r, const nlohmann::json& personal) {
  nlohmann::json lines = nlohmann::json::array();
  if (personal.contains("correction_items")) {
    std::string items;
    for (const auto& i : personal["correction_items"]) items += (items.empty() ? "" : "、") + i.value("item", "");
    lines.push_back("訂正等を求める項目：" + items);
  }
  if (!r.receipts.empty()) {
    lines.push_back("診療報酬明細書等（レセプト）：" + std::to_string(r.receipts.size()) + "医療機関分");
  }
  if (r.basis) {
    if (const BasisRule* b = FindBasis(r.type, *r.basis)) lines.push_back("請求の理由：" + std::string(b->label));
  }
  return lines;
}

// Whether a correction item is where a person can be found (住所, 居所,
// 所在地, 郵便番号, 連絡先, 電話, 勤務先): for a protected person (支援措置)
// its values are not printed, the item and the decision are.
bool LocatesThePerson(const std::string& item) {
  for (const char* marker : {"住所", "居所", "所在地", "郵便番号", "連絡先", "電話", "勤務先"}) {
    if (item.find(marker) != std::string::npos) return true;
  }
  return false;
}

// A correction's items (personal record) joined with the decision on each
// (decide.items, by 1-based position n), in the request's order. `protect`:
// the values of an item that locates the person are left out (withheld).
nlohmann::json CorrectionItems(const nlohmann::json& personal, const nlohmann::json& decide, bool protect) {
  nlohmann::json out = nlohmann::json::array();
  const nlohmann::json asked = personal.value("correction_items", nlohmann::json::array());
  const nlohmann::json decided =
      decide.is_object() ? decide.value("items", nlohmann::json::array()) : nlohmann::json::array();
  for (size_t i = 0; i < asked.size(); ++i) {
    nlohmann::json item = {{"index", i + 1},
                           {"item", asked[i].value("item", "")},
                           {"requested", asked[i].value("requested", "")},
                           {"corrected", false}};
    item["current"] = asked[i].value("current", "");  // "" when the person did not know it
    if (protect && LocatesThePerson(asked[i].value("item", ""))) {
      item["withheld"] = true;
      item["current"] = "";
      item["requested"] = "";
    }
    item["reason"] = "";
    for (const auto& d : decided) {
      if (d.value("n", 0) == static_cast<int>(i + 1)) {
        item["corrected"] = d.value("corrected", false);
        if (d.contains("reason")) item["reason"] = d["reason"];
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

// A letter to a consulted party (its 照会書, the 再照会, the outcome notice):
// addressed to the party, printing only what the party needs — the person's
// name, 記号番号 and birth date, and for an institution the months of its own
// receipts — never the request's other contents, the requester (an agent,
// the bereaved) nor any other party.
Result<nlohmann::json> PartyLetterContext(const RequestDetail& detail, const nlohmann::json& job,
                                          nlohmann::json context) {
  const Request& r = detail.request;
  const nlohmann::json& personal = detail.personal;
  const int64_t index = job["consultation"].get<int64_t>();
  if (index < 0 || static_cast<size_t>(index) >= r.consultations.size()) {
    return Status::Corruption("request " + r.id + " has no consultation " + std::to_string(index + 1));
  }
  const Consultation& c = r.consultations[static_cast<size_t>(index)];
  const ConsultationParty* party = FindConsultationParty(c.party_kind);
  if (party == nullptr) return Status::Corruption("request " + r.id + ": unknown party kind " + c.party_kind);
  context["recipient"] = {{"name", c.institution},
                          {"postal_code", c.postal_code.value_or("")},
                          {"address", c.address.value_or("")},
                          {"is_agent", false}};
  const nlohmann::json& person = personal["requester"];
  context["requester"] = {{"name", person.value("name", "")}, {"kana", person.value("kana", "")}};
  context["patient"] = {{"name", person.value("name", "")},
                        {"kana", person.value("kana", "")},
                        {"birth_date", person.value("birth_date", "")},
                        {"insured_symbol", person.value("insured_symbol", "")},
                        {"insured_number", person.value("insured_number", "")}};
  nlohmann::json months = nlohmann::json::array();
  if (party->receipts) {
    for (const ReceiptItem& item : r.receipts) {
      if (item.institution != c.institution) continue;
      for (const std::string& m : item.months) months.push_back(m);
    }
  }
  nlohmann::json consultation = {{"number", index + 1},
                                 {"party_kind", c.party_kind},
                                 {"party_label", party->label},
                                 {"institution", party->receipts},
                                 {"sent", c.sent.ToIso()},
                                 {"due", c.due.ToIso()},
                                 {"months", std::move(months)},
                                 {"doctor", c.doctor ? nlohmann::json(*c.doctor) : nlohmann::json()},
                                 {"question", nullptr},
                                 {"deceased", r.outside_appi()}};
  // The question as the consult asked it (its history data, sealed there).
  for (const auto& h : detail.history) {
    if (h.Is(Event::kConsult) && h.version == c.opened_version && h.data.contains("question")) {
      consultation["question"] = h.data["question"];
    }
  }
  if (job.value("letter_kind", "") == "consultation_outcome_notice") {
    // What was disclosed of its receipts: the decision's outcome, and for a
    // partial one what this institution's own answer asked (an objection to
    // all of it: not disclosed; to a part: that part withheld).
    const std::optional<Outcome> outcome = r.outcome;
    Outcome result = outcome == Outcome::kFull ? Outcome::kFull
                     : outcome == Outcome::kRefused ? Outcome::kRefused
                                                    : Outcome::kPartial;
    if (outcome == Outcome::kPartial) {
      if (c.answer == "objection") result = Outcome::kRefused;
      else if (c.answer != "objection_partial") result = Outcome::kFull;
    }
    consultation["result"] = Name(result);
    if (result == Outcome::kPartial && c.part) consultation["part"] = *c.part;
    // The decision item by item (decide.items, issue 17 part 2): this
    // institution's months, each 開示 / 一部開示 (its part) / 不存在.
    const nlohmann::json decide = LastEventData(detail.history, Event::kDecide, job.value("revision", r.version));
    nlohmann::json months_decided = nlohmann::json::array();
    if (decide.is_object() && decide.contains("items") && decide["items"].is_array()) {
      for (const nlohmann::json& item : decide["items"]) {
        if (!item.is_object() || item.value("institution", "") != c.institution || !item.contains("month")) continue;
        nlohmann::json m = {{"month", item["month"]}, {"result", item.value("result", "")}};
        if (item.contains("part")) m["part"] = item["part"];
        months_decided.push_back(std::move(m));
      }
    }
    consultation["months_decided"] = std::move(months_decided);
    const HistoryEntry* issued = nullptr;
    for (const auto& h : detail.history) {
      if (h.Is(Event::kLetterIssued)) issued = &h;
    }
    consultation["disclosed_on"] = issued ? nlohmann::json(JstDate(issued->at).ToIso()) : context["issued_on"];
  }
  context["consultation"] = std::move(consultation);
  // Nothing of the request beyond its number and type: no categories, no
  // free text, no method, no relation.
  nlohmann::json& request = context["request"];
  request["categories"] = nlohmann::json::array();
  request["free_text"] = nullptr;
  request["disclosure_method_detail"] = nullptr;
  request["disclosure_method"] = nullptr;
  request["relation"] = "insured";
  request["relation_ja"] = "";
  context.erase("fee");
  return context;
}

}  // namespace

namespace {

Result<nlohmann::json> AssembleLetterContext(const RequestDetail& detail, const nlohmann::json& job,
                                             const nlohmann::json& society, const Workflow& workflow, Date today) {
  const Request& r = detail.request;
  const nlohmann::json& personal = detail.personal;
  const int64_t revision = job.value("revision", r.version);
  const std::string kind = job.value("letter_kind", "");
  if (!personal.contains("requester")) return Status::Corruption("request " + r.id + " has no requester");

  nlohmann::json request = {{"id", r.id},
                            {"type", Name(r.type)},
                            {"type_ja", JapaneseName(r.type)},
                            {"received_on", JstDate(r.received_at).ToIso()},
                            {"due_date", workflow.Due(r, today).due.ToIso()},
                            {"categories", Categories(r.categories)},
                            {"disclosure_method", r.disclosure_method ? nlohmann::json(*r.disclosure_method) : nlohmann::json()},
                            {"disclosure_method_detail", personal.value("disclosure_method_detail", nlohmann::json())},
                            {"free_text", personal.value("free_text", nlohmann::json())},
                            {"relation", r.relation},
                            {"relation_ja", workflow.rules().RelationName(r.relation)},
                            {"outside_appi", r.outside_appi()}};
  // A protected person (支援措置): what they wrote goes no further than the
  // record, not even to the letter worker; letters print no address but the
  // addressee's own (the recipient block).
  if (r.protected_person) {
    request["free_text"] = nullptr;
    request["disclosure_method_detail"] = nullptr;
  }
  // 文書番号: the society's prefix and the letter's serial of its fiscal year (jobs queued before have none).
  nlohmann::json document_number;
  if (job.contains("document_serial")) {
    document_number = society.value("document_prefix", "") + "第" + std::to_string(job["document_serial"].get<int64_t>()) + "号";
  }
  nlohmann::json context = {{"letter_id", job.value("letter_id", "")},
                            {"document_number", document_number},
                            {"letter_kind", kind},
                            {"issued_on", today.ToIso()},
                            {"society", society},
                            {"recipient", Recipient(personal, detail.history, job, revision)},
                            {"requester", {{"name", personal["requester"].value("name", "")},
                                           {"kana", personal["requester"].value("kana", "")}}},
                            {"request", request}};

  if (job.contains("consultation")) return PartyLetterContext(detail, job, std::move(context));

  if (kind == "documents_request") {
    if (const HistoryEntry* asked = LastEvent(detail.history, Event::kRequestDocuments, revision)) {
      context["documents_request"] = DocumentsAsked(*asked, workflow);
    }
  } else if (kind == "identity_rejection") {
    context["identity_rejection"] = LastEventData(detail.history, Event::kRejectIdentity, revision);
    // What the person had been asked to send, and by when: the letter refers to it.
    if (const HistoryEntry* asked = LastEvent(detail.history, Event::kRequestDocuments, revision)) {
      context["identity_rejection"]["asked"] = DocumentsAsked(*asked, workflow);
    }
  } else if (kind == "acknowledgement" || kind == "bereaved_acknowledgement") {
    context["request"]["asked"] = AskedSummary(r, personal);
  } else if (kind == "extension_notice") {
    nlohmann::json data = LastEventData(detail.history, Event::kExtend, revision);
    Request before = r;
    // The due date the requester had been told: the same ledger without this extension.
    for (auto it = before.deadline.adjustments.rbegin(); it != before.deadline.adjustments.rend(); ++it) {
      if (it->kind == DeadlineAdjustment::Kind::kExtension) {
        before.deadline.adjustments.erase(std::next(it).base());
        break;
      }
    }
    context["extension"] = {{"days", data.value("days", 0)},
                            {"reason_label", std::string(ExtensionReasonLabel(data.value("reason_code", "")))},
                            {"unit", r.deadline.rule.unit == DayCount::kCalendar ? "calendar" : "business"},
                            {"reason", data.value("reason", "")},
                            {"previous_due_date", workflow.Due(before, today).due.ToIso()},
                            {"new_due_date", workflow.Due(r, today).due.ToIso()}};
  } else if (kind == "package_password_notice") {
    // The password itself is the sealed one of disclosure_passwords, which
    // only the letter worker's letter_context reads (ReadHandler::LetterContext);
    // the render check and the preview see this stand-in.
    if (!r.delivery || !r.delivery->package) return Status::Corruption("request " + r.id + " has no package");
    const Delivery& d = *r.delivery;
    context["package"] = {{"sha256", d.package->sha256},
                          {"files", static_cast<int>(d.package->files.size())},
                          {"password", std::string(kPasswordStandIn)},
                          {"decision_letter_on", d.letter_on ? nlohmann::json(d.letter_on->ToIso()) : nlohmann::json()}};
  } else if (kind == "disclosure_uncollected_notice") {
    if (!r.delivery || !r.delivery->letter_on || !r.delivery->pickup_by) {
      return Status::Corruption("request " + r.id + " has no pick-up deadline");
    }
    context["uncollected"] = {{"method", r.delivery->method},
                              {"decision_letter_on", r.delivery->letter_on->ToIso()},
                              {"pickup_by", r.delivery->pickup_by->ToIso()}};
  } else {
    nlohmann::json decide = LastEventData(detail.history, Event::kDecide, revision);
    // The fee notice goes out before respond: there is no respond event yet.
    nlohmann::json respond = LastEventData(detail.history, Event::kRespond, revision);
    if (!decide.is_object()) decide = nlohmann::json::object();
    if (!respond.is_object()) respond = nlohmann::json::object();
    // The grounds as the workflow recorded them (an outcome's one implied
    // ground included); decisions from before that, as their decide said.
    nlohmann::json grounds = r.decision_grounds.empty() ? decide.value("grounds", nlohmann::json::array())
                                                        : nlohmann::json(r.decision_grounds);
    // The outcome recorded; for a decision from before outcomes were kept, its decide's.
    const Outcome outcome = r.outcome.value_or(DecidedOutcome(decide).value_or(Outcome::kFull));
    context["decision"] = {{"outcome", Name(outcome)},
                           {"grounds", std::move(grounds)},
                           {"basis", r.basis ? nlohmann::json(*r.basis) : nlohmann::json()},
                           {"reason", decide.value("reason", "")},
                           {"method", respond.value("method", "post")}};
    if (decide.contains("measure")) context["decision"]["measure"] = decide["measure"];
    // A disclosure by another method than asked: the actual reason, and whether the person agreed (Art. 33(3)).
    if (respond.contains("method_reason")) context["decision"]["method_reason"] = respond["method_reason"];
    if (respond.contains("agreed")) context["decision"]["agreed"] = respond["agreed"];
    if (r.type == RequestType::kCorrection && decide.is_object() && decide.contains("items")) {
      context["decision"]["items"] = CorrectionItems(personal, decide, r.protected_person);
    }
    // What a disclosure covers, item by item, as decided (33(5): the ledger records as copied at decide).
    if ((r.type == RequestType::kDisclosure || r.type == RequestType::kThirdPartyRecordDisclosure) &&
        decide.contains("items")) {
      context["decision"]["disclosure_items"] = decide["items"];
    }
    // The institutions consulted and what they answered stay in the record:
    // a letter never names them nor repeats their opinion (it would tell the
    // person what the check protects; decide refuses a reason that does,
    // Guard::kLetterKeepsConsultations). What was withheld after an objection
    // is explained in the society's own neutral words (33(2)(i)), with where
    // to ask: the treating institution.
    const bool withheld = r.type == RequestType::kDisclosure && r.has_objection() &&
                          (outcome == Outcome::kPartial || outcome == Outcome::kRefused);
    // The reviewer chose to name the institutions that objected, and a
    // manager approved it (decide.name_institution): where to ask, never what they said.
    std::vector<std::string> objected;
    if (withheld && decide.value("name_institution", false)) {
      for (const Consultation* c : r.LatestAnswers()) {
        const ConsultationParty* party = FindConsultationParty(c->party_kind);
        if (Request::Objects(*c) && party != nullptr && party->receipts) objected.push_back(c->institution);
      }
    }
    context["decision"]["consultation_withheld"] =
        !withheld ? std::string()
                  : objected.empty() ? std::string(ConsultationWithheldText()) : ConsultationWithheldNaming(objected);
  }
  if (r.fee) {
    context["fee"] = {{"amount", r.fee->amount}, {"pages", r.fee->pages}, {"paid", r.fee->paid_on.has_value()}};
    if (r.fee->paid_on) context["fee"]["paid_on"] = r.fee->paid_on->ToIso();
    if (r.fee->due) {
      // The parts as charged, the due date and how to pay (config/fees.json's payment).
      context["fee"]["due"] = r.fee->due->ToIso();
      context["fee"]["parts"] = {{"per_request", r.fee->per_request}, {"page_blocks", r.fee->page_blocks},
                                 {"per_page", r.fee->per_page}, {"per_pages", r.fee->per_pages},
                                 {"postage", r.fee->postage}};
      context["fee"]["payment"] = workflow.rules().payment();
    }
  }
  return context;
}

// Postal codes are printed one way whatever was recorded ("1350061" →
// 135-0061; core/postal_code.h): the addressee's (the requester's, an
// agent's, the identity documents', a consulted party's) and the society's.
void FormatPostalCodes(nlohmann::json& context) {
  for (const char* block : {"recipient", "society"}) {
    if (!context.contains(block) || !context[block].is_object() || !context[block].contains("postal_code")) continue;
    nlohmann::json& postal = context[block]["postal_code"];
    if (postal.is_string()) postal = PostalCodeForLetter(postal.get<std::string>());
  }
}

}  // namespace

Result<nlohmann::json> LetterContextFor(const RequestDetail& detail, const nlohmann::json& job,
                                        const nlohmann::json& society, const Workflow& workflow, Date today) {
  Result<nlohmann::json> context = AssembleLetterContext(detail, job, society, workflow, today);
  if (context.ok()) FormatPostalCodes(context.value());
  return context;
}

}  // namespace madoguchi
