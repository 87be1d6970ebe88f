#include "commands/read_handler.h"

#include "commands/request_views.h"

namespace madoguchi {

Result<nlohmann::json> ReadHandler::Run(Command command, const nlohmann::json& args, const Actor& actor,
                                        Timestamp now) {
  Date today = JstDate(now);
  switch (command) {
    case Command::kShow: return Show(args, actor, today);
    case Command::kList: return List(args, actor, today);
    case Command::kOverdue: return Overdue(args, actor, today);
    case Command::kStats: return Stats(actor, today);
    case Command::kWhoami:
    case Command::kIntake:
    case Command::kAdvance: break;
  }
  return Status::InvalidArgument("not a read command");
}

Result<nlohmann::json> ReadHandler::Show(const nlohmann::json& args, const Actor& actor, Date today) {
  std::string id = args["id"].get<std::string>();
  Result<std::optional<RequestDetail>> detail = reader_->Detail(id);
  if (!detail.ok()) return detail.status();
  if (!detail->has_value()) return Status::NotFound("no request " + id);
  if (!MaySee(actor, (*detail)->request)) {
    return Status::PermissionDenied("request " + id + " is assigned to " + (*detail)->request.assignee.value_or("") +
                                    "; reviewers see the queue and their own requests");
  }
  return DetailJson(**detail, workflow_, actor, today);
}

Result<nlohmann::json> ReadHandler::List(const nlohmann::json& args, const Actor& actor, Date today) {
  ListFilter filter;
  if (args.contains("state")) filter.state = ParseState(args["state"].get<std::string>());
  if (args.contains("type")) filter.type = ParseRequestType(args["type"].get<std::string>());
  if (args.contains("assignee")) filter.assignee = args["assignee"].get<std::string>();
  if (args.contains("due_before")) {
    Result<Date> d = Date::Parse(args["due_before"].get<std::string>());
    if (!d.ok()) return Status::InvalidArgument("due_before: " + d.status().message());
    filter.due_before = *d;
  }
  filter.limit = args.value("limit", 50);
  filter.offset = args.value("offset", 0);
  Result<ListPage> page = reader_->List(filter, VisibilityFor(actor));
  if (!page.ok()) return page.status();
  return nlohmann::json{{"total", page->total},
                        {"offset", filter.offset},
                        {"items", SummaryListJson(page->items, workflow_, today)}};
}

Result<nlohmann::json> ReadHandler::Overdue(const nlohmann::json& args, const Actor& actor, Date today) {
  int days = args.value("days", kDefaultDueSoonBusinessDays);
  Date until = workflow_.calendar().AddBusinessDays(today, days);
  Result<std::vector<Request>> overdue = reader_->Overdue(today, VisibilityFor(actor));
  if (!overdue.ok()) return overdue.status();
  Result<std::vector<Request>> soon = reader_->DueBetween(today, until, VisibilityFor(actor));
  if (!soon.ok()) return soon.status();
  return nlohmann::json{{"today", today.ToIso()},
                        {"due_soon_until", until.ToIso()},
                        {"overdue", SummaryListJson(*overdue, workflow_, today)},
                        {"due_soon", SummaryListJson(*soon, workflow_, today)}};
}

Result<nlohmann::json> ReadHandler::Stats(const Actor& actor, Date today) {
  Date until = workflow_.calendar().AddBusinessDays(today, kDefaultDueSoonBusinessDays);
  Result<RequestCounts> c = reader_->Counts(today, until, VisibilityFor(actor));
  if (!c.ok()) return c.status();
  return nlohmann::json{{"by_state", c->by_state},
                        {"by_type", c->by_type},
                        {"open", c->open},
                        {"overdue", c->overdue},
                        {"due_soon", c->due_soon}};
}

}  // namespace madoguchi
