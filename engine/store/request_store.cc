#include "store/request_store.h"

#include <cstdio>

#include "store/database.h"

namespace madoguchi {

namespace {

constexpr const char* kRequestColumns =
    "id, type, state, version, categories, channel, disclosure_method, received_at, due_date, clock_stopped, "
    "assignee, decided_by, outcome, resume_state, deadline, idempotency_key, created_at, updated_at";

std::optional<std::string> OptionalText(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

void BindOptional(SQLite::Statement& st, const char* name, const std::optional<std::string>& v) {
  if (v) {
    st.bind(name, *v);
  } else {
    st.bind(name);  // NULL
  }
}

Result<Timestamp> StoredTimestamp(const SQLite::Column& c) {
  Result<Timestamp> t = ParseTimestamp(c.getString());
  if (!t.ok()) return Status::Corruption(std::string("stored ") + c.getName() + ": " + t.status().message());
  return t;
}

// A Request from a row selected with kRequestColumns.
Result<Request> RequestFromRow(SQLite::Statement& st) {
  Request r;
  r.id = st.getColumn("id").getString();
  auto type = ParseRequestType(st.getColumn("type").getString());
  auto state = ParseState(st.getColumn("state").getString());
  if (!type || !state) return Status::Corruption("request " + r.id + " has an unknown type or state");
  r.type = *type;
  r.state = *state;
  r.version = st.getColumn("version").getInt64();
  r.categories = nlohmann::json::parse(st.getColumn("categories").getString()).get<std::vector<std::string>>();
  r.channel = st.getColumn("channel").getString();
  r.disclosure_method = OptionalText(st.getColumn("disclosure_method"));
  r.assignee = OptionalText(st.getColumn("assignee"));
  r.decided_by = OptionalText(st.getColumn("decided_by"));
  r.outcome = OptionalText(st.getColumn("outcome"));
  if (auto resume = OptionalText(st.getColumn("resume_state"))) {
    r.resume_state = ParseState(*resume);
    if (!r.resume_state) return Status::Corruption("request " + r.id + " has an unknown resume state");
  }
  r.idempotency_key = st.getColumn("idempotency_key").getString();
  Result<DeadlineLedger> ledger = DeadlineLedger::FromJson(nlohmann::json::parse(st.getColumn("deadline").getString()));
  if (!ledger.ok()) return ledger.status();
  r.deadline = *ledger;
  for (auto [field, column] : {std::pair{&r.received_at, "received_at"}, std::pair{&r.created_at, "created_at"},
                               std::pair{&r.updated_at, "updated_at"}}) {
    Result<Timestamp> t = StoredTimestamp(st.getColumn(column));
    if (!t.ok()) return t.status();
    *field = *t;
  }
  return r;
}

void BindRequest(SQLite::Statement& st, const Request& r, const DueDate& due) {
  st.bind(":id", r.id);
  st.bind(":type", std::string(Name(r.type)));
  st.bind(":state", std::string(Name(r.state)));
  st.bind(":version", r.version);
  st.bind(":categories", nlohmann::json(r.categories).dump());
  st.bind(":channel", r.channel);
  BindOptional(st, ":disclosure_method", r.disclosure_method);
  st.bind(":received_at", FormatJst(r.received_at));
  st.bind(":due_date", due.due.ToIso());
  st.bind(":clock_stopped", due.clock_stopped ? 1 : 0);
  BindOptional(st, ":assignee", r.assignee);
  BindOptional(st, ":decided_by", r.decided_by);
  BindOptional(st, ":outcome", r.outcome);
  BindOptional(st, ":resume_state",
               r.resume_state ? std::optional<std::string>(std::string(Name(*r.resume_state))) : std::nullopt);
  st.bind(":deadline", r.deadline.ToJson().dump());
  st.bind(":idempotency_key", r.idempotency_key);
  st.bind(":created_at", FormatJst(r.created_at));
  st.bind(":updated_at", FormatJst(r.updated_at));
}

nlohmann::json IntakeHistoryData(const Request& r) {
  nlohmann::json data = {{"type", Name(r.type)},
                         {"channel", r.channel},
                         {"categories", r.categories},
                         {"received_at", FormatJst(r.received_at)}};
  if (r.disclosure_method) data["disclosure_method"] = *r.disclosure_method;
  return data;
}

template <typename F>
auto WithSqliteErrors(const char* what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string(what) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string(what) + ": stored JSON: " + e.what());
  }
}

}  // namespace

