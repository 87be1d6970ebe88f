#include "store/personal_access.h"

#include <algorithm>

namespace madoguchi {

std::vector<std::string> AccessChainFields(const PersonalAccess& r) {
  return {r.at, r.actor, r.role, r.source, r.request_id, r.what};
}

void AppendPersonalAccess(StatementCache& sql, ChainAppender& chain, const std::vector<PersonalAccess>& rows) {
  if (rows.empty()) return;
  StatementCache::Use ins = sql.Take(
      "INSERT INTO personal_access (at, actor, role, source, request_id, what, pos, key_id, prev, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const PersonalAccess& r : rows) {
    ChainLink link = chain.Next(ChainKind::kAccess, AccessChainFields(r));
    ins->bind(1, r.at);
    ins->bind(2, r.actor);
    ins->bind(3, r.role);
    ins->bind(4, r.source);
    ins->bind(5, r.request_id);
    ins->bind(6, r.what);
    ins->bind(7, link.pos);
    ins->bind(8, link.key_id);
    ins->bind(9, link.prev);
    ins->bind(10, link.hash);
    ins->exec();
    ins->reset();
  }
}

Result<std::vector<PersonalAccess>> PersonalAccessFor(SQLite::Database& db, const std::string& request_id,
                                                      int limit) {
  try {
    SQLite::Statement q(db,
                        "SELECT at, actor, role, source, request_id, what FROM personal_access "
                        "WHERE request_id = ? ORDER BY seq DESC LIMIT ?");
    q.bind(1, request_id);
    q.bind(2, limit);
    std::vector<PersonalAccess> out;
    while (q.executeStep()) {
      out.push_back(PersonalAccess{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                                   q.getColumn(3).getString(), q.getColumn(4).getString(),
                                   q.getColumn(5).getString()});
    }
    std::reverse(out.begin(), out.end());
    return out;
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("reading the access log: ") + e.what());
  }
}

}  // namespace madoguchi
