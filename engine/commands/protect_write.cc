// RequestWriter::ApplyProtect: a manager adds a person to, or removes them
// from, the list of people under a 支援措置 (store/protected_persons.h). The
// person comes as the four fields the person key is made of and is kept only
// as that key; nothing of them reaches history or the audit log (the
// command has no id, so its audit target is empty).
//
// Adding a person also flags their open requests (Request::protected_person),
// so that a request taken in before the person was listed is decided and
// written as carefully as one taken in after. Removing a person leaves the
// flags of their requests as they are: a request once handled as protected
// stays so to its end.
#include "commands/request_writer.h"
#include "store/personal_vault.h"
#include "store/protected_persons.h"
#include "store/request_rows.h"


namespace madoguchi {

namespace {

// The open requests of the person whose tokens are `keys`.
std::vector<std::string> OpenRequestsOf(SQLite::Database& db, const std::vector<std::string>& keys) {
  std::string in;
  for (size_t i = 0; i < keys.size(); ++i) in += i ? ", ?" : "?";
  SQLite::Statement st(db, "SELECT id FROM requests WHERE person_key IN (" + in + ") AND state NOT IN ('" +
                               std::string(Name(State::kClosed)) + "', '" + std::string(Name(State::kWithdrawn)) +
                               "') ORDER BY id");
  for (size_t i = 0; i < keys.size(); ++i) st.bind(static_cast<int>(i + 1), keys[i]);
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

}  // namespace

WriteResult RequestWriter::ApplyProtect(const WriteCommand& c, Timestamp now) {
  PersonalVault& vault = *vault_;
  Result<DataKey> key = vault.SealingKey(statements_);
  if (!key.ok()) return {key.status(), {}, false, nullptr};
  const std::vector<std::string> keys = PersonKeyTokens(vault, c.record);
  WriteResult out;
  if (c.action == "remove") {
    out.status = RemoveProtectedPerson(store_->db(), keys);
    if (out.status.ok()) out.reply = {{"action", c.action}, {"done", true}};
    return out;
  }
  if (c.action != "add") {
    out.status = Status::InvalidArgument("no protect action '" + c.action + "'");
    return out;
  }
  // Listed already, under this key or an older one: nothing to add.
  const bool already = IsProtectedPerson(store_->db(), keys);
  if (!already) {
    if (Status s = AddProtectedPerson(store_->db(), PersonKeyToken(*key, c.record), c.actor.user, now); !s.ok()) {
      return {s, {}, false, nullptr};
    }
  }
  nlohmann::json flagged = nlohmann::json::array();
  for (const std::string& id : OpenRequestsOf(store_->db(), keys)) {
    Result<std::optional<Request>> loaded = LoadRequest(statements_, *vault_, id);
    if (!loaded.ok()) return {loaded.status(), {}, false, nullptr};
    std::optional<Request> r = std::move(loaded).value();
    if (!r || r->protected_person) continue;
    r->protected_person = true;
    store_->Update(*r, JstDate(now));
    flagged.push_back(id);
  }
  // Adding a listed person again changes nothing and says so.
  out.reply = {{"action", c.action}, {"done", true}, {"already_listed", already}, {"flagged", flagged}};
  return out;
}

}  // namespace madoguchi
