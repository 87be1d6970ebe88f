#include "store/credential_store.h"

#include "store/request_rows.h"
#include "store/write_transaction.h"

namespace madoguchi {

Status CredentialStore::Set(const char* column, const char* when_column, const std::string& user,
                            const std::string& value, Timestamp now) {
  return WithSqliteErrors("saving a credential", [&]() -> Status {
    WriteTransaction txn(db_);
    SQLite::Statement exists(db_, "SELECT 1 FROM users WHERE name = ?");
    exists.bind(1, user);
    if (!exists.executeStep()) return Status::NotFound("no user " + user);
    SQLite::Statement st(db_, std::string("INSERT INTO web_credentials(user_name, ") + column + ", " + when_column +
                                  ") VALUES (?, ?, ?) ON CONFLICT(user_name) DO UPDATE SET " + column +
                                  " = excluded." + column + ", " + when_column + " = excluded." + when_column);
    st.bind(1, user);
    st.bind(2, value);
    st.bind(3, FormatJst(now));
    st.exec();
    txn.commit();
    return Status::Ok();
  });
}

Status CredentialStore::SetPasswordHash(const std::string& user, const std::string& hash, Timestamp now) {
  return Set("password_hash", "password_set_at", user, hash, now);
}

Status CredentialStore::SetTokenDigest(const std::string& user, const std::string& sha256_hex, Timestamp now) {
  return Set("token_sha256", "token_set_at", user, sha256_hex, now);
}

Result<std::optional<std::string>> CredentialStore::PasswordHash(const std::string& user) {
  std::optional<std::string> hash;
  Status s = WithSqliteErrors("reading a credential", [&]() -> Status {
    SQLite::Statement st(db_, "SELECT password_hash FROM web_credentials WHERE user_name = ?");
    st.bind(1, user);
    if (st.executeStep() && !st.getColumn(0).isNull()) hash = st.getColumn(0).getString();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return hash;
}

Result<std::optional<std::string>> CredentialStore::UserOfTokenDigest(const std::string& sha256_hex) {
  std::optional<std::string> user;
  Status s = WithSqliteErrors("reading a credential", [&]() -> Status {
    SQLite::Statement st(db_, "SELECT user_name FROM web_credentials WHERE token_sha256 = ?");
    st.bind(1, sha256_hex);
    if (st.executeStep()) user = st.getColumn(0).getString();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return user;
}

}  // namespace madoguchi
