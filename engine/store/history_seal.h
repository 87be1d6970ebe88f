// The free text of history events sealed beside their rows (issue 15, item 7;
// the rule of what is free text: core/sealed_fields.h).
//
// A history row whose event data held sealed fields keeps only its clear part
// (WithheldHistoryData: codes, positions, and "withheld" naming what was
// taken out); the whole data, byte for byte the text the row would have held,
// is sealed in history_sealed under the row's (request_id, version), with
// associated data binding it to that row and key. The audit chain's MAC covers
// the whole text (store/audit_chain.h), so a row verifies as it did before it
// was sealed; WholeHistoryData also checks that the row holds exactly the
// clear part of what it opened, so neither half can be changed alone.
#pragma once

#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/status.h"
#include "store/audit_chain.h"
#include "store/data_key_ring.h"
#include "store/statement_cache.h"

namespace madoguchi {

std::string HistoryAssociatedData(const std::string& request_id, int64_t version, const std::string& key_id);

// The history row's text for `data_text` (the whole data of `event`): its
// clear part when it has sealed fields, `data_text` itself otherwise. When it
// has, seals `data_text` under `key` into history_sealed.
std::string SealHistoryData(StatementCache& statements, const DataKey& key, const std::string& request_id,
                            int64_t version, const std::string& event, const std::string& data_text);

// The whole data text of a history row that holds `stored` (itself when
// nothing of it was withheld). Corruption when its sealed part is missing, does
// not open, or is not what the row's clear part was made from.
Result<std::string> WholeHistoryData(SQLite::Database& db, const ChainKeys& keys, const std::string& request_id,
                                     int64_t version, const std::string& event, const std::string& stored);

// A link's reason (request_links.reason; the link's history event has it
// too, sealed as above) as the row stores it: "sealed:KEY_ID:HEX" of a sealed
// record whose associated data names both requests, so it opens on its link only.
std::string SealLinkReason(const DataKey& key, const std::string& from, const std::string& to,
                           const std::string& reason);
bool IsSealedLinkReason(const std::string& stored);
// The reason a row stores: opened, or itself when in clear (a row from before
// migration step 20, until the start seals it).
Result<std::string> OpenLinkReason(const ChainKeys& keys, const std::string& from, const std::string& to,
                                   const std::string& stored);

// Seals the free text of history rows written before this was done (migration
// step 20), `batch` rows per transaction, resumable. Returns how many it sealed.
Result<int64_t> SealLegacyHistory(SQLite::Database& db, const DataKey& key, int batch);

}  // namespace madoguchi
