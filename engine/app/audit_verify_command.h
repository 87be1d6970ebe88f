// `madoguchi-engine audit-verify --data DIR`: walks the whole audit chain of
// a data folder's database without an engine (a restored copy, or a folder
// whose engine is stopped), and prints the same verdict as
// `madoguchi audit verify`: "audit ok: N records, head H" (exit 0) or
// "audit BROKEN at record N (field): expected X, found Y" (exit 1).
// It opens the database read-only and takes no lock, so it may also run
// beside a serving engine (it then sees the chain as of one snapshot).
#pragma once

#include <string>

namespace madoguchi {

int RunAuditVerify(const std::string& data_dir);

}  // namespace madoguchi
