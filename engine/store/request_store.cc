#include "store/letter_address.h"
#include "store/request_store.h"

#include <sqlite3.h>

#include <cstdio>
#include <stdexcept>

#include "core/correction_decision.h"
#include "core/disclosure_items.h"
#include "core/idempotency.h"
#include "core/request_id.h"
#include "core/sealed_fields.h"
#include "store/history_seal.h"
#include "store/database.h"
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

// A failure that says nothing about what is on disk: the transaction was
// rolled back and the database is as it was.
bool LeavesDatabaseIntact(int sqlite_code) {
  int primary = sqlite_code & 0xFF;
  return primary == SQLITE_FULL || primary == SQLITE_BUSY || primary == SQLITE_CONSTRAINT;
}

// What a client is told when SQLite refuses a change. A full database is
// the one failure staff can act on, so it says what to do.
Status StoreError(const SQLite::Exception& e, const char* doing) {
  if ((e.getExtendedErrorCode() & 0xFF) == SQLITE_FULL) {
    return Status::Unavailable("the database is full (the disk, or limits.max_database_mb); nothing of this "
                               "command was stored, and everything acknowledged before is kept: free space or "
                               "raise the limit");
  }
  return Status::IoError(std::string(doing) + ": " + e.what());
}

}  // namespace

Result<std::unique_ptr<RequestStore>> RequestStore::Open(const std::string& path, const Workflow& workflow,
                                                         std::shared_ptr<PersonalVault> vault, StoreOptions options) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(path, OpenMode::kReadWrite);
  if (!db.ok()) return db.status();
  if (options.max_database_bytes > 0) {
    // A per-connection limit: this connection is the only one that writes.
    int64_t page_size = (*db)->execAndGet("PRAGMA page_size").getInt64();
    (*db)->exec("PRAGMA max_page_count = " + std::to_string((options.max_database_bytes + page_size - 1) / page_size));
  }
  return std::unique_ptr<RequestStore>(new RequestStore(std::move(db).value(), workflow, std::move(vault), std::move(options)));
}

std::vector<WriteResult> RequestStore::ApplyBatch(const std::vector<WriteCommand>& commands, Timestamp now,
                                                 const BatchAudit& audit) {
  std::vector<WriteResult> results(commands.size());
  if (!broken_.ok()) {
    for (auto& r : results) r.status = broken_;
    return results;
  }
  try {
    SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status s = BeginChain(now); !s.ok()) {
      for (auto& r : results) r.status = s;
      return results;
    }
    for (size_t i = 0; i < commands.size(); ++i) {
      const ChainHead before = chain_->head();
      statements_.Take("SAVEPOINT command")->exec();
      try {
        switch (commands[i].kind) {
          case WriteCommand::Kind::kIntake: results[i] = ApplyIntake(commands[i], now); break;
          case WriteCommand::Kind::kAdvance: results[i] = ApplyAdvance(commands[i], now); break;
          case WriteCommand::Kind::kUserAdmin: results[i] = ApplyUserAdmin(commands[i], now); break;
          case WriteCommand::Kind::kProtect: results[i] = ApplyProtect(commands[i], now); break;
          case WriteCommand::Kind::kProvision: results[i] = ApplyProvision(commands[i], now); break;
          case WriteCommand::Kind::kLease:
          case WriteCommand::Kind::kAck:
          case WriteCommand::Kind::kFail:
          case WriteCommand::Kind::kRetry: results[i] = ApplyWorkerOp(commands[i], now); break;
        }
      } catch (const SQLite::Exception& e) {
        if (sqlite3_get_autocommit(db_->getHandle())) {
          // SQLite rolled the whole transaction back (it may, on SQLITE_FULL):
          // nothing of the batch is stored, and none of it was acknowledged.
          Status gone = StoreError(e, "storing the change");
          for (auto& r : results) r = WriteResult{gone, {}, false, nullptr};
          EndChain(false);
          return results;
        }
        results[i].status = StoreError(e, "storing the change");
      } catch (const nlohmann::json::exception& e) {
        results[i].status = Status::Corruption(std::string("stored JSON: ") + e.what());
      }
      // A refused command leaves no trace but its audit record; the others in the batch go on.
      if (!results[i].status.ok()) {
        statements_.Take("ROLLBACK TO command")->exec();
        chain_->Rewind(before);
      }
      statements_.Take("RELEASE command")->exec();
      // Outside the savepoint: a refusal is recorded too. Should this fail,
      // the whole batch rolls back: nothing commits without its record.
      if (audit) {
        if (std::optional<AuditEntry> entry = audit(i, results[i])) {
          AppendAudit(statements_, *chain_, {*entry});
          results[i].audited = true;
        }
      }
    }
    txn.commit();
    EndChain(true);
    for (const WriteResult& r : results) {
      if (r.status.ok() && r.checkpoint) {
        CheckpointAfterDisposal();
        break;
      }
    }
  } catch (const SQLite::Exception& e) {
    EndChain(false);
    Status failed = StoreError(e, "committing");
    if (!LeavesDatabaseIntact(e.getExtendedErrorCode())) {
      broken_ = Status::Unavailable(std::string("the engine stopped taking writes after a failed commit (") +
                                    e.what() + "); restart it once the disk is healthy");
    }
    for (auto& r : results) r = WriteResult{failed, {}, false, nullptr};
  }
  return results;
}

