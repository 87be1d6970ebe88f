// RequestReader: the queries behind show, list, overdue, stats and dashboard,
// on a read-only connection of its own. In WAL mode readers never wait for the
// writer; each query runs in one short read transaction, so that a reader
// never holds back a checkpoint for long.
//
// Not thread-safe: each reader thread opens its own RequestReader.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

// The orders `list` offers (schemas/api/list.request.schema.json: sort).
// Each maps to fixed SQL in request_reader.cc; ties are broken by id.
enum class ListSort { kReceivedAt, kDueDate, kId, kState, kType, kAssignee };
std::optional<ListSort> ParseListSort(std::string_view name);

// Due dates from `from` to `until` inclusive; either end may be open.
struct DueRange {
  std::optional<Date> from;
  std::optional<Date> until;
};
// Overdue: due before today. Due soon: due today .. soon_until.
inline DueRange OverdueRange(Date today) { return {std::nullopt, today.AddDays(-1)}; }
inline DueRange DueSoonRange(Date today, Date soon_until) { return {today, soon_until}; }

struct ListFilter {
  std::optional<State> state;
  std::optional<RequestType> type;
  std::optional<std::string> assignee;
  std::optional<Date> due_before;  // due_date < due_before
  bool open_only = false;          // neither closed nor withdrawn
  // Only open requests whose clock runs, due within the range: overdue and
  // due soon as RequestCounts counts them.
  std::optional<DueRange> running_due;
  // Only these requests (the matches of a search by insured number or name).
  std::optional<std::vector<std::string>> ids;
  ListSort sort = ListSort::kReceivedAt;
  bool descending = true;  // most recently received first
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

// What `dashboard` asks for: the day it is, how far "due soon" reaches, and
// the weeks (Monday to Sunday, JST) of the flow figures.
struct DashboardQuery {
  Date today;
  Date soon_until;
  Date since;           // the Monday that starts the first week
  int weeks = 12;       // since .. since + 7 * weeks - 1; the last week holds today
  int list_limit = 200;  // at most this many requests in each list (overdue, due_soon, pending_approval ...)
};

// Age in calendar days (JST) since receipt, over the open requests of one state.
struct StateAge {
  int64_t count = 0;
  double average_days = 0;
  int64_t max_days = 0;
};

// One assignee's open requests.
struct AssigneeLoad {
  std::string assignee;
  int64_t open = 0;
  int64_t overdue = 0;
  int64_t due_soon = 0;
};

// Requests received in a week, and those that reached closed or withdrawn in it.
struct WeekFlow {
  Date week_start;
  int64_t received = 0;
  int64_t closed = 0;
  int64_t withdrawn = 0;
};

// The office's numbers, read in one transaction. Always the whole office: no
// Visibility (the command policy gives the dashboard to roles that see all).
struct DashboardData {
  RequestCounts counts;
  std::vector<Request> overdue;   // first list_limit of counts.overdue, earliest due first
  std::vector<Request> due_soon;  // first list_limit of counts.due_soon, earliest due first
  // Open requests whose clock runs and which were extended, past their due
  // date without the extensions (the society's standard), earliest first;
  // first list_limit, and how many in all.
  std::vector<Request> overdue_original;
  int64_t overdue_original_total = 0;
  // What a manager must do (issue 18): decisions waiting for approval and
  // verified requests nobody is assigned to yet, earliest due first; first
  // list_limit of each, and how many in all.
  std::vector<Request> pending_approval;
  int64_t pending_approval_total = 0;
  std::vector<Request> awaiting_assignment;
  int64_t awaiting_assignment_total = 0;
  std::map<std::string, StateAge> age_by_state;  // open states (wire names) that have requests
  std::vector<AssigneeLoad> workload;      // by assignee name
  AssigneeLoad unassigned;                 // open requests nobody is assigned to (assignee "")
  std::vector<WeekFlow> weekly;            // `weeks` entries, oldest first
  // Requests closed (not withdrawn) since `since`: calendar days from the day
  // of receipt to the day of closing -> how many.
  std::map<int64_t, int64_t> days_to_close;
};

// One request of the annual ledger (受付簿/処理簿): its workflow fields and the
// instants (stored RFC 3339 text, JST) of the steps the ledger shows, read
// from the history. Never personal fields.
struct ReportRow {
  std::string id;
  std::string type;
  State state = State::kReceived;
  std::optional<Outcome> outcome;
  std::string received_at;
  std::string due_date;   // YYYY-MM-DD, as computed at the last change
  // Only when extended: the due date without the extensions (the society's standard).
  std::optional<std::string> original_due_date;
  bool clock_stopped = false;
  std::string deadline;   // the DeadlineLedger's JSON text (clock stops, extensions)
  std::optional<std::string> verified_at;   // the first verify_identity
  // When the decision became final: entering `decided` (decide with outcome
  // full, or the manager's approve), or reject_identity (closed at once).
  std::optional<std::string> decided_at;
  std::optional<std::string> responded_at;  // the first respond
  std::optional<std::string> ended_at;      // reaching closed or withdrawn
  // The disclosure itself (issue 17): the day the data left (disclosure_delivered.on)
  // and how; or when it was recorded as not collected by the pick-up deadline.
  std::optional<std::string> delivered_on;
  std::optional<std::string> delivery_method;  // paper_post | paper_counter | viewing | electronic
  std::optional<std::string> uncollected_at;
};

// One request with everything `show` needs, read in one transaction.
struct RequestDetail {
  Request request;
  std::vector<HistoryEntry> history;
  nlohmann::json personal;
  nlohmann::json links = nlohmann::json::array();  // [{id, direction, kind, automatic, reason, linked_by, linked_at}]
};

class RequestReader {
 public:
  // Opens the database at `path` read-only; `vault` opens what is sealed.
  static Result<std::unique_ptr<RequestReader>> Open(const std::string& path, std::shared_ptr<PersonalVault> vault);