Result<std::unique_ptr<RequestStore>> RequestStore::Open(const std::string& path, const Workflow& workflow) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(path, OpenMode::kReadWrite);
  if (!db.ok()) return db.status();
  return std::unique_ptr<RequestStore>(new RequestStore(std::move(db).value(), workflow));
}

Result<IntakeOutcome> RequestStore::Intake(const nlohmann::json& record_json, const Actor& actor, Timestamp now) {
  Result<RequestRecord> record = workflow_.record_parser().Parse(record_json, now);
  if (!record.ok()) return record.status();

  return WithSqliteErrors("intake", [&]() -> Result<IntakeOutcome> {
    SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Result<std::optional<Request>> existing = LoadByIdempotencyKey(record->idempotency_key);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) return IntakeOutcome{std::move(**existing), false};

    Result<Request> created = workflow_.Intake(*record, actor, NextRequestId(now), now);
    if (!created.ok()) return created.status();
    Insert(*created, JstDate(now));
    SQLite::Statement personal(*db_, "INSERT INTO request_personal(request_id, record) VALUES (?, ?)");
    personal.bind(1, created->id);
    personal.bind(2, record->personal.dump());
    personal.exec();
    AppendHistory(*created, actor, Event::kIntake, IntakeHistoryData(*created), std::nullopt);
    txn.commit();
    return IntakeOutcome{std::move(created).value(), true};
  });
}

Result<Request> RequestStore::Advance(const std::string& id, const Actor& actor, const EventCommand& command,
                                      Timestamp now) {
  return WithSqliteErrors("advance", [&]() -> Result<Request> {
    SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Result<std::optional<Request>> current = Load(id);
    if (!current.ok()) return current.status();
    if (!current->has_value()) return Status::NotFound("no request " + id);

    Result<Request> next = workflow_.Apply(**current, actor, command, now);
    if (!next.ok()) return next.status();  // the transaction rolls back: nothing was written
    Update(*next, JstDate(now));
    AppendHistory(*next, actor, command.event, command.data, (*current)->state);
    txn.commit();
    return next;
  });
}

Result<Request> RequestStore::Get(const std::string& id) {
  return WithSqliteErrors("get", [&]() -> Result<Request> {
    Result<std::optional<Request>> r = Load(id);
    if (!r.ok()) return r.status();
    if (!r->has_value()) return Status::NotFound("no request " + id);
    return std::move(**r);
  });
}

Result<std::vector<HistoryEntry>> RequestStore::History(const std::string& id) {
  return WithSqliteErrors("history", [&]() -> Result<std::vector<HistoryEntry>> {
    SQLite::Statement st(*db_,
                         "SELECT version, at, actor, role, event, data, from_state, to_state FROM history "
                         "WHERE request_id = ? ORDER BY version");
    st.bind(1, id);
    std::vector<HistoryEntry> out;
    while (st.executeStep()) {
      HistoryEntry h;
      h.version = st.getColumn(0).getInt64();
      Result<Timestamp> at = StoredTimestamp(st.getColumn(1));
      if (!at.ok()) return at.status();
      h.at = *at;
      h.actor = st.getColumn(2).getString();
      auto role = ParseRole(st.getColumn(3).getString());
      auto to = ParseState(st.getColumn(7).getString());
      if (!role || !to) return Status::Corruption("history of " + id + " has an unknown role or state");
      h.role = *role;
      h.to_state = *to;
      h.event = st.getColumn(4).getString();
      h.data = nlohmann::json::parse(st.getColumn(5).getString());
      if (!st.getColumn(6).isNull()) h.from_state = ParseState(st.getColumn(6).getString());
      out.push_back(std::move(h));
    }
    if (out.empty()) return Status::NotFound("no request " + id);
    return out;
  });
}

