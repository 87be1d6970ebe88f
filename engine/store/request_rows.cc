#include "store/request_rows.h"

#include "core/sealed_fields.h"
#include "store/database.h"
#include "store/history_seal.h"

#include "store/personal_vault.h"
#include "store/record_seal.h"

namespace madoguchi {

const char* const kRequestColumns =
    "id, type, state, version, categories, channel, disclosure_method, received_at, due_date, clock_stopped, "
    "assignee, decided_by, outcome, resume_state, deadline, idempotency_key, created_at, updated_at, particulars, "
    "original_due_date, retention_until, legal_hold, disposed_at";

namespace {

std::optional<std::string> OptionalText(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

ColumnValue Text(std::string text) { return {ColumnValue::Type::kText, 0, std::move(text)}; }
ColumnValue Integer(int64_t value) { return {ColumnValue::Type::kInteger, value, {}}; }
ColumnValue OptionalValue(const std::optional<std::string>& v) { return v ? Text(*v) : ColumnValue{}; }

Result<Timestamp> StoredTimestamp(const SQLite::Column& c) {
  Result<Timestamp> t = ParseTimestamp(c.getString());
  if (!t.ok()) return Status::Corruption(std::string("stored ") + c.getName() + ": " + t.status().message());
  return t;
}

}  // namespace

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
  if (auto outcome = OptionalText(st.getColumn("outcome"))) {
    r.outcome = ParseOutcome(*outcome);
    if (!r.outcome) return Status::Corruption("request " + r.id + " has an unknown outcome " + *outcome);
  }
  if (auto resume = OptionalText(st.getColumn("resume_state"))) {
    r.resume_state = ParseState(*resume);
    if (!r.resume_state) return Status::Corruption("request " + r.id + " has an unknown resume state");
  }
  r.idempotency_key = st.getColumn("idempotency_key").getString();
  Result<DeadlineLedger> ledger = DeadlineLedger::FromJson(nlohmann::json::parse(st.getColumn("deadline").getString()));
  if (!ledger.ok()) return ledger.status();
  r.deadline = *ledger;
  if (Status s = ParticularsFromJson(nlohmann::json::parse(st.getColumn("particulars").getString()), &r); !s.ok()) {
    return Status::Corruption("request " + r.id + ": " + s.message());
  }
  if (auto until = OptionalText(st.getColumn("retention_until"))) {
    Result<Date> d = Date::Parse(*until);
    if (!d.ok()) return Status::Corruption("request " + r.id + ": stored retention_until: " + d.status().message());
    r.retention_until = *d;
  }
  r.legal_hold = st.getColumn("legal_hold").getInt() != 0;
  if (!st.getColumn("disposed_at").isNull()) {
    Result<Timestamp> t = StoredTimestamp(st.getColumn("disposed_at"));
    if (!t.ok()) return t.status();
    r.disposed_at = *t;
  }
  for (auto [field, column] : {std::pair{&r.received_at, "received_at"}, std::pair{&r.created_at, "created_at"},
                               std::pair{&r.updated_at, "updated_at"}}) {
    Result<Timestamp> t = StoredTimestamp(st.getColumn(column));
    if (!t.ok()) return t.status();
    *field = *t;
  }
  return r;
}

ColumnValue ColumnValue::Of(const SQLite::Column& column) {
  if (column.isNull()) return {};
  if (column.isInteger()) return Integer(column.getInt64());
  return Text(column.getString());
}

void ColumnValue::Bind(SQLite::Statement& st, int index) const {
  switch (type) {
    case Type::kNull: st.bind(index); break;
    case Type::kInteger: st.bind(index, integer); break;
    case Type::kText: st.bind(index, text); break;
  }
}

std::vector<std::pair<std::string_view, ColumnValue>> RequestColumnValues(const Request& r, const DueDate& due) {
  // In the order of kRequestColumns.
  return {{"id", Text(r.id)},
          {"type", Text(std::string(Name(r.type)))},
          {"state", Text(std::string(Name(r.state)))},
          {"version", Integer(r.version)},
          {"categories", Text(nlohmann::json(r.categories).dump())},
          {"channel", Text(r.channel)},
          {"disclosure_method", OptionalValue(r.disclosure_method)},
          {"received_at", Text(FormatJst(r.received_at))},
          {"due_date", Text(due.due.ToIso())},
          {"clock_stopped", Integer(due.clock_stopped ? 1 : 0)},
          {"assignee", OptionalValue(r.assignee)},
          {"decided_by", OptionalValue(r.decided_by)},
          {"outcome", OptionalValue(r.outcome ? std::optional<std::string>(Name(*r.outcome)) : std::nullopt)},
          {"resume_state", OptionalValue(r.resume_state ? std::optional<std::string>(std::string(Name(*r.resume_state)))
                                                        : std::nullopt)},
          {"deadline", Text(r.deadline.ToJson().dump())},
          {"idempotency_key", Text(r.idempotency_key)},
          {"created_at", Text(FormatJst(r.created_at))},
          {"updated_at", Text(FormatJst(r.updated_at))},
          {"particulars", Text(ClearParticularsJson(r).dump())},
          {"original_due_date", due.original_due ? Text(due.original_due->ToIso()) : ColumnValue{}},
          {"retention_until", r.retention_until ? Text(r.retention_until->ToIso()) : ColumnValue{}},
          {"legal_hold", Integer(r.legal_hold ? 1 : 0)},
          {"disposed_at", r.disposed_at ? Text(FormatJst(*r.disposed_at)) : ColumnValue{}}};
}

void BindRequest(SQLite::Statement& st, const Request& r, const DueDate& due) {
  for (const auto& [column, value] : RequestColumnValues(r, due)) {
    value.Bind(st, st.getIndex((":" + std::string(column)).c_str()));
  }
}

Result<std::optional<Request>> LoadRequest(SQLite::Database& db, PersonalVault& vault, const std::string& id) {
  StatementCache once(db);
  return LoadRequest(once, vault, id);
}

Result<std::optional<Request>> LoadRequest(StatementCache& statements, PersonalVault& vault, const std::string& id) {
  return WithSqliteErrors("loading a request", [&]() -> Result<std::optional<Request>> {
    StatementCache::Use use = statements.Take(std::string("SELECT ") + kRequestColumns + " FROM requests WHERE id = ?");
    SQLite::Statement& st = *use;
    st.bind(1, id);
    if (!st.executeStep()) return std::optional<Request>();
    Result<Request> row = RequestFromRow(st);
    if (!row.ok()) return row.status();
    Request r = std::move(row).value();
    if (HasSealedParticulars(st.getColumn("particulars").getString())) {
      Result<nlohmann::json> record = OpenPersonalRecord(statements, vault, id);
      if (!record.ok()) return record.status();
      if (Status s = MergeHealthParticulars(record->value("health", nlohmann::json()), &r); !s.ok()) return s;
    }
    return std::optional<Request>(std::move(r));
  });
}

namespace {

// Whether the request was disposed of (store/disposal.h): its sealed parts are gone.
bool IsDisposed(SQLite::Database& db, const std::string& id) {
  SQLite::Statement st(db, "SELECT disposed_at IS NOT NULL FROM requests WHERE id = ?");
  st.bind(1, id);
  return st.executeStep() && st.getColumn(0).getInt() != 0;
}

}  // namespace

Result<std::vector<HistoryEntry>> LoadHistory(SQLite::Database& db, PersonalVault& vault, const std::string& id) {
  return WithSqliteErrors("history", [&]() -> Result<std::vector<HistoryEntry>> {
    const bool disposed = IsDisposed(db, id);
    SQLite::Statement st(db,
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
      // A disposed request's history keeps its clear part only (codes, dates, "withheld").
      Result<std::string> data = disposed ? Result<std::string>(st.getColumn(5).getString())
                                          : WholeHistoryData(db, KeysOf(vault), id, h.version,
                                                             h.event, st.getColumn(5).getString());
      if (!data.ok()) return data.status();
      h.data = nlohmann::json::parse(*data);
      if (!st.getColumn(6).isNull()) h.from_state = ParseState(st.getColumn(6).getString());
      out.push_back(std::move(h));
    }
    if (out.empty()) return Status::NotFound("no request " + id);
    return out;
  });
}

bool HasSealedParticulars(const std::string& particulars) {
  return particulars.find("\"sealed\":true") != std::string::npos;
}

Result<nlohmann::json> OpenPersonalRecord(StatementCache& statements, PersonalVault& vault, const std::string& id) {
  return WithSqliteErrors("personal record", [&]() -> Result<nlohmann::json> {
    {
      StatementCache::Use sealed = statements.Take("SELECT key_id, sealed FROM personal_records WHERE request_id = ?");
      sealed->bind(1, id);
      if (sealed->executeStep()) {
        std::string key_id = sealed->getColumn(0).getString();
        std::string bytes = BlobBytes(sealed->getColumn(1));
        Result<DataKey> key = vault.Key(key_id);
        if (!key.ok()) return key.status();
        Result<std::string> plain = OpenRecord(*key, bytes, PersonalAssociatedData(id, key_id));
        if (!plain.ok()) {
          return Status::Corruption("the personal record of " + id + " does not open: " + plain.status().message());
        }
        return nlohmann::json::parse(*plain);
      }
    }
    // A record of a database made before sealing, until the engine's start
    // seals it (SealLegacyPersonal).
    StatementCache::Use st = statements.Take("SELECT record FROM request_personal WHERE request_id = ?");
    st->bind(1, id);
    if (!st->executeStep()) return Status::NotFound("no request " + id);
    return nlohmann::json::parse(st->getColumn(0).getString());
  });
}

Result<nlohmann::json> LoadPersonal(SQLite::Database& db, PersonalVault& vault, const std::string& id) {
  // Nothing personal is left of a disposed request: an empty record.
  if (Result<bool> disposed = WithSqliteErrors("personal record", [&]() -> Result<bool> { return IsDisposed(db, id); });
      !disposed.ok() || *disposed) {
    if (!disposed.ok()) return disposed.status();
    return nlohmann::json::object();
  }
  StatementCache once(db);
  Result<nlohmann::json> opened = OpenPersonalRecord(once, vault, id);
  if (!opened.ok()) return opened.status();
  nlohmann::json record = std::move(opened).value();
  // The sealed particulars are merged into the request (LoadRequest), not shown as personal fields.
  if (record.is_object()) record.erase("health");
  return record;
}

}  // namespace madoguchi
