// AuditAnchor: the heads of the audit chain (store/audit_chain.h) the engine
// appended, kept outside the database in an append-only file (DATA/audit.anchor,
// mode 0600), so that a database cut back, re-chained or swapped for an older
// copy -- each a consistent chain in itself -- is found when the engine starts.
//
// One line per head, appended and fsynced after each commit that moved the
// chain (by the engine's writer, and by `madoguchi-engine user ...` on the
// server):
//
//   N HASH TIME KEYID MAC          entry N had HASH at TIME (JST)
//   N HASH TIME KEYID MAC accept   an administrator accepted the database's
//                                  head N HASH (after putting back a backup):
//                                  the lines before it no longer bind
//
// MAC is ChainMac over "anchor N HASH TIME KIND" (KIND "head" or "accept")
// under the data key KEYID: a line someone wrote without the key file is
// refused, so an `accept` cannot be forged by whoever can only append to the
// file. The daily head mail to the auditors carries the same line, and the
// verifiers take a file of such lines (`--anchors FILE`).
//
// Invariants:
// - A line is written only after the head it names was committed: the
//   database may be ahead of the file (a crash between the two), never
//   behind it while nobody tampered.
// - Lines are only appended (O_APPEND, one write each, then fdatasync).
//   Lines of two processes may interleave out of order: the binding head is
//   the highest N after the last `accept`, not the last line.
// - A last line without its newline (a crash mid-write) is ignored, and the
//   next append starts a new line.
//
// What it defends against, and what not: docs/audit.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/jst_time.h"
#include "util/status.h"
#include "store/audit_chain.h"
#include "store/audit_chain_verify.h"

namespace madoguchi {

struct AnchorLine {
  int64_t n = 0;
  std::string hash;
  std::string at;      // FormatJst
  std::string key_id;
  std::string mac;
  bool accept = false;
  int line_no = 0;     // 1-based, in its file
};

// The line for `head` (no newline), MAC'd under `key`.
std::string FormatAnchorLine(const ChainHead& head, const std::string& at, const DataKey& key, bool accept = false);

// One line parsed and its MAC checked. InvalidArgument for a line that is not
// one, Corruption for a MAC that does not hold or a key not in `keys`.
Result<AnchorLine> ParseAnchorLine(std::string_view text, const ChainKeys& keys);

// Every line of `text` (blank lines and lines starting with '#' are skipped:
// an auditor's file of mailed heads may carry notes), numbered from 1; an
// unterminated last line is ignored. The first bad line is the error, naming
// `name` and its number.
Result<std::vector<AnchorLine>> ParseAnchorLines(std::string_view text, const std::string& name, const ChainKeys& keys);

// The file at `path`: its lines, or NotFound when there is no file.
Result<std::vector<AnchorLine>> ReadAnchorFile(const std::string& path, const ChainKeys& keys);

// The lines that bind: those from the last `accept` on.
std::vector<AnchorLine> BindingLines(const std::vector<AnchorLine>& lines);

// The binding lines as heads for VerifyChain, each naming `name` and its line.
std::vector<ChainExpectation> AnchorExpectations(const std::vector<AnchorLine>& lines, const std::string& name);

// Appends the line for `head` to `path` (created 0600 if missing) and syncs
// it (and the folder, when the file was created).
Status AppendAnchor(const std::string& path, const ChainHead& head, const DataKey& key, Timestamp now,
                    bool accept = false);

// The check at start, before anything is appended: the database's chain must
// reach the highest binding head of the file and hold its hash there.
// Refuses (kCorruption) a database behind or off it -- naming both heads and
// how an administrator proceeds after a restore on purpose -- and a missing
// file when the database holds keyed entries (a database that never had an
// anchor, made before the chain was keyed, passes). Throws nothing.
Status CheckAnchor(SQLite::Database& db, const std::string& path, const ChainKeys& keys, const std::string& data_dir);

}  // namespace madoguchi
