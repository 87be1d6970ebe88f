#include "web/web_desk.h"

#include <spdlog/spdlog.h>

#include <optional>

#include "core/embedded_files.h"
#include "core/jst_time.h"
#include "core/request_id.h"
#include "core/schema_refs.h"
#include "core/workflow_table.h"
#include "letters/report_csv.h"
#include "util/base64.h"
#include "protocol/wire.h"
#include "server/command_server.h"
#include "web/api_body.h"
#include "web/api_status.h"
#include "web/command_channel.h"
#include "web/form_fields.h"
#include "web/http_cookies.h"
#include "web/http_router.h"
#include "web/http_server.h"
#include "web/intake_field_errors.h"
#include "web/loopback_address.h"
#include "web/password_hash.h"
#include "web/report_drawer.h"
#include "web/request_origin.h"
#include "web/session_store.h"
#include "web/sign_in_form.h"
#include "web/sign_in_tokens.h"
#include "web/static_files.h"
#include "web/web_authenticator.h"

namespace madoguchi {

namespace {

// How long an HTTP request waits for the engine's answer.
constexpr auto kCommandTimeout = std::chrono::seconds(30);

// "/desk/requests/R[0-9]{4}-[0-9]{6}": a route naming one request, its id in
// the engine's form (core/request_id.h); `after` may capture more.
std::string RequestRoute(std::string_view before, std::string_view after = "") {
  return std::string(before) + "(" + std::string(kRequestIdPattern) + ")" + std::string(after);
}

// {event: its data schema} for every event a form may fire.
nlohmann::json EventSchemas() {
  nlohmann::json schemas = nlohmann::json::object();
  for (Event e : AllEvents()) {
    if (e == Event::kIntake) continue;
    const std::string path = "schemas/events/" + std::string(Name(e)) + ".schema.json";
    Result<nlohmann::json> schema = ResolvedSchema(path);
    if (!schema.ok()) throw std::logic_error(path + ": " + schema.status().message());  // a build defect
    schemas[std::string(Name(e))] = std::move(schema).value();
  }
  return schemas;
}

// The pages, by address; each needs a session.
struct Page {
  std::string pattern;
  const char* file;
};
const Page kPages[] = {
    {"/desk/intake", "intake.html"},
    {"/desk/queue", "queue.html"},
    {RequestRoute("/desk/requests/"), "request.html"},
    {"/desk/dashboard", "dashboard.html"},
    {"/desk/report", "report.html"},
    {"/desk/provision", "provision.html"},
    {"/desk/retention", "retention.html"},
};

// What the sign-in page needs, and all that answers without a session.
constexpr const char* kPublicAssets[] = {"style.css", "login.js", "sign-in.js"};

// Where each role starts.
std::string HomeOf(const std::string& role) {
  const std::optional<Role> known = ParseRole(role);
  if (known == Role::kClerk) return "/desk/intake";
  if (known == Role::kReviewer) return "/desk/queue";
  return "/desk/dashboard";
}

// Headers on every answer: no caching of personal data, no framing, no
// scripts or styles from anywhere but the desk itself; under HTTPS, HSTS (a
// browser that has seen the desk once never tries it over plain HTTP again).
std::vector<std::pair<std::string, std::string>> SecurityHeaders(bool https) {
  std::vector<std::pair<std::string, std::string>> h = {
      {"Cache-Control", "no-store"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"},
  };
  if (https) h.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return h;
}

// The command envelope without the request id, which only the in-process
// channel uses to match replies.
void SendJson(HttpResponse& res, int status, nlohmann::json body) {
  body.erase("request_id");
  res.status = status;
  res.SetContent(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json; charset=utf-8");
}

void SendError(HttpResponse& res, int status, std::string_view code, std::string_view message) {
  SendJson(res, status, ErrorReply(nullptr, code, message));
}

// Who is asking: a session (cookie) or the bearer of a token.
struct Caller {
  std::string user;
  std::optional<Session> session;  // empty for a bearer
  // A session's: whether the command path just answered whoami for it with
  // the role bound at sign-in (identify asks, so that pages need not again).
  bool confirmed = false;

  // The role a session was opened with; a bearer's is whatever the user holds.
  std::string bound_role() const { return session ? session->role : std::string(); }
};

std::optional<std::string> BearerToken(const HttpRequest& req) {
  std::string auth = req.headers.Get("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (auth.size() <= kPrefix.size() || auth.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  return auth.substr(kPrefix.size());
}

// The CSRF token a state-changing request carries: the X-CSRF-Token header,
// else the "csrf" field of its body (`body_field`). Never the query string.
std::string SubmittedCsrf(const HttpRequest& req, const std::string& body_field) {
  std::string header = req.headers.Get("X-CSRF-Token");
  return header.empty() ? body_field : header;
}

// The "csrf" field of a JSON object or urlencoded body (logout has no other fields).
std::string CsrfFieldOf(const HttpRequest& req) {
  if (BodyTypeOf(req) == BodyType::kForm) return FormField(ParseFormFields(req.body), "csrf").value_or("");
  Result<ApiBody> body = ParseApiBody(req.body);
  return body.ok() ? body->csrf : std::string();
}

std::string Scheme(const WebDeskOptions& options) { return options.https() ? "https" : "http"; }

// What a failed or refused sign-in may log and audit of the name typed: the
// name of a known user, else "unknown" (the box may hold a mistyped password).
std::string LoggedName(const std::string& user, bool known) { return known ? user : std::string("unknown"); }

}  // namespace

WebDesk::WebDesk() = default;

Result<std::unique_ptr<WebDesk>> WebDesk::Start(zmq::context_t& context, const std::string& db_path,
                                                const WebDeskOptions& options, size_t max_body_bytes) {
  if (!options.https() && !IsLoopbackAddress(options.address)) {
    return Status::InvalidArgument("web.address " + options.address +
                                   " is reachable from the network: set web.certificate and web.private_key "
                                   "(HTTPS), or serve on 127.0.0.1 behind a TLS proxy");
  }
  std::unique_ptr<WebDesk> desk(new WebDesk());
  desk->options_ = options;
  Result<std::unique_ptr<WebAuthenticator>> authenticator = WebAuthenticator::Open(db_path, options.sign_in);
  if (!authenticator.ok()) return authenticator.status();
  desk->authenticator_ = std::move(authenticator).value();
  desk->channel_ = std::make_unique<CommandChannel>(context, kLocalCommandsEndpoint, kCommandTimeout);
  desk->sessions_ = std::make_unique<SessionStore>(options.session_idle,
                                                   std::chrono::duration_cast<std::chrono::minutes>(options.session_max));
  desk->sign_in_tokens_ = std::make_unique<SignInTokens>();
  desk->files_ = std::make_unique<StaticFiles>(options.assets_dir);
  desk->report_drawer_ = std::make_unique<ReportDrawer>(options.report_drawer);
  if (!desk->report_drawer_->Installed()) {
    spdlog::warn("web desk: no report drawer at {}: report PDFs will be answered 503 (web.report_drawer)",
                 desk->report_drawer_->program());
  }
  if (!desk->files_->Read("login.html")) {
    return Status::NotFound("no web desk pages in " + options.assets_dir + " (login.html is missing)");
  }
  desk->Route();

  HttpServerOptions http;
  http.address = options.address;
  http.port = options.port;
  http.certificate = options.certificate;
  http.private_key = options.private_key;
  http.max_body_bytes = max_body_bytes;
  http.head_timeout = options.head_timeout;
  http.keep_alive = options.keep_alive;
  http.max_connections = options.max_connections;
  http.max_connections_per_address = options.max_connections_per_address;
  http.threads = options.threads;
  http.sign_in_concurrency = options.sign_in_concurrency;
  WebDesk* self = desk.get();
  HttpServerCallbacks callbacks;
  // On an I/O thread: in-memory session lookups and one indexed read for a
  // bearer token, nothing slower.
  callbacks.classify = [self](const HttpRequest& req) {
    if (req.method == "POST" && req.path == "/login") return RequestKind::kSignIn;
    if (std::optional<std::string> token = BearerToken(req)) {
      return self->authenticator_->UserOfToken(*token) ? RequestKind::kStaff : RequestKind::kAnonymous;
    }
    std::optional<std::string> id =
        CookieValue(req.headers.Get("Cookie"), CookieName(kSessionCookie, self->options_.https()));
    return id && self->sessions_->Find(*id) ? RequestKind::kStaff : RequestKind::kAnonymous;
  };
  callbacks.handle = [self](HttpRequest& req) { return self->router_->Dispatch(req); };
  callbacks.refuse = [](int status, std::string_view code, std::string_view message) {
    HttpResponse res;
    SendError(res, status, code, message);
    return res;
  };
  callbacks.common_headers = SecurityHeaders(options.https());
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(http, std::move(callbacks));
  if (!server.ok()) return server.status();
  desk->server_ = std::move(server).value();

  std::string host = options.address.find(':') != std::string::npos ? "[" + options.address + "]" : options.address;
  desk->url_ = Scheme(options) + "://" + host + ":" + std::to_string(desk->server_->port()) + "/";
  spdlog::info("web desk on {} (pages from {})", desk->url_, options.assets_dir);
  return desk;
}

WebDesk::~WebDesk() { Stop(); }

void WebDesk::Stop() {
  if (server_) server_->Stop();
}

int64_t WebDesk::ActiveSessions() { return static_cast<int64_t>(sessions_->size()); }

bool WebDesk::UnlockSignIn(const std::string& user) { return authenticator_->UnlockSignIn(user); }

void WebDesk::Route() {
  router_ = std::make_unique<HttpRouter>([](const HttpRequest& req, HttpResponse& res) {
    SendError(res, 404, "not_found", "no " + req.method + " " + req.path);
  });
  HttpRouter& router = *router_;
  const bool secure = options_.https();
  const std::string session_cookie = CookieName(kSessionCookie, secure);
  const std::string sign_in_cookie = CookieName(kSignInCookie, secure);

  // Who is asking; nothing when neither a live session nor a known token.
  auto identify = [this, session_cookie](const HttpRequest& req) -> std::optional<Caller> {
    if (std::optional<std::string> token = BearerToken(req)) {
      std::optional<std::string> user = authenticator_->UserOfToken(*token);
      if (!user) return std::nullopt;
      return Caller{*user, std::nullopt};
    }
    std::optional<std::string> id = CookieValue(req.headers.Get("Cookie"), session_cookie);
    if (!id) return std::nullopt;
    std::optional<Session> session = sessions_->Find(*id);
    if (!session) return std::nullopt;
    // Disabled, or given another role, since signing in: the session ends now.
    nlohmann::json who = channel_->Call(session->user, "whoami", nlohmann::json::object(), session->role);
    if (!who.value("ok", false) && who["error"].value("code", "") == "permission_denied") {
      sessions_->End(session->id);
      spdlog::info("web session of {} ended: {}", session->user, who["error"].value("message", ""));
      return std::nullopt;
    }
    return Caller{session->user, session, who.value("ok", false)};
  };

  // A session's state-changing request must carry its CSRF token; a bearer's
  // needs none (no browser sends a bearer token by itself).
  auto csrf_ok = [](const HttpRequest& req, const Caller& caller, const std::string& body_field) {
    return !caller.session || SameSecret(SubmittedCsrf(req, body_field), caller.session->csrf);
  };

  // The user's role, asked of the command path (which refuses a disabled user).
  auto whoami = [this](const Caller& caller) {
    return channel_->Call(caller.user, "whoami", nlohmann::json::object(), caller.bound_role());
  };

  // Every POST, before anything else: from the desk's own origin (or from a
  // client that names none), with a body of a type no other site can send
  // without asking the desk first.
  auto post_refused = [secure](const HttpRequest& req, HttpResponse& res, std::initializer_list<BodyType> accepted) {
    if (FromAnotherOrigin(req, secure)) {
      SendError(res, 403, "permission_denied", "a request from another origin is refused");
      return true;
    }
    BodyType type = BodyTypeOf(req);
    for (BodyType a : accepted) {
      if (type == a) return false;
    }
    SendError(res, 415, "malformed", "unsupported Content-Type " + req.headers.Get("Content-Type"));
    return true;
  };

  // --- Signing in and out ---------------------------------------------------
  router.Get("/login", [this](const HttpRequest&, HttpResponse& res) {
    std::optional<StaticFile> page = files_->Read("login.html");
    if (!page) return SendError(res, 404, "not_found", "no sign-in page");
    res.SetContent(page->content, page->content_type);
  });

  // A pre-session for the sign-in form: its id in an HttpOnly cookie, its
  // token in the answer, which only the desk's own pages can read.
  router.Get("/login/token", [this, secure, sign_in_cookie](const HttpRequest&, HttpResponse& res) {
    SignInTokens::PreSession pre = sign_in_tokens_->Create();
    res.headers.Add("Set-Cookie", SetCookieHeader(sign_in_cookie, pre.id, {.http_only = true, .secure = secure}));
    SendJson(res, 200, OkReply(nullptr, {{"csrf", pre.csrf}}));
  });

  router.Post("/login", [this, secure, whoami, post_refused, session_cookie, sign_in_cookie](const HttpRequest& req,
                                                                                              HttpResponse& res) {
    if (post_refused(req, res, {BodyType::kJson, BodyType::kForm})) return;
    Result<SignInForm> form = ParseSignInForm(req.headers.Get("Content-Type"), req.body);
    if (!form.ok()) return SendError(res, 400, "malformed", form.status().message());
    std::optional<std::string> pre = CookieValue(req.headers.Get("Cookie"), sign_in_cookie);
    if (!pre || !sign_in_tokens_->Take(*pre, SubmittedCsrf(req, form->csrf))) {
      return SendError(res, 403, "permission_denied", "the sign-in form has expired; reload the page");
    }
    // The pre-session is used up, whatever happens next.
    res.headers.Add("Set-Cookie", SetCookieHeader(sign_in_cookie, "", {.http_only = true, .secure = secure, .expire = true}));
    const std::string& user = form->user;
    // The audit log: a known name or "unknown", never the password.
    auto audit = [this](const std::string& actor, const std::string& role, const char* event, std::string_view result) {
      if (options_.audit) {
        options_.audit->Add(AuditEntry{FormatJst(Now()), actor, role, "web", event, "", std::string(result)});
      }
    };
    SignInResult signed_in = authenticator_->SignIn(user, form->password, req.remote_address);
    const std::string logged = LoggedName(user, signed_in.known_user);
    if (!signed_in.status.ok() && options_.metrics) ++options_.metrics->sign_in_failures;
    if (signed_in.status.code() == Status::Code::kUnavailable) {
      spdlog::warn("web sign-in refused for {} from {}: {}", logged, req.remote_address, signed_in.status.message());
      audit(logged, "", "sign_in", signed_in.status.code_name());
      res.headers.Set("Retry-After", std::to_string(signed_in.retry_after.count()));
      return SendError(res, 429, "unavailable", signed_in.status.message());
    }
    if (!signed_in.status.ok()) {
      spdlog::info("web sign-in failed for {} from {}", logged, req.remote_address);
      audit(logged, "", "sign_in", signed_in.status.code_name());
      return SendError(res, signed_in.status.code() == Status::Code::kPermissionDenied ? 401 : 500,
                       signed_in.status.code_name(), signed_in.status.message());
    }
    // The password is right; the command path has the last word (disabled users).
    nlohmann::json who = whoami(Caller{user, std::nullopt});
    if (!who.value("ok", false)) {
      spdlog::info("web sign-in refused for {}: {}", user, who["error"].dump());
      audit(user, "", "sign_in", "permission_denied");
      return SendError(res, 401, "permission_denied", "wrong user name or password");
    }
    std::string role = who["result"]["role"].get<std::string>();
    Session session = sessions_->Create(user, role);
    res.headers.Add("Set-Cookie", SetCookieHeader(session_cookie, session.id, {.http_only = true, .secure = secure}));
    spdlog::info("web sign-in: {} ({}) from {}", user, role, req.remote_address);
    audit(user, role, "sign_in", "ok");
    SendJson(res, 200,
             OkReply(nullptr, {{"user", user}, {"role", role}, {"home", HomeOf(role)}, {"csrf", session.csrf}}));
  });

  router.Post("/logout", [this, secure, identify, csrf_ok, post_refused, session_cookie](const HttpRequest& req,
                                                                                          HttpResponse& res) {
    if (post_refused(req, res, {BodyType::kNone, BodyType::kJson, BodyType::kForm})) return;
    std::optional<Caller> caller = identify(req);
    if (caller && caller->session) {
      if (!csrf_ok(req, *caller, CsrfFieldOf(req))) {
        return SendError(res, 403, "permission_denied", "missing or wrong CSRF token");
      }
      sessions_->End(caller->session->id);
      spdlog::info("web sign-out: {}", caller->user);
      if (options_.audit) {
        options_.audit->Add(AuditEntry{FormatJst(Now()), caller->user, "", "web", "sign_out", "", "ok"});
      }
    }
    res.headers.Add("Set-Cookie", SetCookieHeader(session_cookie, "", {.http_only = true, .secure = secure, .expire = true}));
    SendJson(res, 200, OkReply(nullptr, {{"home", "/login"}}));
  });

  // --- Pages ----------------------------------------------------------------
  // A page without a live session (or for a user since disabled) sends the
  // browser to the sign-in page.
  auto serve_page = [this, identify](const char* file) {
    return [this, identify, file](const HttpRequest& req, HttpResponse& res) {
      std::optional<Caller> caller = identify(req);
      if (!caller || !caller->session || !caller->confirmed) {
        if (caller && caller->session) sessions_->End(caller->session->id);
        return res.Redirect("/login", 303);
      }
      std::optional<StaticFile> page = files_->Read(file);
      if (!page) return SendError(res, 404, "not_found", std::string("no page ") + file);
      res.SetContent(page->content, page->content_type);
    };
  };
  for (const Page& page : kPages) router.Get(page.pattern, serve_page(page.file));

  router.Get("/", [identify, whoami](const HttpRequest& req, HttpResponse& res) {
    std::optional<Caller> caller = identify(req);
    nlohmann::json who = caller ? whoami(*caller) : nlohmann::json();
    if (!caller || !who.value("ok", false)) return res.Redirect("/login", 303);
    res.Redirect(HomeOf(who["result"]["role"].get<std::string>()), 303);
  });

  router.Get(R"(/assets/([A-Za-z0-9_.-]+))", [this, identify](const HttpRequest& req, HttpResponse& res) {
    const std::string& name = req.matches[0];
    bool is_public = false;
    for (const char* p : kPublicAssets) is_public = is_public || name == p;
    if (!is_public && !identify(req)) return SendError(res, 401, "permission_denied", "sign in first");
    std::optional<StaticFile> file = files_->Read("assets/" + name);
    if (!file) return SendError(res, 404, "not_found", "no asset " + name);
    // Assets hold no personal data: a browser may keep them, and asks each
    // time whether they changed (no-cache: an upgraded desk is never served
    // stale), which an unchanged asset answers with 304 and no body. Data
    // (/api/...) and pages keep the common no-store.
    res.headers.Set("Cache-Control", "private, no-cache");
    res.headers.Set("ETag", file->etag);
    if (IfNoneMatchNames(req.headers.Get("If-None-Match"), file->etag)) {
      res.status = 304;
      return;
    }
    res.SetContent(file->content, file->content_type);
  });

  // --- JSON -----------------------------------------------------------------
  // The signed-in user, and for a session its CSRF token: the pages read it
  // here (never from a cookie), and how long the session lasts without a
  // request (idle_seconds: the pages keep it alive while in use, warn before
  // it ends). Asking touches the session: it is also the pages' keep-alive.
  const int64_t idle_seconds = std::chrono::duration_cast<std::chrono::seconds>(options_.session_idle).count();
  router.Get("/api/session", [identify, whoami, idle_seconds](const HttpRequest& req, HttpResponse& res) {
    std::optional<Caller> caller = identify(req);
    if (!caller) return SendError(res, 401, "permission_denied", "sign in first");
    nlohmann::json who = whoami(*caller);
    if (who.value("ok", false)) {
      who["result"]["home"] = HomeOf(who["result"]["role"].get<std::string>());
      if (caller->session) {
        who["result"]["csrf"] = caller->session->csrf;
        who["result"]["idle_seconds"] = idle_seconds;
      }
    }
    SendJson(res, HttpStatusForReply(who), who);
  });

  router.Get("/api/categories", [identify](const HttpRequest& req, HttpResponse& res) {
    if (!identify(req)) return SendError(res, 401, "permission_denied", "sign in first");
    SendJson(res, 200, OkReply(nullptr, EmbeddedJson("config/data-categories.json")));
  });

  // Each event's data schema (schemas/events/<event>.schema.json, references
  // inlined): the event forms take their limits (lengths, ranges, required
  // fields, choices) from it, so the desk holds no copy of them.
  router.Get("/api/event-schemas", [identify](const HttpRequest& req, HttpResponse& res) {
    if (!identify(req)) return SendError(res, 401, "permission_denied", "sign in first");
    static const nlohmann::json schemas = EventSchemas();
    SendJson(res, 200, OkReply(nullptr, schemas));
  });

  router.Post(R"(/api/([a-z_]+))", [this, identify, csrf_ok, post_refused](const HttpRequest& req, HttpResponse& res) {
    std::optional<Caller> caller = identify(req);
    if (!caller) return SendError(res, 401, "permission_denied", "sign in first");
    if (post_refused(req, res, {BodyType::kNone, BodyType::kJson})) return;
    Result<ApiBody> body = ParseApiBody(req.body);
    if (!body.ok()) return SendError(res, 400, "malformed", body.status().message());
    if (!csrf_ok(req, *caller, body->csrf)) return SendError(res, 403, "permission_denied", "missing or wrong CSRF token");
    const std::string& command = req.matches[0];
    nlohmann::json reply = channel_->Call(caller->user, command, body->args, caller->bound_role());
    if (command == "intake" && !reply.value("ok", false) && reply["error"].value("code", "") == "invalid_argument") {
      reply["error"]["fields"] = IntakeFieldErrors(body->args, Now());
    }
    SendJson(res, HttpStatusForReply(reply), reply);
  });

  router.Get(RequestRoute("/api/requests/", R"(/letters/([0-9]{1,6})\.pdf)"),
             [this, identify](const HttpRequest& req, HttpResponse& res) {
               std::optional<Caller> caller = identify(req);
               if (!caller) return SendError(res, 401, "permission_denied", "sign in first");
               nlohmann::json args = {{"id", req.matches[0]}, {"n", std::stoi(req.matches[1])}};
               nlohmann::json reply = channel_->Call(caller->user, "letter", args, caller->bound_role());
               Result<nlohmann::json> letter = ResultOfReply(reply);
               if (!letter.ok()) return SendJson(res, HttpStatusForReply(reply), reply);
               Result<std::string> pdf = Base64Decode((*letter)["pdf_base64"].get<std::string>());
               if (!pdf.ok()) return SendError(res, 500, "corruption", pdf.status().message());
               res.headers.Set("Content-Disposition",
                               "attachment; filename=\"" + (*letter)["letter_id"].get<std::string>() + ".pdf\"");
               res.SetContent(*pdf, "application/pdf");
             });

  // What a disclosure handed over (issue 17), for a manager: file n, or the
  // encrypted package; the disclosure_export command decides who may.
  router.Get(RequestRoute("/api/requests/", "/disclosure/([0-9]{1,2}|package)"),
             [this, identify](const HttpRequest& req, HttpResponse& res) {
               std::optional<Caller> caller = identify(req);
               if (!caller) return SendError(res, 401, "permission_denied", "sign in first");
               nlohmann::json args = {{"id", req.matches[0]}};
               if (req.matches[1] != "package") args["n"] = std::stoi(req.matches[1]);
               nlohmann::json reply = channel_->Call(caller->user, "disclosure_export", args, caller->bound_role());
               Result<nlohmann::json> file = ResultOfReply(reply);
               if (!file.ok()) return SendJson(res, HttpStatusForReply(reply), reply);
               Result<std::string> bytes = Base64Decode((*file)["content_base64"].get<std::string>());
               if (!bytes.ok()) return SendError(res, 500, "corruption", bytes.status().message());
               const std::string name = (*file)["name"].get<std::string>();
               res.headers.Set("Content-Disposition", "attachment; filename=\"" + name + "\"");
               const bool pdf = name.size() > 4 && name.substr(name.size() - 4) == ".pdf";
               const bool csv = name.size() > 4 && name.substr(name.size() - 4) == ".csv";
               res.SetContent(*bytes, pdf ? "application/pdf" : csv ? "text/csv; charset=utf-8" : "application/zip");
             });

  // The annual ledger as a file: the `report` command as the signed-in user
  // (so the command policy decides who may have it), the CSV made here, the
  // PDF drawn by the report drawer, a program of its own (web/report_drawer.h),
  // as the CLI draws it (ReportFile, letters/report_pdf.h).
  // /api/report/2026.pdf is the calendar year 2026, /api/report/fy2025.pdf
  // the fiscal year 2025 (令和7年度, 2025-04-01 to 2026-03-31).
  router.Get(R"(/api/report/(fy)?([0-9]{4})\.(csv|pdf))", [this, identify](const HttpRequest& req, HttpResponse& res) {
    std::optional<Caller> caller = identify(req);
    if (!caller) return SendError(res, 401, "permission_denied", "sign in first");
    const bool fiscal = req.matches[0] == "fy";
    const std::string& year = req.matches[1];
    const std::string& format = req.matches[2];
    nlohmann::json reply = channel_->Call(caller->user, "report",
                                          {{"year", std::stoi(year)}, {"period", fiscal ? "fiscal" : "calendar"}},
                                          caller->bound_role());
    Result<nlohmann::json> report = ResultOfReply(reply);
    if (!report.ok()) return SendJson(res, HttpStatusForReply(reply), reply);
    Result<std::string> file = format == "csv" ? ReportCsv(*report) : report_drawer_->Draw(*report);
    if (!file.ok()) {
      // Unavailable: the drawer is busy, missing, failed or too slow (503); else a fault of ours.
      const int status = file.status().code() == Status::Code::kUnavailable ? 503 : 500;
      return SendError(res, status, std::string(file.status().code_name()), file.status().message());
    }
    res.headers.Set("Content-Disposition",
                    std::string("attachment; filename=\"madoguchi-report-") + (fiscal ? "fy" : "") + year + "." + format + "\"");
    res.SetContent(*file, format == "csv" ? "text/csv; charset=utf-8" : "application/pdf");
  });
}

}  // namespace madoguchi
