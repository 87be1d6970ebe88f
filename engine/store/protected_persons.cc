#include "store/protected_persons.h"

#include "store/sql_placeholders.h"

namespace madoguchi {

Status AddProtectedPerson(SQLite::Database& db, const std::string& token, const std::string& by, Timestamp at) {
  SQLite::Statement st(db, "INSERT OR IGNORE INTO protected_persons(token, added_by, added_at) VALUES (?, ?, ?)");
  st.bind(1, token);
  st.bind(2, by);
  st.bind(3, FormatJst(at));
  if (st.exec() == 0) return Status::Conflict("the person is already on the list of protected persons");
  return Status::Ok();
}

Status RemoveProtectedPerson(SQLite::Database& db, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return Status::NotFound("the person is not on the list of protected persons");
  SQLite::Statement st(db, "DELETE FROM protected_persons WHERE token IN (" + SqlPlaceholders(tokens.size()) + ")");
  for (size_t i = 0; i < tokens.size(); ++i) st.bind(static_cast<int>(i + 1), tokens[i]);
  if (st.exec() == 0) return Status::NotFound("the person is not on the list of protected persons");
  return Status::Ok();
}

bool IsProtectedPerson(SQLite::Database& db, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return false;
  SQLite::Statement st(db, "SELECT 1 FROM protected_persons WHERE token IN (" + SqlPlaceholders(tokens.size()) + ")");
  for (size_t i = 0; i < tokens.size(); ++i) st.bind(static_cast<int>(i + 1), tokens[i]);
  return st.executeStep();
}

std::vector<ProtectedEntry> ProtectedPersons(SQLite::Database& db) {
  SQLite::Statement st(db, "SELECT id, added_by, added_at FROM protected_persons ORDER BY id");
  std::vector<ProtectedEntry> out;
  while (st.executeStep()) out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString()});
  return out;
}

}  // namespace madoguchi
