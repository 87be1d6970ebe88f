// Migrations: the schema of the database, as numbered steps. Step N moves a
// database from PRAGMA user_version N-1 to N inside one transaction, so a
// crash mid-migration leaves the database at N-1. Steps are never edited once
// released; a change to the schema is a new step at the end.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/status.h"

namespace madoguchi {

// The user_version a database has after every known migration.
int LatestSchemaVersion();

// Runs the missing steps. Refuses (kCorruption) a database whose
// user_version is newer than LatestSchemaVersion().
Status Migrate(SQLite::Database& db);

}  // namespace madoguchi
