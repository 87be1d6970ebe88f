// RequestStore::QueueAuditHeadMail: once a day the audit chain's head goes
// to the auditors (issue 15, part 1), as an outbox message the reminder
// worker turns into mail (mail/audit_head_mail.h): a copy of the head kept
// where whoever could cut the log on the server cannot reach it. The line
// is an anchor line (store/audit_anchor.h): the verifiers take it as it is.
#include "store/audit_anchor.h"
#include "store/request_store.h"
#include "store/user_store.h"

namespace madoguchi {

Result<bool> RequestStore::QueueAuditHeadMail(Timestamp now) {
  if (!broken_.ok()) return broken_;
  return WithSqliteErrors("queueing the audit head mail", [&]() -> Result<bool> {
    // One a day (JST): the outbox's dedup key says whether today's is there.
    const std::string id = "audit-head-" + JstDate(now).ToIso();
    {
      StatementCache::Use queued = statements_.Take("SELECT 1 FROM outbox WHERE dedup_key = ?");
      queued->bind(1, id);
      if (queued->executeStep()) return false;
    }
    SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Result<std::vector<User>> auditors = UserStore(statements_).WithRole(Role::kAuditor);
    if (!auditors.ok()) return auditors.status();
    if (auditors->empty()) return false;
    nlohmann::json to = nlohmann::json::array();
    for (const User& u : *auditors) to.push_back({{"user", u.name}, {"email", u.MailAddress()}, {"role", "auditor"}});
    const ChainHead head = ReadChainHead(*db_);
    PersonalVault& vault = *vault_;
    Result<DataKey> key = head.key_id.empty() ? vault.SealingKey(statements_) : vault.Key(head.key_id);
    if (!key.ok()) return key.status();
    const std::string at = FormatJst(now);
    nlohmann::json message = {{"mail", "audit_head"},
                              {"reminder_id", id},
                              {"count", head.count},
                              {"head", head.hash},
                              {"at", at},
                              {"line", FormatAnchorLine(head, at, *key)},
                              {"to", to}};
    outbox_.Enqueue("", "reminder", id, message, now);
    txn.commit();
    return true;
  });
}

}  // namespace madoguchi
