// ParseBoundedJson: JSON from outside the engine, parsed with its nesting
// bounded before the tree is built.
//
// nlohmann/json parses and destroys iteratively, but copying, comparing,
// dumping and every schema check walk a value recursively, one stack frame
// per level: a 30 KB message of 10,000 nested arrays parses fine and then
// overflows the stack of whatever touches it next. So every document that
// arrives from a client, a worker or a browser is parsed here, and a document
// nested deeper than the limit is refused while it is being read: no level
// past the limit is ever allocated.
//
// Invariant: a value this function returns nests at most `max_depth` arrays
// and objects deep, so any recursive walk over it (or over a part of it) is
// at most that deep.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

// Deep enough for every schema of schemas/ (the deepest, a request record
// inside an intake command inside the envelope, is 5 levels), with room.
inline constexpr int kMaxJsonDepth = 64;

// The document in `text` (UTF-8, one JSON value, nothing after it).
// InvalidArgument, naming the limit, when arrays and objects nest deeper than
// `max_depth`; InvalidArgument with the parser's message when it is not JSON
// (including a number beyond a double's range). Never throws.
Result<nlohmann::json> ParseBoundedJson(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace madoguchi
