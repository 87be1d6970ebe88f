// Request: the workflow fields of one request — everything the workflow,
// queues and deadlines need, and no personal data (that lives in the
// request's personal record, see request_record.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/deadline.h"
#include "core/jst_time.h"
#include "core/workflow_table.h"

namespace madoguchi {

struct Request {
  std::string id;  // "R2026-000001"
  RequestType type = RequestType::kPurposeNotice;
  State state = State::kReceived;
  // Starts at 1 at intake; every accepted event adds one. A command carries
  // the version its sender saw, so two people cannot overwrite each other.
  int64_t version = 0;
  std::vector<std::string> categories;
  std::string channel;
  std::optional<std::string> disclosure_method;
  Timestamp received_at{};
  std::string idempotency_key;
  std::optional<std::string> assignee;
  std::optional<std::string> decided_by;  // the reviewer whose decision awaits or got approval
  std::optional<std::string> outcome;     // full, partial, ..., identity_failed, withdrawn
  std::optional<State> resume_state;      // while awaiting_requester: the state to go back to
  DeadlineLedger deadline;
  Timestamp created_at{};
  Timestamp updated_at{};

  bool operator==(const Request&) const = default;
};

}  // namespace madoguchi
