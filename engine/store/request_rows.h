// How a Request, its history and its personal record sit in SQLite: the
// row mapping and the single-request reads, shared by the writer
// (RequestStore) and the readers (RequestReader), each on its own connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/deadline.h"
#include "core/request.h"
#include "util/status.h"
#include "store/personal_vault.h"
#include "store/statement_cache.h"

namespace madoguchi {

struct HistoryEntry {
  int64_t version = 0;
  Timestamp at{};
  std::string actor;
  Role role = Role::kClerk;
  std::string event;  // wire name ("intake", "decide", ...), as stored
  bool Is(Event e) const { return event == Name(e); }
  nlohmann::json data;
  std::optional<State> from_state;  // empty for intake
  State to_state = State::kReceived;
};

// The columns of `requests`, in the order RequestFromRow reads them by name.
extern const char* const kRequestColumns;

// A Request from the current row of a statement that selected kRequestColumns.
Result<Request> RequestFromRow(SQLite::Statement& st);

// A column's value as a row holds it, or as BindRequest writes it.
struct ColumnValue {
  enum class Type { kNull, kInteger, kText };
  Type type = Type::kNull;
  int64_t integer = 0;
  std::string text;

  static ColumnValue Of(const SQLite::Column& column);
  void Bind(SQLite::Statement& st, int index) const;
  bool operator==(const ColumnValue& other) const = default;
};

// The value of each column of kRequestColumns for `r`, in that order.
std::vector<std::pair<std::string_view, ColumnValue>> RequestColumnValues(const Request& r, const DueDate& due);

// Binds :id, :type, ... (every column of kRequestColumns) for an INSERT or UPDATE.
void BindRequest(SQLite::Statement& st, const Request& r, const DueDate& due);

// Single-request reads. Load* give nullopt for an unknown id; the others NotFound.
// Each opens what is sealed (particulars, history data, the personal record)
// with `vault`'s keys.
Result<std::optional<Request>> LoadRequest(SQLite::Database& db, PersonalVault& vault, const std::string& id);
Result<std::optional<Request>> LoadRequest(StatementCache& statements, PersonalVault& vault, const std::string& id);
Result<std::vector<HistoryEntry>> LoadHistory(SQLite::Database& db, PersonalVault& vault, const std::string& id);
// Single-request loads give the request with its sealed particulars merged
// in (core/sealed_fields.h), and history with each event's whole data (its
// sealed part opened, store/history_seal.h): whoever shows them decides what
// of it the caller may see (commands/request_views.h).
// The personal record of a request without its "health" part (that is in the request).
Result<nlohmann::json> LoadPersonal(SQLite::Database& db, PersonalVault& vault, const std::string& id);
// The whole sealed personal record, "health" (the sealed particulars) included.
Result<nlohmann::json> OpenPersonalRecord(StatementCache& statements, PersonalVault& vault, const std::string& id);
// True when a requests.particulars text is a clear part whose rest is sealed.
bool HasSealedParticulars(const std::string& particulars);

// Runs `body`, turning SQLite and JSON exceptions into a Status.
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

}  // namespace madoguchi
