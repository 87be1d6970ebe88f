// `madoguchi-engine audit-verify --data DIR [--key-file F] [--expect-head
// N:HASH]... [--anchors FILE]...`: walks the whole audit chain of a data
// folder's database without an engine (a restored copy, or a folder whose
// engine is stopped) and checks it against the folder's anchor file
// (DIR/audit.anchor) and the heads given, printing the same verdict as
// `madoguchi audit verify` (store/audit_chain_verify.h): "audit ok: N
// records, head H (...)" (exit 0) or "audit BROKEN at record N (...): ..."
// (exit 1). The chain is keyed: it needs the data key file (the folder's,
// or --key-file). It opens the database read-only in one read transaction
// and takes no lock, so it may also run beside a serving engine.
#pragma once

#include <string>
#include <vector>

namespace madoguchi {

struct AuditVerifyOptions {
  std::string data;
  std::string key_file;                   // "" for the folder's data_key_file
  std::vector<std::string> expect_heads;  // N:HASH
  std::vector<std::string> anchors;       // files of anchor lines
};

int RunAuditVerify(const AuditVerifyOptions& options);

}  // namespace madoguchi
