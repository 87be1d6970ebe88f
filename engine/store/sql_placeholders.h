// "?, ?, ?": the placeholders of an SQL `IN (...)` list of `n` bound values
// (each value is bound, never spliced into the statement's text).
#pragma once

#include <cstddef>
#include <string>

namespace madoguchi {

inline std::string SqlPlaceholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace madoguchi
