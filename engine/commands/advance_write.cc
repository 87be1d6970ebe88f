// RequestWriter::ApplyAdvance: what an event of the workflow table means.
// The idempotency key first (the same key and command: the first result,
// replayed; another command: a conflict); then the request loaded, the
// actor's reach checked (the policy table's scope, commands/command_policy.h),
// the event applied through the transition table (Workflow::Apply), what
// needs stored data checked (CheckAgainstStored), the changed columns and the
// history row written, the letters it sends written in process (CheckLetters,
// follow_ups.cc) and what it owes planned.
#include "commands/command_policy.h"
#include "commands/request_writer.h"
#include "core/correction_decision.h"
#include "core/disclosure_items.h"
#include "core/idempotency.h"
#include "core/sealed_fields.h"
#include "store/database.h"
#include "store/history_seal.h"
#include "store/idempotency_keys.h"
#include "store/letter_address.h"
#include "store/personal_vault.h"
#include "store/protected_persons.h"
#include "store/provision_store.h"
#include "store/request_links.h"
#include "store/user_store.h"

namespace madoguchi {

WriteResult RequestWriter::ApplyAdvance(const WriteCommand& c, Timestamp now) {
  // A key seen before: the first result again for the same command, else a conflict.
  const nlohmann::json identity =
      c.idempotency_key.empty() ? nlohmann::json() : AdvanceIdentity(c.actor.user, c.id, c.event);
  if (!c.idempotency_key.empty()) {
    Result<std::optional<AdvanceKey>> seen = FindAdvanceKey(statements_, c.idempotency_key);
    if (!seen.ok()) return {seen.status(), {}, false, nullptr};
    if (seen->has_value()) {
      const AdvanceKey& first = **seen;
      Result<bool> same = SameIdentity(*vault_, first.digest, "advance", identity);
      if (!same.ok()) return {same.status(), {}, false, nullptr};
      if (!*same) return {KeyUsedForAnother(c.idempotency_key, first.request_id, "command"), {}, false, nullptr};
      Result<std::optional<Request>> now_stored = LoadRequest(statements_, *vault_, first.request_id);
      if (!now_stored.ok()) return {now_stored.status(), {}, false, nullptr};
      if (!now_stored->has_value()) return {Status::NotFound("no request " + first.request_id), {}, false, nullptr};
      WriteResult out{Status::Ok(), std::move(**now_stored), false, nullptr};
      out.request.version = first.version;
      out.request.state = first.state;
      out.replayed = true;
      return out;
    }
  }
  Result<std::optional<Request>> current = LoadRequest(statements_, *vault_, c.id);
  if (!current.ok()) return {current.status(), {}, false, nullptr};
  if (!current->has_value()) return {Status::NotFound("no request " + c.id), {}, false, nullptr};
  if (c.limit_to_reach && !Reaches("advance", c.actor, **current)) {
    return {Status::PermissionDenied("request " + c.id + " is assigned to " + (**current).assignee.value_or("") +
                                     "; " + c.actor.user + " may act only on the queue and their own requests"),
            {}, false, nullptr};
  }

  Result<Request> next = workflow_.Apply(**current, c.actor, c.event, now);
  if (!next.ok()) return {next.status(), {}, false, nullptr};
  if (Status s = CheckAgainstStored(**current, c.event); !s.ok()) return {s, {}, false, nullptr};
  // A 33(5) decision lists ledger records: their content goes into the decision as decided.
  Result<nlohmann::json> decided = WithProvisionRecords(**current, c.event);
  if (!decided.ok()) return {decided.status(), {}, false, nullptr};
  nlohmann::json history = std::move(decided).value();
  if (c.event.event == Event::kDisclosureAttach) {
    if (Status s = AttachDisclosureFile(&next.value(), c.event.data, &history); !s.ok()) return {s, {}, false, nullptr};
  } else if (c.event.event == Event::kDisclosurePackage) {
    if (Status s = MakeDisclosurePackage(&next.value(), now, &history); !s.ok()) return {s, {}, false, nullptr};
  }
  ApplyLinkEffects(**current, c, now);
  store_->Update(*next, JstDate(now));
  store_->AppendHistory(*next, c.actor, c.event.event, history, (*current)->state);
  if (Status s = CheckLetters(c.event.event, *next, now); !s.ok()) return {s, {}, false, nullptr};
  PlanFollowUps(c.event.event, *next, now);
  if (!c.idempotency_key.empty()) {
    Result<DataKey> key = vault_->SealingKey(statements_);
    if (!key.ok()) return {key.status(), {}, false, nullptr};
    SaveAdvanceKey(statements_, c.idempotency_key,
                   AdvanceKey{next->id, DigestOf(*key, "advance", identity), next->version, next->state}, now);
  }
  return {Status::Ok(), std::move(next).value(), false, nullptr};
}

Status RequestWriter::CheckAgainstStored(const Request& current, const EventCommand& e) {
  const nlohmann::json& data = e.data;
  switch (e.event) {
    case Event::kDecide: {
      if (current.type != RequestType::kCorrection) {
        // A disclosure's items: what it covers (core/disclosure_items.h).
        return CheckDisclosureItems(current, data);
      }
      Result<nlohmann::json> personal = LoadPersonal(store_->db(), *vault_, current.id);
      if (!personal.ok()) return personal.status();
      return CheckCorrectionDecision(data, CorrectionItemCount(*personal));
    }
    case Event::kRespond: {
      // Where the decision letter goes (store/letter_address.h).
      Result<nlohmann::json> personal = LoadPersonal(store_->db(), *vault_, current.id);
      if (!personal.ok()) return personal.status();
      Result<std::vector<HistoryEntry>> history = LoadHistory(store_->db(), *vault_, current.id);
      if (!history.ok()) return history.status();
      return CheckSendTo(current.id, data, *personal, *history);
    }
    case Event::kLink:
    case Event::kUnlink: {
      const std::string to = data["to"].get<std::string>();
      if (to == current.id) return Status::InvalidArgument("request " + current.id + " cannot be linked to itself");
      if (!RequestExists(store_->db(), to)) return Status::NotFound("no request " + to);
      if (e.event == Event::kUnlink) {
        for (const RequestLink& l : LinksOf(store_->db(), current.id)) {
          if (l.other == to) return Status::Ok();
        }
        return Status::Conflict("request " + current.id + " is not linked to " + to);
      }
      for (const RequestLink& l : LinksOf(store_->db(), current.id)) {
        if (l.other == to) return Status::Conflict("request " + current.id + " is already linked to " + to);
      }
      return Status::Ok();
    }
    case Event::kAssign:
    case Event::kReassign: {
      // Only someone who can act on it: an active user of a role that reviews.
      const std::string to = data["to"].get<std::string>();
      Result<std::optional<User>> user = UserStore(statements_).FindByName(to);
      if (!user.ok()) return user.status();
      if (!user->has_value()) {
        return Status::NotFound("no user " + to + " to give request " + current.id + " to; a request is assigned to an " +
                                "active " + AssignableRoles());
      }
      if ((*user)->disabled) {
        return Status::InvalidArgument(to + " is disabled; request " + current.id + " is assigned to an active " +
                                       AssignableRoles());
      }
      if (!MayBeAssigned((*user)->role)) {
        return Status::InvalidArgument(to + " is a " + std::string(Name((*user)->role)) + ", who does not review: request " +
                                       current.id + " is assigned to an active " + AssignableRoles());
      }
      return Status::Ok();
    }
    case Event::kLetterPosted:
    case Event::kLetterReturned: {
      const int64_t n = data["n"].get<int64_t>();
      const size_t letters = letters_.ForRequest(current.id).size();
      if (n < 1 || static_cast<size_t>(n) > letters) {
        return Status::NotFound("request " + current.id + " has no letter " + std::to_string(n) + " (it has " +
                                std::to_string(letters) + "; see `madoguchi letters " + current.id + "`)");
      }
      return Status::Ok();
    }
    // What these carry needs no stored data besides the request: the
    // transition table and the event's schema check it (Workflow::Apply).
    case Event::kIntake:
    case Event::kRequestDocuments:
    case Event::kDocumentsReceived:
    case Event::kVerifyIdentity:
    case Event::kRejectIdentity:
    case Event::kConsult:
    case Event::kConsultationDone:
    case Event::kApprove:
    case Event::kReturn:
    case Event::kLetterIssued:
    case Event::kExtend:
    case Event::kWithdraw:
    case Event::kNote:
    case Event::kFeePaid:
    case Event::kFeeLapsed:
    case Event::kDisclosureDelivered:
    case Event::kDisclosureUncollected:
    case Event::kDisclosureAttach:
    case Event::kDisclosurePackage:
    case Event::kLegalHold:
    case Event::kLegalHoldRelease: return Status::Ok();
  }
  return Status::Ok();
}

Result<nlohmann::json> RequestWriter::WithProvisionRecords(const Request& current, const EventCommand& e) {
  if (e.event != Event::kDecide || current.type != RequestType::kThirdPartyRecordDisclosure ||
      !e.data.contains("items")) {
    return e.data;
  }
  Result<nlohmann::json> personal = LoadPersonal(store_->db(), *vault_, current.id);
  if (!personal.ok()) return personal.status();
  const nlohmann::json who = personal->value("requester", nlohmann::json::object());
  ProvisionFilter f;
  f.insured_symbol = who.value("insured_symbol", "");
  f.insured_number = who.value("insured_number", "");
  f.open = true;
  for (const auto& item : e.data["items"]) f.ids.push_back(item["provision"].get<int64_t>());
  f.limit = static_cast<int>(f.ids.size());
  std::vector<ProvisionRow> rows;
  if (!f.insured_number->empty()) {
    Result<std::vector<ProvisionRow>> found = FindProvisions(store_->db(), *vault_, f);
    if (!found.ok()) return found.status();
    rows = std::move(found).value();
  }
  nlohmann::json data = e.data;
  for (size_t i = 0; i < data["items"].size(); ++i) {
    nlohmann::json& item = data["items"][i];
    const int64_t id = item["provision"].get<int64_t>();
    const ProvisionRow* row = nullptr;
    for (const ProvisionRow& r : rows) {
      if (r.id == id && r.record) row = &r;
    }
    if (row == nullptr) {
      return Status::InvalidArgument("data of 'decide' is invalid: items[" + std::to_string(i + 1) + "]: no provision "
                                     "record " + std::to_string(id) + " of the person of request " + current.id +
                                     " in the ledger (disposed of, or another person's; `show` lists theirs)");
    }
    const ProvisionRecord& r = *row->record;
    if (r.provided_on) item["provided_on"] = r.provided_on->ToIso();
    if (r.period_from) item["period_from"] = r.period_from->ToIso();
    if (r.period_to) item["period_to"] = r.period_to->ToIso();
    item["recipient"] = r.recipient_name;
    item["provided_items"] = r.items;
    item["consent"] = r.consent;
  }
  return data;
}

void RequestWriter::ApplyLinkEffects(const Request& current, const WriteCommand& c, Timestamp now) {
  if (c.event.event == Event::kLink) {
    std::optional<std::string> reason;
    if (c.event.data.contains("reason")) {
      // Free text: sealed like the link event's own (store/history_seal.h).
      Result<DataKey> key = vault_->SealingKey(statements_);
      if (!key.ok()) throw SQLite::Exception(key.status().message());
      reason = SealLinkReason(*key, current.id, c.event.data["to"].get<std::string>(),
                              c.event.data["reason"].get<std::string>());
    }
    InsertLink(store_->db(), current.id, c.event.data["to"].get<std::string>(), c.event.data.value("kind", "related"), false,
               reason, c.actor.user, now);
  } else if (c.event.event == Event::kUnlink) {
    DeleteLink(store_->db(), current.id, c.event.data["to"].get<std::string>());
  }
}

}  // namespace madoguchi
