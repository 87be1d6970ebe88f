// WriteCommand and WriteResult: a write as the writer applies it, decoded and
// prepared on the thread that took it in (commands/write_handler.h), and what
// the writer answers once its batch is durable (commands/request_writer.h).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/request.h"
#include "core/request_record.h"
#include "core/workflow.h"
#include "store/audit_log.h"
#include "util/status.h"

namespace madoguchi {

// A letter as a worker delivers it in an ack, decoded and checked by the
// thread that took the command in (commands/letter_delivery.h): the writer
// only compares its id with the job's and keeps it.
struct DeliveredLetter {
  std::string letter_id;  // as the worker names it
  std::string pdf;
  std::string text;
  std::string sha256;     // of `pdf`, as the worker says (may be empty)
};

struct WriteCommand {
  enum class Kind {
    kIntake,   // a clerk takes a request in
    kAdvance,  // an event of the workflow table
    kLease,    // a worker asks for work of `kinds`
    kAck,      // a worker reports work done, with its `result`
    kFail,     // a worker gives up on a message, with an `error`
    kRetry,    // a manager puts a dead message back in the queue
    kUserAdmin,  // an admin disables, enables, grants or revokes (`user`, `action`)
    kProtect,    // a manager adds a person to, or removes them from, the protected list (`action`, `record`)
    kProvision,  // the provision ledger: add, import (`record`: the args), dispose (`action`)
  };
  Kind kind = Kind::kIntake;
  Actor actor;
  nlohmann::json record;           // kIntake: the request record (schemas/request.schema.json); kProtect: the person
  // kIntake: `record` already parsed and checked, by the thread that took the
  // command in, so that the writer need not; when empty the writer parses it.
  std::optional<RequestRecord> parsed_record;
  std::string id;                  // kAdvance: the request
  EventCommand event;              // kAdvance: the event, its data and the version the actor saw
  // kAdvance: the client's idempotency key ("": none); the same key with the
  // same command gives its first result again (store/idempotency_keys.h).
  std::string idempotency_key;
  // kAdvance: whether the policy table's reach of `advance` is checked
  // against the stored request before the workflow (commands/command_policy.h
  // Reaches: a reviewer acts on the queue and their own requests). Set for
  // every command taken from a client (ToWriteCommand); false: no limit
  // (in-process tests, bench/).
  bool limit_to_reach = false;
  // kLease, and kAck's next lease: the kinds asked for, and how many at most.
  std::vector<std::string> kinds;  // "letter", "reminder"
  int lease_max = 0;               // kLease: 1 in the single form; kAck: 0 when it carries no lease
  // kLease, kAck, kFail: the batch form of the protocol (lease with max, ack
  // with acks, fail with failures), which decides the reply's form. The
  // single form (one message) is a batch of one whose refusal refuses the command.
  bool batched = false;
  // kAck: each message acked, with the worker's result.
  struct Ack {
    int64_t outbox_id = 0;
    nlohmann::json result;                 // schemas/api/ack.request.schema.json, result
    std::optional<DeliveredLetter> letter;  // a letter's result, decoded and checked
    // Set when the result was refused as it was taken in (a letter that may
    // not be kept): the writer refuses this ack alone.
    Status refused;
  };
  std::vector<Ack> acks;
  // kFail: each message given up on, with the worker's error.
  struct Failure {
    int64_t outbox_id = 0;
    std::string error;
  };
  std::vector<Failure> failures;
  int64_t outbox_id = 0;           // kRetry
  std::string user;                // kUserAdmin: whom
  std::string action;              // kUserAdmin: disable, enable, grant_personal, revoke_personal; kProtect: add, remove
};

struct WriteResult {
  Status status;
  // kIntake, kAdvance, when status.ok(): the request after the command. A
  // replayed advance: the request as it is now, with the state and version
  // the first advance left it in (its first result).
  Request request;
  bool created = false;  // kIntake: false when the idempotency key was seen before
  nlohmann::json reply;  // kLease, kAck, kFail, kRetry: what the worker or manager is told
  bool audited = false;  // its audit record committed with it (RequestWriter::ApplyBatch's `audit`)
  // kIntake, kAdvance: the idempotency key came with the same command before;
  // nothing changed, the first result is given again.
  bool replayed = false;
  // kLease, kAck, kFail: the outbox messages it leased, acked, failed, and
  // those whose ack or failure was refused, with why (for the audit record and the log).
  std::vector<int64_t> leased = {}, acked = {}, failed = {};
  std::vector<std::pair<int64_t, Status>> refused = {};
  // What the audit record's detail says of a command that names no request (the provision ledger's ids).
  std::string audit_detail = {};
  // After commit, checkpoint and truncate the WAL (records were disposed of).
  bool checkpoint = false;
};

// The audit record of a command of a batch, made once its result is known
// (result and, for an intake, the new request's id filled in by the caller
// from `result`); nullopt when it needs none (e.g. an idle worker's poll).
using BatchAudit = std::function<std::optional<AuditEntry>(size_t index, const WriteResult& result)>;

struct IntakeOutcome {
  Request request;
  bool created = false;  // false: the idempotency key was seen before; nothing new was made
};

}  // namespace madoguchi
