// The `madoguchi audit` commands: the tamper-evident audit log (engine
// store/audit_log.h), for auditors and admins. Each takes --engine, --key
// and --timeout and exits as engine_connection.h says.
//
//   madoguchi audit verify [--expect-head N:HASH]... [--anchors FILE] [--json]
//       Walks the keyed chain over audit, history and the access log from
//       record 1 and checks it against the engine's anchor file and the
//       heads given (a head from the daily mail; a file of such lines).
//       Whole: "audit ok: N records, head HASH (...)" (exit 0). Broken:
//       "audit BROKEN at record N (ENTRY, WHAT): MESSAGE" (exit 1). Engine
//       command `audit_verify` {expect_heads, anchors, anchors_name}.
//   madoguchi audit export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE] [--force]
//       The records of those JST dates (inclusive) as CSV: UTF-8 with a BOM,
//       a header row, one row per record (seq, at, actor, role, source,
//       command, target, result, detail, pos, key_id, prev, hash). To standard output without
//       --out. Engine command `audit_export` {from, to}.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddAuditCommands(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
