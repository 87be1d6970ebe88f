// Duplicate and related requests (issue 6, part 5). At intake the store
// looks for the same person's requests of the same type received within a
// window (StoreOptions::duplicate_window_days) and links the new request to
// each of them as a flagged duplicate; staff link and unlink with the events
// link {to, reason, kind} and unlink {to}. Requests are never merged.
//
// The same person is matched by requests.person_key: a keyed blind index
// (store/record_seal.h, BlindIndex "person", under the data key) of the normalised insured symbol,
// insured number, birth date and kana name. The personal fields never leave
// their sealed record (personal_records): not into the requests table,
// history, logs or messages.
//
// All functions run on the caller's connection and throw SQLite::Exception;
// the writer's batch turns that into a Status.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "store/statement_cache.h"

namespace madoguchi {

struct RequestLink {
  std::string other;      // the other request's id
  std::string direction;  // "to": made from this request; "from": made from the other one
  std::string kind;       // "duplicate" or "related"
  bool automatic = false; // flagged at intake
  std::optional<std::string> reason;
  std::string linked_by;
  std::string linked_at;  // RFC 3339, JST
};

// "SYMBOL\x1fNUMBER\x1fBIRTH\x1fKANA" with spaces, hyphens and full-width
// digits and letters folded: what two records of one person share.
std::string NormalisedPerson(const nlohmann::json& requester);
// The folding NormalisedPerson applies to each field (widths, case, spaces
// and hyphens), for the search terms of store/personal_vault.h.
std::string FoldForMatching(const std::string& s);

// At most this many of a person's requests are linked to a new one at intake
// (the most recent): enough to see the pattern, never a flood of links.
inline constexpr int kMaxDuplicateLinks = 10;

// Other requests with `person_key` and `type` received within `window_days`
// (either side) of `received_at`: the kMaxDuplicateLinks most recent, oldest first.
// `person_keys`: the requester's token under each data key
// (store/personal_vault.h, PersonKeyTokens).
std::vector<std::string> SamePersonWithin(SQLite::Database& db, const std::vector<std::string>& person_keys,
                                          const std::string& type, Timestamp received_at, int window_days,
                                          const std::string& except_id);
std::vector<std::string> SamePersonWithin(StatementCache& statements, const std::vector<std::string>& person_keys,
                                          const std::string& type, Timestamp received_at, int window_days,
                                          const std::string& except_id);

// Adds a link from -> to; false when the two are linked already (either way).
bool InsertLink(SQLite::Database& db, const std::string& from, const std::string& to, const std::string& kind,
                bool automatic, const std::optional<std::string>& reason, const std::string& by, Timestamp at);

// Removes the link between a and b, whichever way it was made; false when none.
bool DeleteLink(SQLite::Database& db, const std::string& a, const std::string& b);

bool RequestExists(SQLite::Database& db, const std::string& id);

// A request's links in both directions, oldest first.
std::vector<RequestLink> LinksOf(SQLite::Database& db, const std::string& id);

// SQL condition (on requests r) true when r is flagged as a possible duplicate:
// it has a duplicate link made from it that nobody has unlinked.
extern const char* const kFlaggedDuplicateSql;

}  // namespace madoguchi
