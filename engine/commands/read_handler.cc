#include "commands/read_handler.h"

#include "store/disclosure_package.h"

#include <algorithm>
#include <iterator>

#include "commands/command_policy.h"

#include "commands/dashboard_view.h"
#include "commands/letter_check.h"
#include "commands/letter_context.h"
#include "commands/masked_name.h"
#include "commands/report_view.h"
#include "commands/request_views.h"
#include "commands/meta_view.h"
#include "core/letter_plan.h"
#include "core/request_id.h"
#include "core/reason_lint.h"
#include "util/base64.h"
#include "store/audit_anchor.h"
#include "store/audit_chain_verify.h"
#include "store/audit_log.h"
#include "store/disclosure_package.h"
#include "store/personal_vault.h"
#include "store/letter_archive.h"
#include "store/outbox.h"
#include "store/protected_persons.h"
#include "store/disposal.h"
#include "store/provision_store.h"
#include "store/request_links.h"
#include "store/request_rows.h"
#include "store/user_store.h"

namespace madoguchi {

Result<nlohmann::json> ReadHandler::Run(Command command, const nlohmann::json& args, const Actor& actor,
                                        Timestamp now) {
  Date today = JstDate(now);
  switch (command) {
    case Command::kShow: return Show(args, actor, today);
    case Command::kList: return List(args, actor, today);
    case Command::kOverdue: return Overdue(args, actor, today);
    case Command::kStats: return Stats(actor, today);
    case Command::kDashboard: return Dashboard(args, actor, today);
    case Command::kUsers: return Users(args, actor);
    case Command::kProtectedList: return ProtectedList();
    case Command::kProvisionList: return ProvisionList(args);
    case Command::kDisposalList: return DisposalList(args, today);
    case Command::kAuditVerify: return AuditVerify(args);
    case Command::kAuditExport: return AuditExport(args);
    case Command::kReport: return Report(args, actor, today);
    case Command::kOutbox: return Outbox(args);
    case Command::kLetters: return Letters(args, actor);
    case Command::kLetter: return Letter(args, actor);
    case Command::kDisclosureExport: return DisclosureExport(args, actor);
    case Command::kLetterContext: return LetterContext(args, actor, today);
    case Command::kAccessLog: return AccessLog(args);
    case Command::kMeta: return MetaJson(workflow_);
    case Command::kCheckReason: return CheckReason(args, actor);
    case Command::kPreview: return Preview(args, actor, now);
    // Writes and the workers' commands are not read commands (CommandRule::writes, Endpoint).
    case Command::kWhoami:
    case Command::kIntake:
    case Command::kAdvance:
    case Command::kOutboxRetry:
    case Command::kUserAdmin:
    case Command::kUnlockSignIn:
    case Command::kProtect:
    case Command::kProvision:
    case Command::kProvisionDispose:
    case Command::kLease:
    case Command::kAck:
    case Command::kFail: break;
  }
  return Status::InvalidArgument("not a read command");
}

Result<nlohmann::json> ReadHandler::AuditVerify(const nlohmann::json& args) {
  ChainKeys keys = KeysOf(reader_->vault());
  ChainVerifyOptions options;
  // The engine's own anchor file, then what the auditor brought.
  if (!settings_.audit_anchor.empty()) {
    Result<std::vector<AnchorLine>> own = ReadAnchorFile(settings_.audit_anchor, keys);
    if (!own.ok() && own.status().code() != Status::Code::kNotFound) return own.status();
    if (own.ok()) options.expected = AnchorExpectations(*own, "the anchor file");
  }
  if (args.contains("anchors")) {
    std::string text;
    for (const auto& line : args["anchors"]) text += line.get<std::string>() + "\n";
    Result<std::vector<AnchorLine>> kept = ParseAnchorLines(text, args.value("anchors_name", "the kept heads"), keys);
    if (!kept.ok()) return Status::InvalidArgument(kept.status().message());
    for (ChainExpectation& e : AnchorExpectations(*kept, args.value("anchors_name", "the kept heads"))) {
      options.expected.push_back(std::move(e));
    }
  }
  for (const auto& head : args.value("expect_heads", nlohmann::json::array())) {
    const std::string text = head.get<std::string>();
    const size_t colon = text.find(':');
    options.expected.push_back({std::stoll(text.substr(0, colon)), text.substr(colon + 1), "--expect-head " + text});
  }
  // One snapshot of the three tables.
  SQLite::Transaction snapshot(reader_->db());
  Result<ChainVerification> v = VerifyChain(reader_->db(), keys, options);
  snapshot.commit();
  if (!v.ok()) return v.status();
  return VerificationJson(*v);
}

Result<nlohmann::json> ReadHandler::AuditExport(const nlohmann::json& args) {
  std::string from = args["from"].get<std::string>();
  std::string to = args["to"].get<std::string>();
  for (const std::string* d : {&from, &to}) {
    if (Result<Date> parsed = Date::Parse(*d); !parsed.ok()) return Status::InvalidArgument(parsed.status().message());
  }
  if (from > to) return Status::InvalidArgument("from is after to");
  Result<std::vector<AuditRecord>> records = ExportAudit(reader_->db(), from, to);
  if (!records.ok()) return records.status();
  nlohmann::json items = nlohmann::json::array();
  for (const AuditRecord& r : *records) {
    items.push_back({{"seq", r.seq},
                     {"at", r.entry.at},
                     {"actor", r.entry.actor},
                     {"role", r.entry.role},
                     {"source", r.entry.source},
                     {"command", r.entry.command},
                     {"target", r.entry.target},
                     {"result", r.entry.result},
                     {"detail", r.entry.detail},
                     {"pos", r.pos},
                     {"key_id", r.key_id},
                     {"prev", r.prev},
                     {"hash", r.hash}});
  }
  return nlohmann::json{{"items", std::move(items)}};
}

Result<RequestDetail> ReadHandler::VisibleDetail(const std::string& id, const Actor& actor) {
  Result<std::optional<RequestDetail>> detail = reader_->Detail(id);
  if (!detail.ok()) return detail.status();
  if (!detail->has_value()) return Status::NotFound("no request " + id);
  if (!MaySee(actor, (*detail)->request)) {
    return Status::PermissionDenied("request " + id + " is assigned to " + (*detail)->request.assignee.value_or("") +
                                    "; reviewers see the queue and their own requests");
  }
  return std::move(**detail);
}

Result<nlohmann::json> ReadHandler::Show(const nlohmann::json& args, const Actor& actor, Date today) {
  Result<RequestDetail> detail = VisibleDetail(args["id"].get<std::string>(), actor);
  if (!detail.ok()) return detail.status();
  // Asked without personal fields (a client that wants the version), or by
  // someone who may not see this request's: none shown (neither the personal
  // record nor the sealed particulars and history text), nothing logged.
  const bool personal = args.value("personal", true) && MaySeePersonal(actor, detail->request);
  const size_t letters = LetterArchive(reader_->db(), reader_->vault(), settings_.letters_dir).ForRequest(detail->request.id).size();
  nlohmann::json j = DetailJson(*detail, workflow_, actor, today, personal, letters);
  if (personal && !detail->request.disposed_at) Accessed(detail->request.id, kAccessShow);
  // A 33(5) request: the person's records in the provision ledger, for the
  // reviewer to choose those the decision lists (logged as shown).
  if (personal && detail->request.type == RequestType::kThirdPartyRecordDisclosure &&
      detail->personal.contains("requester")) {
    const nlohmann::json& who = detail->personal["requester"];
    ProvisionFilter f;
    f.insured_symbol = who.value("insured_symbol", "");
    f.insured_number = who.value("insured_number", "");
    f.open = true;
    nlohmann::json records = nlohmann::json::array();
    if (!f.insured_number->empty()) {
      Result<std::vector<ProvisionRow>> rows = FindProvisions(reader_->db(), reader_->vault(), f);
      if (!rows.ok()) return rows.status();
      for (const ProvisionRow& r : *rows) records.push_back(r.Json());
    }
    j["provision_records"] = std::move(records);
    Accessed(detail->request.id, kAccessProvisionRecords);
  }
  return j;
}

Result<nlohmann::json> ReadHandler::ProvisionList(const nlohmann::json& args) {
  ProvisionFilter f;
  if (args.contains("insured_number")) f.insured_number = args["insured_number"].get<std::string>();
  if (args.contains("insured_symbol")) f.insured_symbol = args["insured_symbol"].get<std::string>();
  f.include_disposed = args.value("include_disposed", false);
  f.limit = args.value("limit", 200);
  f.open = true;
  Result<std::vector<ProvisionRow>> rows = FindProvisions(reader_->db(), reader_->vault(), f);
  if (!rows.ok()) return rows.status();
  nlohmann::json items = nlohmann::json::array();
  for (const ProvisionRow& r : *rows) {
    items.push_back(r.Json());
    if (r.record) Accessed("P" + std::to_string(r.id), kAccessProvision);
  }
  return nlohmann::json{{"items", std::move(items)}};
}

Status ReadHandler::AddNames(const std::vector<Request>& requests, bool full, const Actor& actor,
                             nlohmann::json* items) {
  for (size_t i = 0; i < requests.size(); ++i) {
    const Request& r = requests[i];
    bool personal = full && MaySeePersonal(actor, r);
    if (!personal && !MaySeeMaskedName(actor, r)) continue;
    if (r.disposed_at) continue;  // disposed of: no name is left to show
    Result<nlohmann::json> record = LoadPersonal(reader_->db(), reader_->vault(), r.id);
    if (!record.ok()) return record.status();
    const nlohmann::json& who = (*record)["requester"];
    std::string name = who.value("name", "");
    std::string kana = who.value("kana", "");
    if (personal) {
      (*items)[i]["requester"] = {{"name", name}, {"kana", kana}, {"masked", false}};
      Accessed(r.id, kAccessList);
    } else {
      (*items)[i]["requester"] = {{"name", MaskedName(name)}, {"kana", MaskedName(kana)}, {"masked", true}};
    }
  }
  return Status::Ok();
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
  filter.open_only = args.value("open", false);
  if (args.contains("due")) {
    // The same two windows as stats and overdue count.
    Date until = workflow_.calendar().AddBusinessDays(today, kDefaultDueSoonBusinessDays);
    filter.running_due = args["due"] == "overdue" ? OverdueRange(today) : DueSoonRange(today, until);
  }
  if (args.contains("sort")) {
    std::optional<ListSort> sort = ParseListSort(args["sort"].get<std::string>());
    if (!sort) return Status::InvalidArgument("sort: no order '" + args["sort"].get<std::string>() + "'");
    filter.sort = *sort;
  }
  // Most recently received first, as before sorting was offered; any other
  // column from its smallest value, unless `order` says otherwise.
  filter.descending = args.contains("order") ? args["order"] == "desc" : filter.sort == ListSort::kReceivedAt;
  filter.limit = args.value("limit", 50);
  filter.offset = args.value("offset", 0);
  if (args.contains("insured_number") || args.contains("name")) {
    Result<std::vector<std::string>> ids = PersonalSearch(args, actor);
    if (!ids.ok()) return ids.status();
    filter.ids = std::move(ids).value();
  }
  if (args.contains("id")) {
    // The 受付番号 a requester quotes, as staff type it (core/request_id.h).
    const std::string typed = args["id"].get<std::string>();
    std::optional<std::string> id = RequestIdFromFolded(FoldForMatching(typed));
    if (!id) return Status::InvalidArgument("id: '" + typed + "' is not a request id");
    if (filter.ids && std::find(filter.ids->begin(), filter.ids->end(), *id) == filter.ids->end()) {
      filter.ids->clear();  // also searched by person: this id is not among theirs
    } else {
      filter.ids = std::vector<std::string>{*id};
    }
  }
  Result<ListPage> page = reader_->List(filter, VisibilityFor(actor));
  if (!page.ok()) return page.status();
  nlohmann::json items = SummaryListJson(page->items, workflow_, today);
  if (Status s = AddNames(page->items, args.value("personal", false), actor, &items); !s.ok()) return s;
  return nlohmann::json{{"total", page->total}, {"offset", filter.offset}, {"items", std::move(items)}};
}

Result<std::vector<std::string>> ReadHandler::PersonalSearch(const nlohmann::json& args, const Actor& actor) {
  // Searching by personal fields says whose requests they are: only for
  // those who may see personal fields, and then only among the requests
  // whose personal fields they may see (MaySeePersonal).
  Request own;
  own.assignee = actor.user;
  if (!MaySeePersonal(actor, own)) {
    return Status::PermissionDenied(std::string(Name(actor.role)) +
                                    " may not search by insured number or name (personal fields)");
  }
  std::optional<std::vector<std::string>> ids;
  for (const auto& [arg, kind] : {std::pair{"insured_number", "insured"}, std::pair{"name", "name"}}) {
    if (!args.contains(arg)) continue;
    Result<std::vector<std::string>> found = reader_->SearchPersonal(kind, args[arg].get<std::string>());
    if (!found.ok()) return found.status();
    if (!ids) {
      ids = std::move(found).value();
    } else {  // both given: requests matching both
      std::vector<std::string> both;
      std::set_intersection(ids->begin(), ids->end(), found->begin(), found->end(), std::back_inserter(both));
      ids = std::move(both);
    }
  }
  if (ids->empty()) return *ids;
  ListFilter all;
  all.ids = *ids;
  all.limit = static_cast<int>(ids->size());
  Result<ListPage> candidates = reader_->List(all, VisibilityFor(actor));
  if (!candidates.ok()) return candidates.status();
  std::vector<std::string> out;
  for (const Request& r : candidates->items) {
    if (MaySeePersonal(actor, r)) out.push_back(r.id);
  }
  return out;
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
  nlohmann::json j = CountsJson(*c);
  j["dead_outbox"] = madoguchi::Outbox(reader_->db()).DeadCount();
  // Returned letters and flagged duplicates are the office's to see, not a
  // single reviewer's.
  if (!VisibilityFor(actor).reviewer) {
    Result<nlohmann::json> post = reader_->PostAndDuplicates(kPostListLimit);
    if (!post.ok()) return post.status();
    j.update(*post);
  }
  return j;
}

Result<nlohmann::json> ReadHandler::Dashboard(const nlohmann::json& args, const Actor& actor, Date today) {
  // The dashboard counts every request; someone who may see only some of
  // them must not learn about the others from its totals.
  if (VisibilityFor(actor).reviewer) {
    return Status::PermissionDenied("the dashboard shows the whole office; " + actor.user + " sees only some requests");
  }
  DashboardQuery query = DashboardQueryFor(today, args.value("soon_business_days", kDefaultDueSoonBusinessDays),
                                           args.value("weeks", kDefaultDashboardWeeks), workflow_.calendar());
  Result<DashboardData> data = reader_->Dashboard(query);
  if (!data.ok()) return data.status();
  nlohmann::json j = DashboardJson(*data, query, madoguchi::Outbox(reader_->db()).DeadCount(), workflow_);
  Result<nlohmann::json> post = reader_->PostAndDuplicates(kPostListLimit);
  if (!post.ok()) return post.status();
  j.update(*post);
  return j;
}

Result<nlohmann::json> ReadHandler::Report(const nlohmann::json& args, const Actor& actor, Date today) {
  // As the dashboard: a ledger of the whole office for those who see all of it.
  if (VisibilityFor(actor).reviewer) {
    return Status::PermissionDenied("the report lists the whole office; " + actor.user + " sees only some requests");
  }
  Result<ReportPeriod> period = ReportPeriodOf(args["year"].get<int>(), args.value("period", "calendar"));
  if (!period.ok()) return period.status();
  Result<std::vector<ReportRow>> rows = reader_->Report(period->first, period->last);
  if (!rows.ok()) return rows.status();
  return ReportJson(*period, *rows, today, settings_.society);
}

Result<nlohmann::json> ReadHandler::Users(const nlohmann::json& args, const Actor& actor) {
  UserStore store(reader_->db());
  std::optional<Role> role;
  if (args.contains("role")) {
    role = ParseRole(args["role"].get<std::string>());
    if (!role) return Status::InvalidArgument("role: no role '" + args["role"].get<std::string>() + "'");
  }
  // Both come sorted by name; WithRole leaves out disabled users, All does not.
  Result<std::vector<User>> users = role ? store.WithRole(*role) : store.All();
  if (!users.ok()) return users.status();
  nlohmann::json items = nlohmann::json::array();
  for (const User& u : *users) {
    if (u.disabled) continue;
    nlohmann::json item = {{"name", u.name}, {"role", Name(u.role)}};
    // Admins manage the grants and kinds, so they see them.
    if (actor.role == Role::kAdmin && u.role == Role::kAuditor) item["personal_granted"] = u.personal_granted();
    if (actor.role == Role::kAdmin && u.role == Role::kWorker) item["kinds"] = u.kinds;
    items.push_back(std::move(item));
  }
  return nlohmann::json{{"items", items}};
}

Result<nlohmann::json> ReadHandler::ProtectedList() {
  nlohmann::json items = nlohmann::json::array();
  for (const ProtectedEntry& e : ProtectedPersons(reader_->db())) {
    items.push_back({{"id", e.id}, {"added_by", e.added_by}, {"added_at", e.added_at}});
  }
  return nlohmann::json{{"items", items}};
}

Result<nlohmann::json> ReadHandler::DisposalList(const nlohmann::json& args, Date today) {
  std::optional<RetentionFilter> filter = ParseRetentionFilter(args.value("filter", "due"));
  if (!filter) return Status::InvalidArgument("filter: one of due, kept, held, disposed");
  Result<RetentionList> list = ListRetention(reader_->db(), *filter, today, args.value("limit", 200));
  if (!list.ok()) return list.status();
  nlohmann::json items = nlohmann::json::array();
  for (const RetentionRow& row : list->rows) items.push_back(RetentionRowJson(row));
  return nlohmann::json{{"filter", args.value("filter", "due")}, {"today", today.ToIso()}, {"total", list->total},
                        {"items", items}};
}

Result<nlohmann::json> ReadHandler::Outbox(const nlohmann::json& args) {
  madoguchi::Outbox outbox(reader_->db());
  nlohmann::json items = nlohmann::json::array();
  for (const OutboxRow& row : outbox.List(args.value("dead", false), args.value("limit", 100))) {
    items.push_back({{"id", row.id},
                     {"request_id", row.request_id},
                     {"kind", row.kind},
                     {"what", row.kind == "letter" ? row.payload.value("letter_kind", "")
                                                    : row.payload.value("stage", "")},
                     {"attempts", row.attempts},
                     {"leased_to", row.leased_to ? nlohmann::json(*row.leased_to) : nlohmann::json()},
                     {"dead_at", row.dead_at ? nlohmann::json(FormatJst(*row.dead_at)) : nlohmann::json()},
                     {"last_error", row.last_error},
                     {"created_at", FormatJst(row.created_at)}});
  }
  return nlohmann::json{{"dead_total", outbox.DeadCount()}, {"items", items}};
}

Result<nlohmann::json> ReadHandler::Letters(const nlohmann::json& args, const Actor& actor) {
  Result<RequestDetail> detail = VisibleDetail(args["id"].get<std::string>(), actor);
  if (!detail.ok()) return detail.status();
  LetterArchive archive(reader_->db(), reader_->vault(), settings_.letters_dir);
  nlohmann::json items = nlohmann::json::array();
  int n = 0;
  for (const LetterRecord& l : archive.ForRequest(detail->request.id)) {
    items.push_back({{"n", ++n},
                     {"letter_id", l.letter_id},
                     {"kind", l.kind},
                     {"title", LetterTitle(l.kind)},
                     {"revision", l.revision},
                     {"issued_at", FormatJst(l.issued_at)},
                     {"sha256", l.pdf_sha256},
                     {"pdf_bytes", l.pdf_bytes}});
  }
  // Whether this caller may fetch the PDFs (`letter`, below): the desk offers
  // the links only then, rather than links that answer 403 (issue 18).
  const bool pdf = Reaches("letter", actor, detail->request) && !detail->request.disposed_at;
  return nlohmann::json{{"items", items}, {"pdf", pdf}};
}

Result<nlohmann::json> ReadHandler::Letter(const nlohmann::json& args, const Actor& actor) {
  Result<RequestDetail> detail = VisibleDetail(args["id"].get<std::string>(), actor);
  if (!detail.ok()) return detail.status();
  // A letter names the requester and their address: the policy table's
  // `letter` row reaches as far as personal fields do.
  if (!Reaches("letter", actor, detail->request)) {
    return Status::PermissionDenied("the letters of " + detail->request.id + " hold personal data, which " + actor.user +
                                    " may not see");
  }
  LetterArchive archive(reader_->db(), reader_->vault(), settings_.letters_dir);
  std::vector<LetterRecord> all = archive.ForRequest(detail->request.id);
  int n = args["n"].get<int>();
  if (n < 1 || n > static_cast<int>(all.size())) {
    return Status::NotFound("request " + detail->request.id + " has " + std::to_string(all.size()) +
                            " letters; there is no letter " + std::to_string(n));
  }
  const LetterRecord& l = all[static_cast<size_t>(n - 1)];
  if (detail->request.disposed_at) {
    return Status::NotFound("request " + detail->request.id + " was disposed of at the end of its retention period (" +
                            FormatJst(*detail->request.disposed_at) + "): its letters are gone; the record of letter " +
                            std::to_string(n) + " (" + l.kind + ", SHA-256 " + l.pdf_sha256 + ") remains");
  }
  Result<std::string> pdf = archive.ReadFile(l.pdf_sha256, "pdf");
  if (!pdf.ok()) return pdf.status();
  Result<std::string> text = archive.ReadFile(l.text_sha256, "txt");
  if (!text.ok()) return text.status();
  Accessed(detail->request.id, kAccessLetter);
  return nlohmann::json{{"letter_id", l.letter_id}, {"kind", l.kind}, {"title", LetterTitle(l.kind)},
                        {"issued_at", FormatJst(l.issued_at)}, {"sha256", l.pdf_sha256},
                        {"pdf_base64", Base64Encode(*pdf)}, {"text", *text}};
}

Result<nlohmann::json> ReadHandler::DisclosureExport(const nlohmann::json& args, const Actor& actor) {
  Result<RequestDetail> detail = VisibleDetail(args["id"].get<std::string>(), actor);
  if (!detail.ok()) return detail.status();
  const Request& r = detail->request;
  if (!r.delivery || r.delivery->files.empty()) return Status::NotFound("request " + r.id + " has disclosed nothing");
  const Delivery& d = *r.delivery;
  std::string sha256, extension, name;
  if (args.contains("n")) {
    const int n = args["n"].get<int>();
    if (n < 1 || n > static_cast<int>(d.files.size())) {
      return Status::NotFound("request " + r.id + " has " + std::to_string(d.files.size()) + " disclosed files; there is no file " +
                              std::to_string(n));
    }
    const DisclosedFile& f = d.files[static_cast<size_t>(n - 1)];
    sha256 = f.sha256;
    extension = f.media_type == "application/pdf" ? "pdf" : "csv";
    char number[8];
    std::snprintf(number, sizeof number, "%02d", f.n);
    name = r.id + "-" + number + "." + extension;
  } else {
    if (!d.package) return Status::NotFound("request " + r.id + " has no package (it was not disclosed electronically)");
    sha256 = d.package->sha256;
    extension = "zip";
    name = r.id + ".zip";
  }
  LetterArchive archive(reader_->db(), reader_->vault(), settings_.letters_dir);
  Result<std::string> bytes = archive.ReadFile(sha256, extension);
  if (!bytes.ok()) return bytes.status();
  Accessed(r.id, kAccessDisclosure);
  return nlohmann::json{{"id", r.id}, {"name", name}, {"sha256", sha256},
                        {"bytes", static_cast<int64_t>(bytes->size())}, {"content_base64", Base64Encode(*bytes)}};
}

Result<nlohmann::json> ReadHandler::LetterContext(const nlohmann::json& args, const Actor& actor, Date today) {
  int64_t id = args["outbox_id"].get<int64_t>();
  std::optional<OutboxRow> row = madoguchi::Outbox(reader_->db()).HeldBy(id, actor.user);
  // Personal data only for a letter worker that holds this letter's lease.
  bool letter_worker = std::find(actor.kinds.begin(), actor.kinds.end(), "letter") != actor.kinds.end();
  if (!row || row->kind != "letter" || row->done_at || !letter_worker) {
    return Status::PermissionDenied("outbox message " + std::to_string(id) + " is not a letter job leased to " + actor.user);
  }
  Result<std::optional<RequestDetail>> detail = reader_->Detail(row->request_id);
  if (!detail.ok()) return detail.status();
  if (!detail->has_value()) return Status::NotFound("no request " + row->request_id);
  Result<nlohmann::json> context = LetterContextFor(**detail, row->payload, settings_.society, workflow_, today);
  if (context.ok() && row->payload.value("letter_kind", "") == "package_password_notice") {
    // The one reply that carries a package's password: to the worker printing it.
    const std::string letter_id = row->payload.value("letter_id", "");
    Result<std::optional<std::string>> password = WithSqliteErrors(
        "reading a package password", [&] { return PackagePasswordFor(reader_->db(), reader_->vault(), letter_id); });
    if (!password.ok()) return password.status();
    if (!password->has_value()) {
      return Status::Conflict("the password of letter " + letter_id + " is gone: its letter was recorded already");
    }
    context.value()["package"]["password"] = **password;
  }
  if (context.ok()) Accessed(row->request_id, kAccessLetterContext);
  return context;
}

Result<nlohmann::json> ReadHandler::AccessLog(const nlohmann::json& args) {
  // Managers and auditors see every request (policy table), so no
  // visibility check: an unknown id is still reported as unknown.
  // (RequestExists: the request row only; its personal record is not read.)
  std::string id = args["id"].get<std::string>();
  Result<bool> exists = WithSqliteErrors("finding a request", [&]() -> Result<bool> { return RequestExists(reader_->db(), id); });
  if (!exists.ok()) return exists.status();
  if (!*exists) return Status::NotFound("no request " + id);
  Result<std::vector<PersonalAccess>> rows = PersonalAccessFor(reader_->db(), id, kAccessLogLimit);
  if (!rows.ok()) return rows.status();
  nlohmann::json items = nlohmann::json::array();
  for (const PersonalAccess& a : *rows) {
    items.push_back({{"at", a.at}, {"actor", a.actor}, {"role", a.role}, {"source", a.source}, {"what", a.what}});
  }
  return nlohmann::json{{"id", id}, {"items", std::move(items)}};
}

Result<nlohmann::json> ReadHandler::CheckReason(const nlohmann::json& args, const Actor& actor) {
  // With a request: the institutions it consulted are names the letter must not carry.
  std::vector<std::string> names;
  if (args.contains("id")) {
    Result<RequestDetail> detail = VisibleDetail(args["id"].get<std::string>(), actor);
    if (!detail.ok()) return detail.status();
    // The names are health-related data (core/sealed_fields.h): only for those who may see them.
    if (MaySeePersonal(actor, detail->request)) {
      for (const Consultation& c : detail->request.consultations) names.push_back(c.institution);
    }
  }
  return nlohmann::json{
      {"warnings", WarningsJson(LintLetterText(args["text"].get<std::string>(), workflow_.rules().reason_phrases(), names))}};
}

Result<nlohmann::json> ReadHandler::Preview(const nlohmann::json& args, const Actor& actor, Timestamp now) {
  Result<RequestDetail> detail = VisibleDetail(args["id"].get<std::string>(), actor);
  if (!detail.ok()) return detail.status();
  // A letter holds the requester's name and address: the reach of personal fields.
  if (!MaySeePersonal(actor, detail->request)) {
    return Status::PermissionDenied("the letters of request " + detail->request.id + " hold personal data " +
                                    actor.user + " may not see");
  }
  std::optional<Event> event = ParseEvent(args["event"].get<std::string>());
  if (!event) return Status::InvalidArgument("event: '" + args["event"].get<std::string>() + "' is not an event");
  // The event as the workflow would apply it now (its refusal, if it would be refused).
  EventCommand command{*event, args.value("data", nlohmann::json::object()), detail->request.version};
  Result<Request> next = workflow_.Apply(detail->request, actor, command, now);
  if (!next.ok()) return next.status();
  RequestDetail after{*next, detail->history, detail->personal};
  after.history.push_back({next->version, now, actor.user, actor.role, std::string(Name(*event)), command.data,
                           detail->request.state, next->state});
  LetterWriter writer{settings_.society, settings_.templates_dir, &workflow_};
  Result<std::vector<WrittenLetter>> letters = writer.LettersOf(*event, after, now);
  if (!letters.ok()) return letters.status();
  nlohmann::json items = nlohmann::json::array();
  for (const WrittenLetter& l : *letters) items.push_back({{"kind", l.kind}, {"title", l.title}, {"text", l.text}});
  if (!items.empty()) Accessed(detail->request.id, kAccessPreview);
  return nlohmann::json{{"letters", std::move(items)}};
}

}  // namespace madoguchi