  Result<std::optional<RequestDetail>> Detail(const std::string& id);

  // Most recently received first.
  Result<ListPage> List(const ListFilter& filter, const Visibility& visibility);

  // Open requests whose clock runs, due before `today` (overdue) or due from
  // `today` to `until` inclusive (due soon); earliest due date first.
  Result<std::vector<Request>> Overdue(Date today, const Visibility& visibility);
  Result<std::vector<Request>> DueBetween(Date from, Date until, const Visibility& visibility);

  Result<RequestCounts> Counts(Date today, Date soon_until, const Visibility& visibility);

  // Aggregates in SQL (GROUP BY): the cost follows the open requests and the
  // weeks asked for, not every request ever received (dashboard_reader.cc).
  Result<DashboardData> Dashboard(const DashboardQuery& query);

  // What managers are shown of the post and of duplicates (letter_post.h):
  // {"returned_letters": {count, items}, "flagged_duplicates": {count, items}}.
  Result<nlohmann::json> PostAndDuplicates(int limit);

  // Every request received from the JST day `first` to `last` inclusive (a
  // calendar year, or a fiscal year April to March), oldest first (ties by
  // id): one statement over requests_received_at joined to the history by
  // request (report_reader.cc).
  Result<std::vector<ReportRow>> Report(Date first, Date last);

  // The requests whose blind-index token of `kind` ("insured" or "name",
  // store/personal_vault.h) matches the typed term under any data key.
  Result<std::vector<std::string>> SearchPersonal(std::string_view kind, const std::string& typed);

  // For the other read-only views that share this connection (outbox, letters).
  SQLite::Database& db() { return *db_; }
  // The data keys this reader opens sealed rows with (shared with the writer).
  PersonalVault& vault() { return *vault_; }

 private:
  RequestReader(std::unique_ptr<SQLite::Database> db, std::shared_ptr<PersonalVault> vault)
      : db_(std::move(db)), vault_(std::move(vault)) {}
  // `from` is "requests" or that with an INDEXED BY.
  Result<std::vector<Request>> Select(const std::string& where_order, const std::vector<std::string>& params,
                                      const char* from = "requests");
  // Open requests whose clock runs, due within `range`, earliest first.
  Result<std::vector<Request>> RunningDue(const DueRange& range, const Visibility& visibility, int limit);
  // Counts inside the caller's read transaction (Counts, Dashboard); throws SQLite::Exception.
  RequestCounts CountsIn(Date today, Date soon_until, const Visibility& visibility);

  std::unique_ptr<SQLite::Database> db_;
  std::shared_ptr<PersonalVault> vault_;
};

}  // namespace madoguchi
