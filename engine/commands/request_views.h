// The JSON a client sees of a request (schemas/api/show.reply.schema.json and
// the summaries of list, overdue and dashboard). Days left are counted from today in JST.
#pragma once

#include <nlohmann/json.hpp>

#include "core/workflow.h"
#include "store/request_reader.h"

namespace madoguchi {

nlohmann::json SummaryJson(const Request& request, const Workflow& workflow, Date today);
nlohmann::json SummaryListJson(const std::vector<Request>& requests, const Workflow& workflow, Date today);

// by_state, by_type, open, overdue, due_soon (stats, and dashboard's counts).
nlohmann::json CountsJson(const RequestCounts& counts);

// Everything `show` returns. With `personal` (the caller asked for personal
// fields and MaySeePersonal lets them see this request's): the personal
// record, the particulars whole and each history event's whole data. Without:
// no personal record, the clear part of the particulars and of each event's
// data (core/sealed_fields.h) with "withheld" saying what was left out, and
// no link reasons. The caller logs the showing when `personal`.
// `letters`: how many letters the request has (allowed_events leaves out the
// events that would have nothing to act on: ActionableEvents).
nlohmann::json DetailJson(const RequestDetail& detail, const Workflow& workflow, const Actor& actor, Date today,
                          bool personal, size_t letters);

// The events of `allowed` that have something to act on: 関連付けの解除
// (unlink) only with a link to undo, 郵送の記録 and 返戻の記録 (letter_posted,
// letter_returned) only with a letter to name. The workflow table says who may
// fire them in which state; this says when there is nothing to fire them at
// (the store refuses them then too, naming what is missing). Issue 18.
std::vector<Event> ActionableEvents(const std::vector<Event>& allowed, size_t links, size_t letters);

}  // namespace madoguchi