Result<nlohmann::json> RequestStore::Personal(const std::string& id) {
  return WithSqliteErrors("personal record", [&]() -> Result<nlohmann::json> {
    SQLite::Statement st(*db_, "SELECT record FROM request_personal WHERE request_id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return Status::NotFound("no request " + id);
    return nlohmann::json::parse(st.getColumn(0).getString());
  });
}

Result<std::optional<Request>> RequestStore::Load(const std::string& id) {
  SQLite::Statement st(*db_, std::string("SELECT ") + kRequestColumns + " FROM requests WHERE id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return std::optional<Request>();
  Result<Request> r = RequestFromRow(st);
  if (!r.ok()) return r.status();
  return std::optional<Request>(std::move(r).value());
}

Result<std::optional<Request>> RequestStore::LoadByIdempotencyKey(const std::string& key) {
  SQLite::Statement st(*db_, "SELECT id FROM requests WHERE idempotency_key = ?");
  st.bind(1, key);
  if (!st.executeStep()) return std::optional<Request>();
  return Load(st.getColumn(0).getString());
}

std::string RequestStore::NextRequestId(Timestamp now) {
  // One counter per year of intake (JST): R2026-000001, R2026-000002, ...
  std::string name = "request_number_" + std::to_string(JstDate(now).year());
  SQLite::Statement st(*db_,
                       "INSERT INTO counters(name, value) VALUES (?, 1) "
                       "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value");
  st.bind(1, name);
  st.executeStep();
  char buf[32];
  std::snprintf(buf, sizeof buf, "R%04d-%06lld", JstDate(now).year(),
                static_cast<long long>(st.getColumn(0).getInt64()));
  return buf;
}

void RequestStore::Insert(const Request& r, Date today) {
  SQLite::Statement st(*db_, std::string("INSERT INTO requests (") + kRequestColumns +
                                 ") VALUES (:id, :type, :state, :version, :categories, :channel, "
                                 ":disclosure_method, :received_at, :due_date, :clock_stopped, :assignee, "
                                 ":decided_by, :outcome, :resume_state, :deadline, :idempotency_key, :created_at, "
                                 ":updated_at)");
  BindRequest(st, r, workflow_.Due(r, today));
  st.exec();
}

void RequestStore::Update(const Request& r, Date today) {
  SQLite::Statement st(*db_,
                       "UPDATE requests SET type = :type, state = :state, version = :version, "
                       "categories = :categories, channel = :channel, disclosure_method = :disclosure_method, "
                       "received_at = :received_at, due_date = :due_date, clock_stopped = :clock_stopped, "
                       "assignee = :assignee, decided_by = :decided_by, outcome = :outcome, "
                       "resume_state = :resume_state, deadline = :deadline, idempotency_key = :idempotency_key, "
                       "created_at = :created_at, updated_at = :updated_at WHERE id = :id");
  BindRequest(st, r, workflow_.Due(r, today));
  if (st.exec() != 1) throw SQLite::Exception("request " + r.id + " vanished during its update");
}

void RequestStore::AppendHistory(const Request& after, const Actor& actor, Event event, const nlohmann::json& data,
                                 std::optional<State> from) {
  SQLite::Statement st(*db_,
                       "INSERT INTO history (request_id, version, at, actor, role, event, data, from_state, "
                       "to_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, after.id);
  st.bind(2, after.version);
  st.bind(3, FormatJst(after.updated_at));
  st.bind(4, actor.user);
  st.bind(5, std::string(Name(actor.role)));
  st.bind(6, std::string(Name(event)));
  st.bind(7, data.dump());
  if (from) {
    st.bind(8, std::string(Name(*from)));
  } else {
    st.bind(8);
  }
  st.bind(9, std::string(Name(after.state)));
  st.exec();
}

}  // namespace madoguchi
