// PersonalAccess: the access log of personal data (issue 7, part 3). One row
// each time someone was shown a request's personal data: a `show` that
// returned its personal fields, a list entry that carried its full name, a
// letter PDF downloaded, a letter job's context given to a worker. Who (actor,
// role), from where (source: curve, worker, web), when (JST), which request,
// what -- never the data itself.
//
// Rows are only appended (triggers refuse UPDATE, DELETE and an INSERT
// where a row already is), each an entry of the keyed chain over audit,
// history and this log (store/audit_chain.h), so a deleted or edited row is
// found by `audit verify`. They are appended by the engine's writer thread,
// which takes them from the same queue as the audit records of reads
// (server/audit_sink.h), so a read is answered without waiting for a commit
// and nothing queued is lost at a clean stop.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/status.h"
#include "store/audit_chain.h"
#include "store/statement_cache.h"

namespace madoguchi {

// What was seen (the `what` column).
inline constexpr const char* kAccessShow = "show";
inline constexpr const char* kAccessList = "list";
inline constexpr const char* kAccessLetter = "letter";
inline constexpr const char* kAccessLetterContext = "letter_context";
inline constexpr const char* kAccessDisclosure = "disclosure_export";  // a disclosed file or package exported
inline constexpr const char* kAccessPreview = "preview";  // a letter's text shown before its event (preview)
// A provision ledger record shown (provision_list; the row's request_id is "P" + the record's id).
inline constexpr const char* kAccessProvision = "provision";
// The person's ledger records offered by `show` on a 33(5) request.
inline constexpr const char* kAccessProvisionRecords = "provision_records";

struct PersonalAccess {
  std::string at;          // FormatJst
  std::string actor;
  std::string role;
  std::string source;      // "curve", "worker", "web"
  std::string request_id;
  std::string what;        // kAccessShow, ...
};

// The fields of a row the chain's MAC covers: at, actor, role, source,
// request_id, what.
std::vector<std::string> AccessChainFields(const PersonalAccess& r);

// Appends `rows` in order as entries of `chain`, inside its transaction.
// Throws SQLite::Exception.
void AppendPersonalAccess(StatementCache& sql, ChainAppender& chain, const std::vector<PersonalAccess>& rows);

// The request's last `limit` rows, oldest first.
Result<std::vector<PersonalAccess>> PersonalAccessFor(SQLite::Database& db, const std::string& request_id, int limit);

}  // namespace madoguchi