Status RequestStore::AppendRecords(const std::vector<AuditEntry>& audit, const std::vector<PersonalAccess>& access,
                                   Timestamp now) {
  if (!broken_.ok()) return broken_;
  if (audit.empty() && access.empty()) return Status::Ok();
  try {
    SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status s = BeginChain(now); !s.ok()) return s;
    AppendAudit(statements_, *chain_, audit);
    AppendPersonalAccess(statements_, *chain_, access);
    txn.commit();
    EndChain(true);
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    EndChain(false);
    return StoreError(e, "appending audit records");
  }
}

Status RequestStore::BeginChain(Timestamp now) {
  Result<ChainAppender> chain = ChainAppender::Begin(statements_, *vault_, now, chain_head_);
  if (!chain.ok()) {
    // The chain was changed under this store: it extends it no more.
    if (chain.status().code() == Status::Code::kUnavailable) broken_ = chain.status();
    return chain.status();
  }
  chain_.emplace(std::move(chain).value());
  return Status::Ok();
}

void RequestStore::EndChain(bool committed) {
  if (committed && chain_) chain_head_ = chain_->head();
  chain_.reset();
}

WriteResult RequestStore::ApplyIntake(const WriteCommand& c, Timestamp now) {
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
  Result<Request> created = workflow_.Intake(*record, c.actor, NextRequestId(now), now);
  if (!created.ok()) return {created.status(), {}, false, nullptr};
  Insert(*created, JstDate(now));
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
  if (IsProtectedPerson(*db_, person_keys)) {
    created->protected_person = true;
    Update(*created, JstDate(now));
  }

  // The same person's requests of the same type within the window: flagged
  // and linked, never merged. History says which ids, never who.
  nlohmann::json history_data = IntakeHistoryData(*created);
  std::vector<std::string> earlier = SamePersonWithin(statements_, person_keys, std::string(Name(created->type)),
                                                      created->received_at, options_.duplicate_window_days, created->id);
  for (const std::string& other : earlier) {
    InsertLink(*db_, created->id, other, "duplicate", true, std::nullopt, c.actor.user, now);
  }
  if (!earlier.empty()) history_data["possible_duplicate_of"] = earlier;
  if (created->protected_person) history_data["protected_person"] = true;
  AppendHistory(*created, c.actor, Event::kIntake, history_data, std::nullopt);
  PlanFollowUps(Event::kIntake, *created, now);
  return {Status::Ok(), std::move(created).value(), true, nullptr};
}

WriteResult RequestStore::ReplayIntake(const std::string& key, const IntakeKey& seen, const nlohmann::json& identity,
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
    Result<nlohmann::json> personal = LoadPersonal(*db_, *vault_, seen.request_id);
    if (!personal.ok()) return {personal.status(), {}, false, nullptr};
    same = IntakeIdentity(RecordOfStored(**r, *personal), received_at_given) == identity;
  }
  if (!same.ok()) return {same.status(), {}, false, nullptr};
  if (!*same) return {KeyUsedForAnother(key, seen.request_id, "record"), {}, false, nullptr};
  WriteResult out{Status::Ok(), std::move(**r), false, nullptr};
  out.replayed = true;
  return out;
}

