#include "store/user_store.h"

#include "store/request_rows.h"
#include "store/write_transaction.h"

#include <algorithm>

namespace madoguchi {

namespace {

constexpr const char* kUserColumns =
    "name, role, public_key, disabled, created_at, email, worker_kinds, personal_granted_by, personal_granted_at";

constexpr std::string_view kWorkerKinds[] = {"letter", "reminder"};

std::vector<std::string> SplitKinds(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (comma > start) out.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string JoinKinds(const std::vector<std::string>& kinds) {
  std::string out;
  for (const auto& k : kinds) out += (out.empty() ? "" : ",") + k;
  return out;
}

Result<User> UserFromRow(SQLite::Statement& st) {
  User u;
  u.name = st.getColumn(0).getString();
  auto role = ParseRole(st.getColumn(1).getString());
  if (!role) return Status::Corruption("user " + u.name + " has an unknown role");
  u.role = *role;
  u.public_key = st.getColumn(2).getString();
  u.disabled = st.getColumn(3).getInt() != 0;
  Result<Timestamp> at = ParseTimestamp(st.getColumn(4).getString());
  if (!at.ok()) return Status::Corruption("user " + u.name + ": " + at.status().message());
  u.created_at = *at;
  if (!st.getColumn(5).isNull()) u.email = st.getColumn(5).getString();
  u.kinds = SplitKinds(st.getColumn(6).getString());
  if (!st.getColumn(7).isNull()) u.personal_granted_by = st.getColumn(7).getString();
  if (!st.getColumn(8).isNull()) u.personal_granted_at = st.getColumn(8).getString();
  return u;
}

}  // namespace

std::span<const std::string_view> WorkerKinds() { return kWorkerKinds; }

Result<std::vector<std::string>> ParseWorkerKinds(const std::string& list) {
  std::vector<std::string> kinds = SplitKinds(list);
  if (kinds.empty()) return Status::InvalidArgument("a worker needs its kinds: letter, reminder or letter,reminder");
  for (const auto& k : kinds) {
    if (std::find(std::begin(kWorkerKinds), std::end(kWorkerKinds), k) == std::end(kWorkerKinds)) {
      return Status::InvalidArgument("no outbox kind '" + k + "'; the kinds are letter and reminder");
    }
  }
  return kinds;
}

bool IsValidUserName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return name != "." && name != "..";
}

Status UserStore::Add(const User& user) {
  if (!IsValidUserName(user.name)) {
    return Status::InvalidArgument("'" + user.name + "' is not a user name (1-64 of A-Z a-z 0-9 . _ -)");
  }
  return WithSqliteErrors("adding a user", [&]() -> Status {
    WriteTransaction txn(sql_.db());
    StatementCache::Use exists_use = sql_.Take("SELECT name FROM users WHERE name = ? OR public_key = ?");
    SQLite::Statement& exists = *exists_use;
    exists.bind(1, user.name);
    exists.bind(2, user.public_key);
    if (exists.executeStep()) {
      return Status::Conflict(exists.getColumn(0).getString() == user.name
                                  ? "user " + user.name + " exists already"
                                  : "that key belongs to user " + exists.getColumn(0).getString());
    }
    StatementCache::Use st_use = sql_.Take(
        "INSERT INTO users(name, role, public_key, created_at, email, worker_kinds) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    SQLite::Statement& st = *st_use;
    st.bind(1, user.name);
    st.bind(2, std::string(Name(user.role)));
    st.bind(3, user.public_key);
    st.bind(4, FormatJst(user.created_at));
    if (user.email.empty()) {
      st.bind(5);
    } else {
      st.bind(5, user.email);
    }
    st.bind(6, JoinKinds(user.kinds));
    st.exec();
    txn.commit();
    return Status::Ok();
  });
}

Status UserStore::Disable(const std::string& name, Timestamp now) {
  return WithSqliteErrors("disabling a user", [&]() -> Status {
    StatementCache::Use st_use = sql_.Take(
        "UPDATE users SET disabled = 1, disabled_at = coalesce(disabled_at, ?) WHERE name = ?");
    SQLite::Statement& st = *st_use;
    st.bind(1, FormatJst(now));
    st.bind(2, name);
    if (st.exec() == 0) return Status::NotFound("no user " + name);
    return Status::Ok();
  });
}

Status UserStore::SetRole(const std::string& name, Role role) {
  Result<std::optional<User>> user = FindByName(name);
  if (!user.ok()) return user.status();
  if (!user->has_value()) return Status::NotFound("no user " + name);
  if (((*user)->role == Role::kWorker) != (role == Role::kWorker)) {
    return Status::InvalidArgument("a worker stays a worker and staff stay staff; add a new user instead");
  }
  return WithSqliteErrors("changing a user's role", [&]() -> Status {
    StatementCache::Use st_use = sql_.Take(
        "UPDATE users SET role = ?, personal_granted_by = NULL, personal_granted_at = NULL WHERE name = ?");
    SQLite::Statement& st = *st_use;
    st.bind(1, std::string(Name(role)));
    st.bind(2, name);
    st.exec();
    return Status::Ok();
  });
}

Status UserStore::Enable(const std::string& name) {
  return WithSqliteErrors("enabling a user", [&]() -> Status {
    StatementCache::Use st_use = sql_.Take("UPDATE users SET disabled = 0, disabled_at = NULL WHERE name = ?");
    SQLite::Statement& st = *st_use;
    st.bind(1, name);
    if (st.exec() == 0) return Status::NotFound("no user " + name);
    return Status::Ok();
  });
}

Status UserStore::SetPersonalGrant(const std::string& name, const std::string& by, Timestamp now) {
  Result<std::optional<User>> user = FindByName(name);
  if (!user.ok()) return user.status();
  if (!user->has_value()) return Status::NotFound("no user " + name);
  if ((*user)->role != Role::kAuditor) {
    return Status::InvalidArgument(name + " is a " + std::string(Name((*user)->role)) +
                                   "; only auditors are granted personal-data access (the other roles' reach is "
                                   "fixed by the policy table)");
  }
  return WithSqliteErrors("granting or revoking personal-data access", [&]() -> Status {
    StatementCache::Use st_use =
        sql_.Take(by.empty() ? "UPDATE users SET personal_granted_by = NULL, personal_granted_at = NULL WHERE name = ?"
                             : "UPDATE users SET personal_granted_by = ?, personal_granted_at = ? WHERE name = ?");
    SQLite::Statement& st = *st_use;
    if (by.empty()) {
      st.bind(1, name);
    } else {
      st.bind(1, by);
      st.bind(2, FormatJst(now));
      st.bind(3, name);
    }
    st.exec();
    return Status::Ok();
  });
}

Result<std::optional<User>> UserStore::FindByName(const std::string& name) { return FindOne("name", name); }

Result<std::optional<User>> UserStore::FindByKey(const std::string& public_key) {
  return FindOne("public_key", public_key);
}

Result<std::optional<User>> UserStore::FindOne(const char* column, const std::string& value) {
  return WithSqliteErrors("finding a user", [&]() -> Result<std::optional<User>> {
    StatementCache::Use st_use = sql_.Take(
        std::string("SELECT ") + kUserColumns + " FROM users WHERE " + column + " = ?");
    SQLite::Statement& st = *st_use;
    st.bind(1, value);
    if (!st.executeStep()) return std::optional<User>();
    Result<User> u = UserFromRow(st);
    if (!u.ok()) return u.status();
    return std::optional<User>(std::move(u).value());
  });
}

Result<std::vector<User>> UserStore::All() { return Select("1", ""); }

Result<std::vector<User>> UserStore::WithRole(Role role) {
  return Select("role = ? AND disabled = 0", std::string(Name(role)));
}

Result<std::vector<User>> UserStore::Select(const char* where, const std::string& value) {
  return WithSqliteErrors("listing users", [&]() -> Result<std::vector<User>> {
    StatementCache::Use st_use = sql_.Take(
        std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where + " ORDER BY name");
    SQLite::Statement& st = *st_use;
    if (!value.empty()) st.bind(1, value);
    std::vector<User> out;
    while (st.executeStep()) {
      Result<User> u = UserFromRow(st);
      if (!u.ok()) return u.status();
      out.push_back(std::move(u).value());
    }
    return out;
  });
}

}  // namespace madoguchi
