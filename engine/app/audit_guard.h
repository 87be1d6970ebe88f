// The audit chain's guard on the server (issue 15, part 1): what every
// process of ours does before it appends to the chain -- the engine at
// start, `madoguchi-engine user ...` -- so that nothing extends a chain that
// was cut, rewritten or put back without an administrator saying so.
//
// 1. The database's chain is checked against the anchor file
//    (DIR/audit.anchor, store/audit_anchor.h): behind it or off it, or the
//    file gone while the chain is keyed, is refused, naming both heads and
//    what an administrator does after a restore made on purpose.
// 2. A chain from before the keyed chain (an older release's database) is
//    keyed: the `audit_keyed` record (store/audit_chain.h).
// 3. The head is written to the anchor file when the file does not name it
//    yet (the first start of an older database makes the file).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include "app/data_dir.h"
#include "util/status.h"
#include "store/personal_vault.h"

namespace madoguchi {

// `vault` holds the folder's data keys (LoadDataKeys). kCorruption when the
// chain is refused; nothing is written then.
Status GuardAuditChain(const DataDir& dir, SQLite::Database& db, PersonalVault& vault);

}  // namespace madoguchi
