// The provision ledger's rows (第三者提供記録; core/provision_ledger.h, migration
// step 21). Each record's personal part is sealed under the data key like a
// personal record (associated data: "provision:" + id + key id); the person's
// insured number is indexed by the keyed blind index of the request search
// (kind "insured": the number, and symbol + number). Disposal (the ledger's
// own, not a request's) deletes the sealed part and the tokens, keeping the
// clear row with when and by whom it was disposed of.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "core/provision_ledger.h"
#include "util/status.h"
#include "store/data_key_ring.h"
#include "store/personal_vault.h"

namespace madoguchi {

struct ProvisionRow {
  int64_t id = 0;
  std::string basis, record_method;
  bool consent = false;
  std::string last_provided_on, retention_until;
  std::string added_by, added_at;
  std::optional<std::string> disposed_at, disposed_by;
  std::optional<ProvisionRecord> record;  // opened; none once disposed of, or when not asked for

  // The list's and show's JSON: the clear columns, and `record` (ViewJson) when opened.
  nlohmann::json Json() const;
};

// Inserts `record`, sealed under `key`, with its tokens; its id.
int64_t InsertProvision(SQLite::Database& db, const DataKey& key, const ProvisionRecord& record,
                        const std::string& by, Timestamp at);

struct ProvisionFilter {
  std::optional<std::string> insured_symbol, insured_number;  // the person (blind index, then compared)
  std::vector<int64_t> ids;                                   // these only (empty: any)
  bool include_disposed = false;
  bool open = false;  // open the sealed part
  int limit = 200;
};
// The rows that match, newest first. Opening needs the vault's keys.
Result<std::vector<ProvisionRow>> FindProvisions(SQLite::Database& db, PersonalVault& vault, const ProvisionFilter& f);

// Disposes of every record whose retention ended before `today`: the sealed
// part and the tokens deleted, disposed_at/by set. The ids disposed of.
std::vector<int64_t> DisposeExpiredProvisions(SQLite::Database& db, Date today, const std::string& by, Timestamp at);

}  // namespace madoguchi
