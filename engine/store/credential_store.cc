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

Status CredentialStore::SetTokenDigest(const std::string& user, const std::string& sha256_hex, Timestamp now,
                                      Timestamp expires_at) {
  return WithSqliteErrors("saving a credential", [&]() -> Status {
    WriteTransaction txn(db_);
    SQLite::Statement exists(db_, "SELECT 1 FROM users WHERE name = ?");
    exists.bind(1, user);
    if (!exists.executeStep()) return Status::NotFound("no user " + user);
    SQLite::Statement st(db_,
                         "INSERT INTO web_credentials(user_name, token_sha256, token_set_at, token_expires_at) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT(user_name) DO UPDATE SET token_sha256 = excluded.token_sha256, "
                         "token_set_at = excluded.token_set_at, token_expires_at = excluded.token_expires_at");
    st.bind(1, user);
    st.bind(2, sha256_hex);
    st.bind(3, FormatJst(now));
    st.bind(4, FormatJst(expires_at));
    st.exec();
    txn.commit();
    return Status::Ok();
  });
}

Status CredentialStore::RevokeToken(const std::string& user) {
  return WithSqliteErrors("revoking a token", [&]() -> Status {
    SQLite::Statement exists(db_, "SELECT 1 FROM users WHERE name = ?");
    exists.bind(1, user);
    if (!exists.executeStep()) return Status::NotFound("no user " + user);
    SQLite::Statement st(db_, "UPDATE web_credentials SET token_sha256 = NULL, token_expires_at = NULL WHERE user_name = ?");
    st.bind(1, user);
    st.exec();
    return Status::Ok();
  });
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

Result<std::optional<std::string>> CredentialStore::UserOfTokenDigest(const std::string& sha256_hex, Timestamp now) {
  std::optional<std::string> user;
  Status s = WithSqliteErrors("reading a credential", [&]() -> Status {
    SQLite::Statement st(db_, "SELECT user_name, token_expires_at FROM web_credentials WHERE token_sha256 = ?");
    st.bind(1, sha256_hex);
    if (!st.executeStep()) return Status::Ok();
    // No expiry recorded, or one that does not read: not a token that works.
    Result<Timestamp> expires = st.getColumn(1).isNull() ? Result<Timestamp>(Status::NotFound("no expiry"))
                                                         : ParseTimestamp(st.getColumn(1).getString());
    if (expires.ok() && now < *expires) user = st.getColumn(0).getString();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return user;
}

}  // namespace madoguchi
