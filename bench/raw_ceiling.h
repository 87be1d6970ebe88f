// SQLite's own ceiling for a write command, measured in the same run as the
// engine: the very rows one real command wrote (in every table, under every
// index of the engine's schema, its audit record included), copied under
// new request ids with INSERT ... SELECT (and, for an advance, the request
// row rewritten with UPDATE), `batch` commands per transaction, in WAL mode
// with synchronous=FULL as the engine runs. No JSON, no schema checks, no
// workflow, no sockets, no sealing: what is left when only the writing
// remains.
#pragma once

#include <string>

namespace madoguchi::bench {

// Intakes per second: copies of every row one intake added.
double RawIntakeCeiling(const std::string& dir, int batch, int total);

// Advances (a `note`) per second: on `total` copies of one request, each
// request row rewritten and every row one note added copied.
double RawAdvanceCeiling(const std::string& dir, int batch, int total);

}  // namespace madoguchi::bench
