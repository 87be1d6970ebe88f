#include "store/idempotency_keys.h"

#include "store/record_seal.h"

namespace madoguchi {

KeyedDigest DigestOf(const DataKey& key, std::string_view kind, const nlohmann::json& identity) {
  return {key.id, BlindIndex(key, kind, identity.dump())};
}

Result<bool> SameIdentity(PersonalVault& vault, const KeyedDigest& stored, std::string_view kind,
                          const nlohmann::json& identity) {
  Result<DataKey> key = vault.Key(stored.key_id);
  if (!key.ok()) return key.status();
  return DigestOf(*key, kind, identity).digest == stored.digest;
}

Status KeyUsedForAnother(const std::string& key, const std::string& request_id, std::string_view what) {
  return Status::Conflict("idempotency key '" + key + "' was used for request " + request_id + " with another " +
                          std::string(what) + "; nothing was done. A new " + std::string(what) +
                          " needs a new key; the same one sent again gets the first result");
}

std::optional<IntakeKey> FindIntakeKey(StatementCache& statements, const std::string& key) {
  StatementCache::Use st = statements.Take(
      "SELECT id, intake_digest, intake_digest_key FROM requests WHERE idempotency_key = ?");
  st->bind(1, key);
  if (!st->executeStep()) return std::nullopt;
  IntakeKey out{st->getColumn(0).getString(), std::nullopt};
  if (!st->getColumn(1).isNull()) out.digest = KeyedDigest{st->getColumn(2).getString(), st->getColumn(1).getString()};
  return out;
}

void SaveIntakeDigest(StatementCache& statements, const std::string& request_id, const KeyedDigest& digest) {
  StatementCache::Use st = statements.Take("UPDATE requests SET intake_digest = ?, intake_digest_key = ? WHERE id = ?");
  st->bind(1, digest.digest);
  st->bind(2, digest.key_id);
  st->bind(3, request_id);
  st->exec();
}

Result<std::optional<AdvanceKey>> FindAdvanceKey(StatementCache& statements, const std::string& key) {
  StatementCache::Use st = statements.Take(
      "SELECT request_id, key_id, digest, version, state FROM advance_keys WHERE idempotency_key = ?");
  st->bind(1, key);
  if (!st->executeStep()) return std::optional<AdvanceKey>();
  std::optional<State> state = ParseState(st->getColumn(4).getString());
  if (!state) return Status::Corruption("advance_keys: '" + st->getColumn(4).getString() + "' is not a state");
  return std::optional<AdvanceKey>(AdvanceKey{st->getColumn(0).getString(),
                                              {st->getColumn(1).getString(), st->getColumn(2).getString()},
                                              st->getColumn(3).getInt64(), *state});
}

void SaveAdvanceKey(StatementCache& statements, const std::string& key, const AdvanceKey& advance, Timestamp now) {
  StatementCache::Use st = statements.Take(
      "INSERT INTO advance_keys (idempotency_key, request_id, key_id, digest, version, state, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  st->bind(1, key);
  st->bind(2, advance.request_id);
  st->bind(3, advance.digest.key_id);
  st->bind(4, advance.digest.digest);
  st->bind(5, advance.version);
  st->bind(6, std::string(Name(advance.state)));
  st->bind(7, FormatJst(now));
  st->exec();
}

}  // namespace madoguchi
