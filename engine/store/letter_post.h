// Letters by post (issue 6, part 6): letter_posted {n, method, tracking} and
// letter_returned {n, reason} are history events on the request; this reads
// them back for managers. A returned letter stays on the list until the same
// letter is posted again (a later letter_posted for that n).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

namespace madoguchi {

// {"count": N, "items": [{request_id, n, reason, note?, returned_on?, at, by}]},
// newest first, at most `limit` items. Throws SQLite::Exception.
nlohmann::json ReturnedLetters(SQLite::Database& db, int limit);

// {"count": N, "items": [{id, type, state, duplicate_of: [ids]}]}: requests
// flagged as possible duplicates, newest first, at most `limit`. Throws.
nlohmann::json FlaggedDuplicates(SQLite::Database& db, int limit);

}  // namespace madoguchi
