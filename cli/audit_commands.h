// The `madoguchi audit` commands: the tamper-evident audit log (engine
// store/audit_log.h), for auditors and admins. Each takes --engine, --key
// and --timeout and exits as engine_connection.h says.
//
//   madoguchi audit verify [--json]
//       Walks the hash chain from record 1. Whole: "audit ok: N records,
//       head HASH" (exit 0). Broken: "audit BROKEN at record N (FIELD):
//       expected X, found Y" (exit 1). Engine command `audit_verify` {}.
//   madoguchi audit export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE] [--force]
//       The records of those JST dates (inclusive) as CSV: UTF-8 with a BOM,
//       a header row, one row per record (seq, at, actor, role, source,
//       command, target, result, prev, hash). To standard output without
//       --out. Engine command `audit_export` {from, to}.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddAuditCommands(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
