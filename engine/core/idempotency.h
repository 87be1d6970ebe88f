// What an idempotency key stands for (issue 15, items 9 and 11). A client
// sends a key with an intake (in the record) or an advance (beside it) so
// that sending the same command again, after a lost answer or a double
// click, does it once. The key stands for one command: the same key with
// the same command gives the first result again; with any other command it
// is a conflict. These are the normalised forms compared; the store keeps a
// keyed digest of them with the key (store/idempotency_keys.h), never the
// forms themselves, which hold personal data.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/request.h"
#include "core/request_record.h"
#include "core/workflow.h"

namespace madoguchi {

// An intake's record as parsed (so that what parsing settles -- an implied
// relation, an instant written in another offset -- compares equal): type,
// categories, channel, disclosure method, relation, receipts and the
// personal fields; received_at only when the record named it (a record that
// leaves it to the engine gets "now", which a retry moves).
nlohmann::json IntakeIdentity(const RequestRecord& record, bool received_at_given);

// A stored request and its personal record as IntakeIdentity reads a parsed
// record: for keys stored before digests were, compared field by field.
// Personal fields added after intake are not read.
RequestRecord RecordOfStored(const Request& request, const nlohmann::json& personal);

// An advance: who sends it, to which request, the event, its data and the
// version the sender saw.
nlohmann::json AdvanceIdentity(const std::string& actor, const std::string& request_id, const EventCommand& command);

}  // namespace madoguchi
