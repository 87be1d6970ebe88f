// RequestStore: the durable record of every request and its history, in
// SQLite. Each change is one transaction (BEGIN IMMEDIATE, so the write lock
// is taken up front and never fails half way on SQLITE_BUSY): the request
// row, its personal record (at intake) and the history row commit together or
// not at all. Nothing is reported as done before the commit is durable
// (synchronous=FULL).
//
// Invariant: for every request, history holds exactly one row per version
// 1..version, and the request's state is the to_state of the last one.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "core/request.h"
#include "core/status.h"
#include "core/workflow.h"

namespace madoguchi {

struct HistoryEntry {
  int64_t version = 0;
  Timestamp at{};
  std::string actor;
  Role role = Role::kClerk;
  std::string event;  // wire name ("intake", "decide", ...)
  nlohmann::json data;
  std::optional<State> from_state;  // empty for intake
  State to_state = State::kReceived;
};

struct IntakeOutcome {
  Request request;
  bool created = false;  // false: the idempotency key was seen before; nothing new was made
};

class RequestStore {
 public:
  // Opens (creating and migrating) the database at `path`. The workflow must
  // outlive the store.
  static Result<std::unique_ptr<RequestStore>> Open(const std::string& path, const Workflow& workflow);

  // Takes in a request record (see request_record.h). Idempotent: a record
  // whose idempotency_key is already stored returns that request unchanged.
  Result<IntakeOutcome> Intake(const nlohmann::json& record, const Actor& actor, Timestamp now);

  // Applies one event of the workflow table to a request.
  Result<Request> Advance(const std::string& id, const Actor& actor, const EventCommand& command, Timestamp now);

  Result<Request> Get(const std::string& id);
  Result<std::vector<HistoryEntry>> History(const std::string& id);
  // The request's personal record ({requester, agent?, free_text?, ...}).
  Result<nlohmann::json> Personal(const std::string& id);

  SQLite::Database& db() { return *db_; }

 private:
  RequestStore(std::unique_ptr<SQLite::Database> db, const Workflow& workflow)
      : db_(std::move(db)), workflow_(workflow) {}

  // These run inside a transaction the caller holds.
  Result<std::optional<Request>> Load(const std::string& id);
  Result<std::optional<Request>> LoadByIdempotencyKey(const std::string& key);
  std::string NextRequestId(Timestamp now);
  void Insert(const Request& r, Date today);
  void Update(const Request& r, Date today);
  void AppendHistory(const Request& after, const Actor& actor, Event event, const nlohmann::json& data,
                     std::optional<State> from);

  std::unique_ptr<SQLite::Database> db_;
  const Workflow& workflow_;
};

}  // namespace madoguchi
