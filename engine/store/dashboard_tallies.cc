#include "store/dashboard_tallies.h"

#include <string>

namespace madoguchi {

namespace {

// Written once with two placeholders, so that the list of open states and
// the week of an instant are spelled in one place each:
//   $OPEN      the open states of the workflow table, in its order (the same
//              text as OpenStatesSql(), which the partial index must match);
//   $WEEK(x)   the JST Monday (YYYY-MM-DD) starting the week of the stored
//              instant x (RFC 3339 text in JST, so its first ten characters
//              are the JST day).
constexpr const char* kTemplate = R"sql(
CREATE TABLE tally_requests (
  state    TEXT NOT NULL,
  type     TEXT NOT NULL,
  assignee TEXT NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (state, type, assignee)
) WITHOUT ROWID;
CREATE TABLE tally_running_due (
  assignee TEXT NOT NULL,
  due_date TEXT NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (assignee, due_date)
) WITHOUT ROWID;
CREATE TABLE tally_open_received (
  state        TEXT NOT NULL,
  received_day TEXT NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (state, received_day)
) WITHOUT ROWID;
CREATE TABLE tally_weekly_flow (
  week      TEXT PRIMARY KEY,
  received  INTEGER NOT NULL DEFAULT 0,
  closed    INTEGER NOT NULL DEFAULT 0,
  withdrawn INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE tally_days_to_close (
  week TEXT NOT NULL,
  days INTEGER NOT NULL,
  n    INTEGER NOT NULL,
  PRIMARY KEY (week, days)
) WITHOUT ROWID;

-- The first counts, from the rows already there.
INSERT INTO tally_requests
  SELECT state, type, coalesce(assignee, ''), count(*) FROM requests WHERE 1 GROUP BY 1, 2, 3;
INSERT INTO tally_running_due
  SELECT coalesce(assignee, ''), due_date, count(*) FROM requests
  WHERE state IN $OPEN AND clock_stopped = 0 GROUP BY 1, 2;
INSERT INTO tally_open_received
  SELECT state, substr(received_at, 1, 10), count(*) FROM requests WHERE state IN $OPEN GROUP BY 1, 2;
INSERT INTO tally_weekly_flow (week, received)
  SELECT $WEEK(received_at), count(*) FROM requests WHERE 1 GROUP BY 1;
INSERT INTO tally_weekly_flow (week, closed, withdrawn)
  SELECT $WEEK(at), sum(to_state = 'closed'), sum(to_state = 'withdrawn') FROM history
  WHERE to_state IN ('closed', 'withdrawn') AND from_state IS NOT to_state GROUP BY 1
  ON CONFLICT DO UPDATE SET closed = excluded.closed, withdrawn = excluded.withdrawn;
INSERT INTO tally_days_to_close
  SELECT $WEEK(h.at), CAST(julianday(substr(h.at, 1, 10)) - julianday(substr(r.received_at, 1, 10)) AS INTEGER),
         count(*)
  FROM history h JOIN requests r ON r.id = h.request_id
  WHERE h.to_state = 'closed' AND h.from_state IS NOT h.to_state GROUP BY 1, 2;

-- A new request counts everywhere it belongs.
CREATE TRIGGER tally_request_inserted AFTER INSERT ON requests BEGIN
  INSERT INTO tally_requests VALUES (new.state, new.type, coalesce(new.assignee, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO tally_running_due SELECT coalesce(new.assignee, ''), new.due_date, 1
    WHERE new.state IN $OPEN AND new.clock_stopped = 0
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO tally_open_received SELECT new.state, substr(new.received_at, 1, 10), 1
    WHERE new.state IN $OPEN
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO tally_weekly_flow (week, received) VALUES ($WEEK(new.received_at), 1)
    ON CONFLICT DO UPDATE SET received = received + 1;
END;

-- A changed request leaves its old count and joins its new one; each
-- trigger runs only when a column it counts by has changed, which most
-- advances (notes, consultations) do not.
CREATE TRIGGER tally_requests_changed AFTER UPDATE OF state, type, assignee ON requests
WHEN old.state IS NOT new.state OR old.type IS NOT new.type OR old.assignee IS NOT new.assignee BEGIN
  UPDATE tally_requests SET n = n - 1
    WHERE state = old.state AND type = old.type AND assignee = coalesce(old.assignee, '');
  DELETE FROM tally_requests
    WHERE state = old.state AND type = old.type AND assignee = coalesce(old.assignee, '') AND n = 0;
  INSERT INTO tally_requests VALUES (new.state, new.type, coalesce(new.assignee, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_running_due_changed AFTER UPDATE OF state, clock_stopped, assignee, due_date ON requests
WHEN old.state IS NOT new.state OR old.clock_stopped IS NOT new.clock_stopped OR old.assignee IS NOT new.assignee
     OR old.due_date IS NOT new.due_date BEGIN
  UPDATE tally_running_due SET n = n - 1
    WHERE assignee = coalesce(old.assignee, '') AND due_date = old.due_date
      AND old.state IN $OPEN AND old.clock_stopped = 0;
  DELETE FROM tally_running_due
    WHERE assignee = coalesce(old.assignee, '') AND due_date = old.due_date AND n = 0;
  INSERT INTO tally_running_due SELECT coalesce(new.assignee, ''), new.due_date, 1
    WHERE new.state IN $OPEN AND new.clock_stopped = 0
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_open_received_changed AFTER UPDATE OF state, received_at ON requests
WHEN old.state IS NOT new.state OR substr(old.received_at, 1, 10) IS NOT substr(new.received_at, 1, 10) BEGIN
  UPDATE tally_open_received SET n = n - 1
    WHERE state = old.state AND received_day = substr(old.received_at, 1, 10) AND old.state IN $OPEN;
  DELETE FROM tally_open_received
    WHERE state = old.state AND received_day = substr(old.received_at, 1, 10) AND n = 0;
  INSERT INTO tally_open_received SELECT new.state, substr(new.received_at, 1, 10), 1
    WHERE new.state IN $OPEN
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER tally_weekly_received_changed AFTER UPDATE OF received_at ON requests
WHEN $WEEK(old.received_at) IS NOT $WEEK(new.received_at) BEGIN
  UPDATE tally_weekly_flow SET received = received - 1 WHERE week = $WEEK(old.received_at);
  INSERT INTO tally_weekly_flow (week, received) VALUES ($WEEK(new.received_at), 1)
    ON CONFLICT DO UPDATE SET received = received + 1;
END;

-- Closed and withdrawn, and the days a closed request took, from the
-- history event that ended it (the request row is already in its new state).
CREATE TRIGGER tally_request_ended AFTER INSERT ON history
WHEN new.to_state IN ('closed', 'withdrawn') AND new.from_state IS NOT new.to_state BEGIN
  INSERT INTO tally_weekly_flow (week, closed, withdrawn)
    VALUES ($WEEK(new.at), new.to_state = 'closed', new.to_state = 'withdrawn')
    ON CONFLICT DO UPDATE SET closed = closed + excluded.closed, withdrawn = withdrawn + excluded.withdrawn;
  INSERT INTO tally_days_to_close
    SELECT $WEEK(new.at),
           CAST(julianday(substr(new.at, 1, 10)) - julianday(substr(r.received_at, 1, 10)) AS INTEGER), 1
    FROM requests r WHERE r.id = new.request_id AND new.to_state = 'closed'
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- The dashboard's overdue and due-soon lists (the first 50 by due date)
-- walk this in order instead of sorting every open request.
CREATE INDEX requests_running_due ON requests(due_date, id) WHERE state IN $OPEN AND clock_stopped = 0;
)sql";

// The open states as step 13 spelled them (a released step never changes).
constexpr const char* kOpenStatesStep13 =
    "('received', 'awaiting_requester', 'verified', 'in_review', 'consulting', 'pending_approval', 'decided', "
    "'responding')";
// As the workflow table has them since issue 17 (delivering); step 22 re-made
// the triggers and the index that name them.
constexpr const char* kOpenStates =
    "('received', 'awaiting_requester', 'verified', 'in_review', 'consulting', 'pending_approval', 'decided', "
    "'responding', 'delivering')";

// The statement of kTemplate that starts with `head` (up to its "END;" for a
// trigger, its ";" for an index).
std::string StatementOf(const std::string& text, const std::string& head) {
  size_t at = text.find(head);
  const bool trigger = head.rfind("CREATE TRIGGER", 0) == 0;
  size_t end = trigger ? text.find("\nEND;", at) + 5 : text.find(';', at) + 1;
  return text.substr(at, end - at);
}

void ReplaceAll(std::string* text, const std::string& from, const std::string& to) {
  for (size_t at = text->find(from); at != std::string::npos; at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

// $WEEK(x) -> date(substr(x, 1, 10), '-6 days', 'weekday 1'): back six days,
// then forward to the first Monday, which is the Monday on or before the day.
void ExpandWeek(std::string* text) {
  const std::string open = "$WEEK(";
  for (size_t at = text->find(open); at != std::string::npos; at = text->find(open, at)) {
    size_t close = text->find(')', at);
    std::string arg = text->substr(at + open.size(), close - at - open.size());
    text->replace(at, close + 1 - at, "date(substr(" + arg + ", 1, 10), '-6 days', 'weekday 1')");
  }
}

}  // namespace

const char* DashboardTalliesStep() {
  static const std::string sql = [] {
    std::string s = kTemplate;
    ReplaceAll(&s, "$OPEN", kOpenStatesStep13);
    ExpandWeek(&s);
    return s;
  }();
  return sql.c_str();
}

const char* DashboardOpenStatesStep() {
  static const std::string sql = [] {
    const std::string t = kTemplate;
    std::string s =
        "DROP TRIGGER tally_request_inserted;\nDROP TRIGGER tally_running_due_changed;\n"
        "DROP TRIGGER tally_open_received_changed;\nDROP INDEX requests_running_due;\n"
        // Counted again from the rows: a database with requests in a state
        // now open (none before issue 17, but a copy of one that was) counts them.
        "DELETE FROM tally_running_due;\nDELETE FROM tally_open_received;\n";
    for (const char* head : {"INSERT INTO tally_running_due\n", "INSERT INTO tally_open_received\n","CREATE TRIGGER tally_request_inserted", "CREATE TRIGGER tally_running_due_changed",
                             "CREATE TRIGGER tally_open_received_changed", "CREATE INDEX requests_running_due"}) {
      s += StatementOf(t, head) + "\n";
    }
    ReplaceAll(&s, "$OPEN", kOpenStates);
    ExpandWeek(&s);
    return s;
  }();
  return sql.c_str();
}

const char* DashboardOpenStates() { return kOpenStates; }

}  // namespace madoguchi
