// ProtectedPersons: the list managers keep of people under a 支援措置 (DV,
// stalking or abuse victims whose address must not reach whoever asks about
// them). A person is kept as the keyed person tokens the duplicate check uses
// (personal_vault.h, PersonKeyTokens: insured symbol and number, birth date,
// kana), never in clear; intake flags a request whose person is on the list
// (Request::protected_person), which then needs a manager's approval whatever
// its outcome, and whose letters print no address but the addressee's own.
#pragma once

#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "util/status.h"

namespace madoguchi {

struct ProtectedEntry {
  int64_t id = 0;
  std::string added_by;
  std::string added_at;  // RFC 3339, JST
};

// Adds the person `token` stands for (PersonKeyTokens(...).back()); Conflict when already listed.
Status AddProtectedPerson(SQLite::Database& db, const std::string& token, const std::string& by, Timestamp at);
// Removes the person whose tokens are `tokens` (any key generation); NotFound when not listed.
Status RemoveProtectedPerson(SQLite::Database& db, const std::vector<std::string>& tokens);
// True when any of `tokens` is listed.
bool IsProtectedPerson(SQLite::Database& db, const std::vector<std::string>& tokens);
// The list, oldest first: who added each and when, nothing of the person.
std::vector<ProtectedEntry> ProtectedPersons(SQLite::Database& db);

}  // namespace madoguchi
