// RequestWriter::ApplyIntake: what an intake means. The idempotency key
// first (a replay answers the request already made, another record under the
// same key is a conflict), then the request made through the workflow
// (Workflow::Intake), numbered, inserted with its sealed personal record and
// the digest of what was taken in, flagged when its person is on the
// protected list, linked to the same person's recent requests of the same
// type, its history row appended and what it owes planned (follow_ups.cc).
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

namespace {

nlohmann::json IntakeHistoryData(const Request& r) {
  nlohmann::json data = {{"type", Name(r.type)},
                         {"channel", r.channel},
                         {"categories", r.categories},
                         {"received_at", FormatJst(r.received_at)}};
  if (r.disclosure_method) data["disclosure_method"] = *r.disclosure_method;
  return data;
}

}  // namespace

WriteResult RequestWriter::ApplyIntake(const WriteCommand& c, Timestamp now) {
  std::optional<RequestRecord> parsed_here;
  if (!c.parsed_record) {
    Result<RequestRecord> parsed = workflow_.record_parser().Parse(c.record, now);
    if (!parsed.ok()) return {parsed.status(), {}, false, nullptr};
    parsed_here = std::move(parsed).value();
  }
  const RequestRecord* record = c.parsed_record ? &*c.parsed_record : &*parsed_here;

  const bool received_at_given = c.record.contains("received_at");
  const nlohmann::json identity = IntakeIdentity(*record, received_at_given);
  if (std::optional<IntakeKey> seen = FindIntakeKey(statements_, record->idempotency_key)) {
    return ReplayIntake(record->idempotency_key, *seen, identity, received_at_given);
  }
  Result<Request> created = workflow_.Intake(*record, c.actor, store_->NextRequestId(now), now);
  if (!created.ok()) return {created.status(), {}, false, nullptr};
  store_->Insert(*created, JstDate(now));
  PersonalVault& vault = *vault_;
  // Read inside this transaction: once a key rotation has recorded its new
  // key, nothing more is sealed (or digested) under the old one.
  Result<DataKey> key = vault.SealingKey(statements_);
  if (!key.ok()) return {key.status(), {}, false, nullptr};
  SaveIntakeDigest(statements_, created->id, DigestOf(*key, "intake", identity));
  // The receipts named (institutions, months) are sealed with the personal fields.
  nlohmann::json sealed_record = record->personal;
  if (nlohmann::json health = HealthParticulars(*created); !health.is_null()) sealed_record["health"] = std::move(health);
  if (options_.plaintext_personal_for_benchmark) {
    StatementCache::Use personal_use = statements_.Take(
        "INSERT INTO request_personal(request_id, record) VALUES (?, ?)");
    SQLite::Statement& personal = *personal_use;
    personal.bind(1, created->id);
    personal.bind(2, sealed_record.dump());
    personal.exec();
    StatementCache::Use keyed_use = statements_.Take("UPDATE requests SET person_key = ? WHERE id = ?");
    SQLite::Statement& keyed = *keyed_use;
    keyed.bind(1, PersonKeyTokens(vault, record->personal["requester"]).back());
    keyed.bind(2, created->id);
    keyed.exec();
  } else {
    WriteSealedPersonal(statements_, *key, created->id, sealed_record, /*fresh=*/true);
  }

  // The person's tokens under every key, taken after SealingKey above has
  // learnt of a key a rotation added.
  const std::vector<std::string> person_keys = PersonKeyTokens(vault, record->personal["requester"]);
  // A person on the managers' protected list (支援措置): flagged here, once.
  if (IsProtectedPerson(store_->db(), person_keys)) {
    created->protected_person = true;
    store_->Update(*created, JstDate(now));
  }

  // The same person's requests of the same type within the window: flagged
  // and linked, never merged. History says which ids, never who.
  nlohmann::json history_data = IntakeHistoryData(*created);
  std::vector<std::string> earlier = SamePersonWithin(statements_, person_keys, std::string(Name(created->type)),
                                                      created->received_at, options_.duplicate_window_days, created->id);
  for (const std::string& other : earlier) {
    InsertLink(store_->db(), created->id, other, "duplicate", true, std::nullopt, c.actor.user, now);
  }
  if (!earlier.empty()) history_data["possible_duplicate_of"] = earlier;
  if (created->protected_person) history_data["protected_person"] = true;
  store_->AppendHistory(*created, c.actor, Event::kIntake, history_data, std::nullopt);
  PlanFollowUps(Event::kIntake, *created, now);
  return {Status::Ok(), std::move(created).value(), true, nullptr};
}

WriteResult RequestWriter::ReplayIntake(const std::string& key, const IntakeKey& seen, const nlohmann::json& identity,
                                       bool received_at_given) {
  Result<std::optional<Request>> r = LoadRequest(statements_, *vault_, seen.request_id);
  if (!r.ok()) return {r.status(), {}, false, nullptr};
  if (!r->has_value()) return {Status::Corruption("request " + seen.request_id + " of key " + key + " is gone"), {}, false, nullptr};
  if ((*r)->disposed_at) {
    // Nothing is left to compare the record with (store/disposal.h).
    return {Status::Conflict("idempotency key " + key + " was used for request " + seen.request_id +
                             ", disposed of at the end of its retention period; take the request in with a new key"),
            {}, false, nullptr};
  }
  Result<bool> same = false;
  if (seen.digest) {
    same = SameIdentity(*vault_, *seen.digest, "intake", identity);
  } else {
    // Taken in before digests were kept: compared with what is stored.
    Result<nlohmann::json> personal = LoadPersonal(store_->db(), *vault_, seen.request_id);
    if (!personal.ok()) return {personal.status(), {}, false, nullptr};
    same = IntakeIdentity(RecordOfStored(**r, *personal), received_at_given) == identity;
  }
  if (!same.ok()) return {same.status(), {}, false, nullptr};
  if (!*same) return {KeyUsedForAnother(key, seen.request_id, "record"), {}, false, nullptr};
  WriteResult out{Status::Ok(), std::move(**r), false, nullptr};
  out.replayed = true;
  return out;
}

}  // namespace madoguchi
