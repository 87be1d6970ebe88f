// RequestReader: the queries behind show, list, overdue and stats, on a
// read-only connection of its own. In WAL mode readers never wait for the
// writer; each query runs in one short read transaction, so that a reader
// never holds back a checkpoint for long.
//
// Not thread-safe: each reader thread opens its own RequestReader.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "core/civil_date.h"
#include "core/request.h"
#include "store/request_rows.h"

namespace madoguchi {

// Which requests a query may see: all of them, or a reviewer's (those
// assigned to them and those not assigned to anybody).
struct Visibility {
  std::optional<std::string> reviewer;  // empty: everything
};

struct ListFilter {
  std::optional<State> state;
  std::optional<RequestType> type;
  std::optional<std::string> assignee;
  std::optional<Date> due_before;  // due_date < due_before
  int limit = 50;
  int offset = 0;
};

struct ListPage {
  int64_t total = 0;  // matching requests, all pages
  std::vector<Request> items;
};

struct RequestCounts {
  std::map<std::string, int64_t> by_state;
  std::map<std::string, int64_t> by_type;
  int64_t open = 0;
  int64_t overdue = 0;   // open, clock running, due before today
  int64_t due_soon = 0;  // open, clock running, due today..soon_until
};

// One request with everything `show` needs, read in one transaction.
struct RequestDetail {
  Request request;
  std::vector<HistoryEntry> history;
  nlohmann::json personal;
};

class RequestReader {
 public:
  static Result<std::unique_ptr<RequestReader>> Open(const std::string& path);

  Result<std::optional<RequestDetail>> Detail(const std::string& id);

  // Most recently received first.
  Result<ListPage> List(const ListFilter& filter, const Visibility& visibility);

  // Open requests whose clock runs, due before `today` (overdue) or due from
  // `today` to `until` inclusive (due soon); earliest due date first.
  Result<std::vector<Request>> Overdue(Date today, const Visibility& visibility);
  Result<std::vector<Request>> DueBetween(Date from, Date until, const Visibility& visibility);

  Result<RequestCounts> Counts(Date today, Date soon_until, const Visibility& visibility);

  // For the other read-only views that share this connection (outbox, letters).
  SQLite::Database& db() { return *db_; }

 private:
  explicit RequestReader(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
  Result<std::vector<Request>> Select(const std::string& where_order, const std::vector<std::string>& params);

  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace madoguchi