WriteResult RequestStore::ApplyAdvance(const WriteCommand& c, Timestamp now) {
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
  if (c.reaches && !c.reaches(**current)) {
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
  Update(*next, JstDate(now));
  AppendHistory(*next, c.actor, c.event.event, history, (*current)->state);
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

Status RequestStore::CheckAgainstStored(const Request& current, const EventCommand& e) {
  const nlohmann::json& data = e.data;
  switch (e.event) {
    case Event::kDecide: {
      if (current.type != RequestType::kCorrection) {
        // A disclosure's items: what it covers (core/disclosure_items.h).
        return CheckDisclosureItems(current, data);
      }
      Result<nlohmann::json> personal = LoadPersonal(*db_, *vault_, current.id);
      if (!personal.ok()) return personal.status();
      return CheckCorrectionDecision(data, CorrectionItemCount(*personal));
    }
    case Event::kRespond: {
      // Where the decision letter goes (store/letter_address.h).
      Result<nlohmann::json> personal = LoadPersonal(*db_, *vault_, current.id);
      if (!personal.ok()) return personal.status();
      Result<std::vector<HistoryEntry>> history = LoadHistory(*db_, *vault_, current.id);
      if (!history.ok()) return history.status();
      return CheckSendTo(current.id, data, *personal, *history);
    }
    case Event::kLink:
    case Event::kUnlink: {
      const std::string to = data["to"].get<std::string>();
      if (to == current.id) return Status::InvalidArgument("request " + current.id + " cannot be linked to itself");
      if (!RequestExists(*db_, to)) return Status::NotFound("no request " + to);
      if (e.event == Event::kUnlink) {
        for (const RequestLink& l : LinksOf(*db_, current.id)) {
          if (l.other == to) return Status::Ok();
        }
        return Status::Conflict("request " + current.id + " is not linked to " + to);
      }
      for (const RequestLink& l : LinksOf(*db_, current.id)) {
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

Result<nlohmann::json> RequestStore::WithProvisionRecords(const Request& current, const EventCommand& e) {
  if (e.event != Event::kDecide || current.type != RequestType::kThirdPartyRecordDisclosure ||
      !e.data.contains("items")) {
    return e.data;
  }
  Result<nlohmann::json> personal = LoadPersonal(*db_, *vault_, current.id);
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
    Result<std::vector<ProvisionRow>> found = FindProvisions(*db_, *vault_, f);
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

void RequestStore::ApplyLinkEffects(const Request& current, const WriteCommand& c, Timestamp now) {
  if (c.event.event == Event::kLink) {
    std::optional<std::string> reason;
    if (c.event.data.contains("reason")) {
      // Free text: sealed like the link event's own (store/history_seal.h).
      Result<DataKey> key = vault_->SealingKey(statements_);
      if (!key.ok()) throw SQLite::Exception(key.status().message());
      reason = SealLinkReason(*key, current.id, c.event.data["to"].get<std::string>(),
                              c.event.data["reason"].get<std::string>());
    }
    InsertLink(*db_, current.id, c.event.data["to"].get<std::string>(), c.event.data.value("kind", "related"), false,
               reason, c.actor.user, now);
  } else if (c.event.event == Event::kUnlink) {
    DeleteLink(*db_, current.id, c.event.data["to"].get<std::string>());
  }
}

Result<IntakeOutcome> RequestStore::Intake(const nlohmann::json& record, const Actor& actor, Timestamp now) {
  WriteCommand c;
  c.kind = WriteCommand::Kind::kIntake;
  c.actor = actor;
  c.record = record;
  WriteResult r = std::move(ApplyBatch({c}, now).front());
  if (!r.status.ok()) return r.status;
  return IntakeOutcome{std::move(r.request), r.created};
}

Result<Request> RequestStore::Advance(const std::string& id, const Actor& actor, const EventCommand& command,
                                      Timestamp now) {
  WriteCommand c;
  c.kind = WriteCommand::Kind::kAdvance;
  c.actor = actor;
  c.id = id;
  c.event = command;
  WriteResult r = std::move(ApplyBatch({c}, now).front());
  if (!r.status.ok()) return r.status;
  return std::move(r.request);
}

Result<Request> RequestStore::Get(const std::string& id) {
  Result<std::optional<Request>> r = LoadRequest(statements_, *vault_, id);
  if (!r.ok()) return r.status();
  if (!r->has_value()) return Status::NotFound("no request " + id);
  return std::move(**r);
}

std::string RequestStore::NextRequestId(Timestamp now) {
  // One counter per year of intake (JST): R2026-000001, R2026-000002, ...
  // (core/request_id.h).
  std::string name = "request_number_" + std::to_string(JstDate(now).year());
  StatementCache::Use st_use = statements_.Take(
      "INSERT INTO counters(name, value) VALUES (?, 1) "
      "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value");
  SQLite::Statement& st = *st_use;
  st.bind(1, name);
  st.executeStep();
  return FormatRequestId(JstDate(now).year(), st.getColumn(0).getInt64());
}

void RequestStore::Insert(const Request& r, Date today) {
  StatementCache::Use st_use = statements_.Take(
      std::string("INSERT INTO requests (") + kRequestColumns +
      ") VALUES (:id, :type, :state, :version, :categories, :channel, "
      ":disclosure_method, :received_at, :due_date, :clock_stopped, :assignee, "
      ":decided_by, :outcome, :resume_state, :deadline, :idempotency_key, :created_at, "
      ":updated_at, :particulars, :original_due_date, :retention_until, :legal_hold, :disposed_at)");
  SQLite::Statement& st = *st_use;
  BindRequest(st, r, workflow_.Due(r, today));
  st.exec();
}

void RequestStore::Update(const Request& r, Date today) {
  const std::vector<std::pair<std::string_view, ColumnValue>> values = RequestColumnValues(r, workflow_.Due(r, today));
  // Only the columns whose value changes are written: SQLite rewrites every
  // index on a column an UPDATE sets, and fires every tally trigger that
  // watches one (store/dashboard_tallies.h), whether its value changed or
  // not. A note changes the version and the time alone: no index, no trigger.
  std::string set;
  std::vector<const ColumnValue*> changed;
  {
    StatementCache::Use stored_use =
        statements_.Take(std::string("SELECT ") + kRequestColumns + " FROM requests WHERE id = ?");
    SQLite::Statement& stored = *stored_use;
    stored.bind(1, r.id);
    if (!stored.executeStep()) throw SQLite::Exception("request " + r.id + " vanished during its update");
    for (size_t i = 0; i < values.size(); ++i) {
      if (stored.getColumnName(static_cast<int>(i)) != values[i].first) {
        throw std::logic_error("RequestColumnValues is not in the order of kRequestColumns");
      }
      if (ColumnValue::Of(stored.getColumn(static_cast<int>(i))) == values[i].second) continue;
      set += (set.empty() ? "" : ", ") + std::string(values[i].first) + " = ?";
      changed.push_back(&values[i].second);
    }
  }
  if (changed.empty()) return SaveHealth(r);
  // One statement per set of columns (a handful: a note's, an assignment's, ...), each prepared once.
  StatementCache::Use st_use = statements_.Take("UPDATE requests SET " + set + " WHERE id = ?");
  SQLite::Statement& st = *st_use;
  for (size_t i = 0; i < changed.size(); ++i) changed[i]->Bind(st, static_cast<int>(i + 1));
  st.bind(static_cast<int>(changed.size() + 1), r.id);
  if (st.exec() != 1) throw SQLite::Exception("request " + r.id + " vanished during its update");
  SaveHealth(r);
}

void RequestStore::SaveHealth(const Request& r) {
  nlohmann::json health = HealthParticulars(r);
  if (health.is_null()) return;
  Result<nlohmann::json> opened = OpenPersonalRecord(statements_, *vault_, r.id);
  if (!opened.ok()) throw SQLite::Exception(opened.status().message());
  nlohmann::json record = std::move(opened).value();
  if (record.value("health", nlohmann::json()) == health) return;
  record["health"] = std::move(health);
  if (options_.plaintext_personal_for_benchmark) {
    StatementCache::Use put = statements_.Take("UPDATE request_personal SET record = ? WHERE request_id = ?");
    put->bind(1, record.dump());
    put->bind(2, r.id);
    put->exec();
    return;
  }
  Result<DataKey> key = vault_->SealingKey(statements_);
  if (!key.ok()) throw SQLite::Exception(key.status().message());
  WriteSealedPersonal(statements_, *key, r.id, record);
}

void RequestStore::AppendHistory(const Request& after, const Actor& actor, Event event, const nlohmann::json& data,
                                 std::optional<State> from) {
  const std::string at = FormatJst(after.updated_at);
  // The MAC covers the whole data; the row holds its clear part, the rest sealed beside it.
  const std::string data_text = data.dump();
  Result<DataKey> key = vault_->SealingKey(statements_);
  if (!key.ok()) throw SQLite::Exception(key.status().message());
  const std::string stored =
      SealHistoryData(statements_, *key, after.id, after.version, std::string(Name(event)), data_text);
  const std::string from_state = from ? std::string(Name(*from)) : std::string();
  ChainLink link = chain_->Next(ChainKind::kHistory,
                                HistoryChainFields(after.id, after.version, at, actor.user, std::string(Name(actor.role)),
                                                   std::string(Name(event)), data_text, from_state,
                                                   std::string(Name(after.state))));
  StatementCache::Use st_use = statements_.Take(
      "INSERT INTO history (request_id, version, at, actor, role, event, data, from_state, "
      "to_state, pos, key_id, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement& st = *st_use;
  st.bind(1, after.id);
  st.bind(2, after.version);
  st.bind(3, at);
  st.bind(4, actor.user);
  st.bind(5, std::string(Name(actor.role)));
  st.bind(6, std::string(Name(event)));
  st.bind(7, stored);
  if (from) {
    st.bind(8, from_state);
  } else {
    st.bind(8);
  }
  st.bind(9, std::string(Name(after.state)));
  st.bind(10, link.pos);
  st.bind(11, link.key_id);
  st.bind(12, link.prev);
  st.bind(13, link.hash);
  st.exec();
}

}  // namespace madoguchi
