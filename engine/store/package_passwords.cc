// The passwords of electronic disclosures' packages (issue 17), sealed in
// disclosure_passwords until their letter is recorded (store/disclosure_package.h).
#include "store/database.h"
#include "store/disclosure_package.h"
#include "store/personal_vault.h"
#include "store/record_seal.h"

namespace madoguchi {

namespace {

std::string PasswordAssociatedData(const std::string& letter_id, const std::string& key_id) {
  return "madoguchi package password\x1f" + letter_id + '\x1f' + key_id;
}

}  // namespace

void KeepPackagePassword(StatementCache& statements, const DataKey& key, const std::string& letter_id,
                         const std::string& request_id, const std::string& password) {
  StatementCache::Use insert = statements.Take(
      "INSERT INTO disclosure_passwords (letter_id, request_id, key_id, sealed) VALUES (?, ?, ?, ?)");
  const std::string sealed = SealRecord(key, password, PasswordAssociatedData(letter_id, key.id));
  insert->bind(1, letter_id);
  insert->bind(2, request_id);
  insert->bind(3, key.id);
  insert->bind(4, sealed.data(), static_cast<int>(sealed.size()));
  insert->exec();
  insert->reset();
}


Result<std::optional<std::string>> PackagePasswordFor(SQLite::Database& db, PersonalVault& vault,
                                                      const std::string& letter_id) {
  SQLite::Statement st(db, "SELECT key_id, sealed FROM disclosure_passwords WHERE letter_id = ?");
  st.bind(1, letter_id);
  if (!st.executeStep()) return std::optional<std::string>();
  const std::string key_id = st.getColumn(0).getString();
  const std::string sealed = BlobBytes(st.getColumn(1));
  Result<DataKey> key = vault.Key(key_id);
  if (!key.ok()) return key.status();
  Result<std::string> password = OpenRecord(*key, sealed, PasswordAssociatedData(letter_id, key_id));
  if (!password.ok()) return password.status();
  return std::optional<std::string>(std::move(password).value());
}

void ForgetPackagePassword(StatementCache& statements, const std::string& letter_id) {
  StatementCache::Use del = statements.Take("DELETE FROM disclosure_passwords WHERE letter_id = ?");
  del->bind(1, letter_id);
  del->exec();
  del->reset();
}

}  // namespace madoguchi
