// `madoguchi-engine audit-anchor --data DIR --accept N:HASH --reason TEXT`:
// the way on after a database was put back from a backup on purpose (or the
// anchor file was lost), when the engine refuses to start because the
// database's audit chain is behind or off its anchor (store/audit_anchor.h).
//
// It takes the folder's lock (the engine must not run), checks the whole
// chain (store/audit_chain_verify.h, without the anchor: that is what is
// being replaced) and that N:HASH is the database's head -- the administrator
// accepts what the refusal named, nothing else -- then appends the audit
// record `audit_anchor_accept` (actor server:LOGIN; detail: the head the
// anchor had, the head accepted, the reason) and an `accept` line with the
// new head to the anchor file. The earlier lines stay in the file: they are
// the evidence of what the database held before.
#pragma once

#include <string>

namespace madoguchi {

struct AuditAnchorOptions {
  std::string data;
  std::string accept;  // N:HASH
  std::string reason;
};

// Exit status: 0 accepted, 1 refused (the reason on standard error).
int RunAuditAnchorAccept(const AuditAnchorOptions& options);

}  // namespace madoguchi
