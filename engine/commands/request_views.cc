#include "commands/request_views.h"

#include "commands/command_policy.h"
#include "core/sealed_fields.h"
#include "store/letter_address.h"

namespace madoguchi {

namespace {

nlohmann::json OptionalJson(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

}  // namespace

nlohmann::json SummaryJson(const Request& r, const Workflow& workflow, Date today) {
  DueDate due = workflow.Due(r, today);
  return {{"id", r.id},
          {"type", Name(r.type)},
          {"type_ja", JapaneseName(r.type)},
          {"state", Name(r.state)},
          {"state_ja", JapaneseName(r.state)},
          {"version", r.version},
          {"received_at", FormatJst(r.received_at)},
          {"due_date", due.due.ToIso()},
          {"days_left", today.DaysUntil(due.due)},
          {"business_days_left", BusinessDaysLeft(workflow.calendar(), today, due.due)},
          {"clock_stopped", due.clock_stopped},
          {"assignee", OptionalJson(r.assignee)},
          {"outcome", r.outcome ? nlohmann::json(*r.outcome) : nlohmann::json()},
          // Only when extended: the due date of the society's standard, without the extensions.
          {"original_due_date", due.original_due ? nlohmann::json(due.original_due->ToIso()) : nlohmann::json()}};
}

nlohmann::json SummaryListJson(const std::vector<Request>& requests, const Workflow& workflow, Date today) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : requests) items.push_back(SummaryJson(r, workflow, today));
  return items;
}

nlohmann::json CountsJson(const RequestCounts& c) {
  return {{"by_state", c.by_state},
          {"by_type", c.by_type},
          {"open", c.open},
          {"overdue", c.overdue},
          {"due_soon", c.due_soon}};
}

std::vector<Event> ActionableEvents(const std::vector<Event>& allowed, size_t links, size_t letters) {
  std::vector<Event> out;
  for (Event e : allowed) {
    if (e == Event::kUnlink && links == 0) continue;
    if ((e == Event::kLetterPosted || e == Event::kLetterReturned) && letters == 0) continue;
    out.push_back(e);
  }
  return out;
}

nlohmann::json DetailJson(const RequestDetail& detail, const Workflow& workflow, const Actor& actor, Date today,
                          bool personal, size_t letters) {
  const Request& r = detail.request;
  DueDate due = workflow.Due(r, today);
  nlohmann::json j = SummaryJson(r, workflow, today);
  j["categories"] = r.categories;
  j["channel"] = r.channel;
  j["disclosure_method"] = OptionalJson(r.disclosure_method);
  j["decided_by"] = OptionalJson(r.decided_by);
  j["stopped_since"] = due.stopped_since ? nlohmann::json(due.stopped_since->ToIso()) : nlohmann::json();
  j["stopped_days"] = due.stopped_days;
  j["extended_days"] = due.extended_days;
  // The rule the request took at intake (a later policy change never moves it).
  j["rule"] = r.deadline.rule.ToJson();  // {days, unit, remind_before}
  // Who asks, receipts and their retention flag, consultations, fee (issue 6).
  j["particulars"] = personal ? ParticularsToJson(r) : WithheldParticularsJson(r);
  j["particulars"]["relation_ja"] = workflow.rules().RelationName(r.relation);
  j["particulars"]["outside_appi"] = r.outside_appi();
  j["particulars"]["fee_owed"] = r.fee && r.fee->owed();
  nlohmann::json allowed = nlohmann::json::array();
  for (Event e : ActionableEvents(workflow.AllowedEvents(r, actor), detail.links.size(), letters)) {
    allowed.push_back(Name(e));
  }
  j["allowed_events"] = allowed;
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : detail.history) {
    history.push_back({{"version", h.version},
                       {"at", FormatJst(h.at)},
                       {"actor", h.actor},
                       {"role", Name(h.role)},
                       {"event", h.event},
                       {"data", personal ? h.data : WithheldHistoryData(h.event, h.data)},
                       {"from_state", h.from_state ? nlohmann::json(Name(*h.from_state)) : nlohmann::json()},
                       {"to_state", Name(h.to_state)}});
  }
  j["history"] = history;
  // Links both ways (a link is never a merge) and the duplicate flag.
  j["links"] = detail.links;
  if (!personal) {
    for (auto& l : j["links"]) {
      if (l["reason"].is_null()) continue;
      l["reason"] = nlohmann::json();
      l[kWithheldKey] = true;
    }
  }
  bool flagged = false;
  for (const auto& l : detail.links) flagged = flagged || (l["direction"] == "to" && l["kind"] == "duplicate");
  j["possible_duplicate"] = flagged;
  // The post: how each letter went, and which came back (from history).
  nlohmann::json post = nlohmann::json::array();
  for (const auto& h : detail.history) {
    if (!h.Is(Event::kLetterPosted) && !h.Is(Event::kLetterReturned)) continue;
    nlohmann::json p = personal ? h.data : WithheldHistoryData(h.event, h.data);
    p["event"] = h.event;
    p["at"] = FormatJst(h.at);
    p["by"] = h.actor;
    post.push_back(std::move(p));
  }
  j["post"] = post;
  if (personal && !r.disposed_at) {
    j["personal"] = detail.personal;
    // Where the letters go, and whether the identity documents show another
    // address than the request form (store/letter_address.h).
    j["letter_address"] = LetterAddressCheck(detail.personal, detail.history);
  }
  // How long it is kept (Art. 22; store/disposal.h): the last day, a manager's
  // hold, and when it was disposed of (then nothing personal is left).
  j["retention"] = {{"until", r.retention_until ? nlohmann::json(r.retention_until->ToIso()) : nlohmann::json()},
                    {"legal_hold", r.legal_hold},
                    {"due", r.retention_until && !r.disposed_at && *r.retention_until < today},
                    {"disposed_at", r.disposed_at ? nlohmann::json(FormatJst(*r.disposed_at)) : nlohmann::json()}};
  return j;
}

}  // namespace madoguchi
