#include "web/web_desk.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <optional>

#include "core/bounded_json.h"
#include "core/embedded_files.h"
#include "core/jst_time.h"
#include "letters/report_pdf.h"
#include "protocol/base64.h"
#include "protocol/wire.h"
#include "server/command_server.h"
#include "web/api_status.h"
#include "web/command_channel.h"
#include "web/http_cookies.h"
#include "web/intake_field_errors.h"
#include "web/password_hash.h"
#include "web/session_store.h"
#include "web/sign_in_form.h"
#include "web/static_files.h"
#include "web/web_authenticator.h"

namespace madoguchi {

namespace {

// How long an HTTP request waits for the engine's answer.
constexpr auto kCommandTimeout = std::chrono::seconds(30);

// The pages, by address; each needs a session.
struct Page {
  const char* pattern;
  const char* file;
};
constexpr Page kPages[] = {
    {"/desk/intake", "intake.html"},
    {"/desk/queue", "queue.html"},
    {R"(/desk/requests/R[0-9]{4}-[0-9]{6})", "request.html"},
    {"/desk/dashboard", "dashboard.html"},
    {"/desk/report", "report.html"},
};

// What the sign-in page needs, and all that answers without a session.
constexpr const char* kPublicAssets[] = {"style.css", "login.js"};

// Where each role starts.
std::string HomeOf(const std::string& role) {
  if (role == "clerk") return "/desk/intake";
  if (role == "reviewer") return "/desk/queue";
  return "/desk/dashboard";
}

// Headers on every answer: no caching of personal data, no framing, no
// scripts or styles from anywhere but the desk itself.
void SetSecurityHeaders(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                 "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
}

// The command envelope without the request id, which only the in-process
// channel uses to match replies.
void SendJson(httplib::Response& res, int status, nlohmann::json body) {
  body.erase("request_id");
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message) {
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

std::optional<std::string> BearerToken(const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (auth.size() <= kPrefix.size() || auth.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  return auth.substr(kPrefix.size());
}

// The CSRF token a POST carries: the header the pages send, or a form field.
std::string SubmittedCsrf(const httplib::Request& req) {
  std::string header = req.get_header_value("X-CSRF-Token");
  return header.empty() ? req.get_param_value("csrf") : header;
}

// The JSON object of a request's body, its nesting bounded
// (core/bounded_json.h); an empty body is {}.
std::optional<nlohmann::json> JsonBody(const httplib::Request& req) {
  if (req.body.empty()) return nlohmann::json::object();
  Result<nlohmann::json> j = ParseBoundedJson(req.body);
  if (!j.ok() || !j->is_object()) return std::nullopt;
  return std::move(j).value();
}

std::string Scheme(const WebDeskOptions& options) { return options.https() ? "https" : "http"; }

// Plain HTTP carries passwords and personal data in clear, so it is served
// only where no one else can listen: the host's own loopback.
bool IsLoopbackAddress(const std::string& address) {
  return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

}  // namespace

Result<std::unique_ptr<WebDesk>> WebDesk::Start(zmq::context_t& context, const std::string& db_path,
                                                const WebDeskOptions& options, size_t max_body_bytes) {
  if (!options.https() && !IsLoopbackAddress(options.address)) {
    return Status::InvalidArgument("web.address " + options.address +
                                   " is reachable from the network: set web.certificate and web.private_key "
                                   "(HTTPS), or serve on 127.0.0.1 behind a TLS proxy");
  }
  std::unique_ptr<WebDesk> desk(new WebDesk());
  desk->options_ = options;
  if (options.https()) {
    auto tls = std::make_unique<httplib::SSLServer>(options.certificate.c_str(), options.private_key.c_str());
    if (!tls->is_valid()) {
      return Status::InvalidArgument("cannot use certificate " + options.certificate + " with key " +
                                     options.private_key + " for HTTPS");
    }
    desk->server_ = std::move(tls);
  } else {
    desk->server_ = std::make_unique<httplib::Server>();
  }
  Result<std::unique_ptr<WebAuthenticator>> authenticator =
      WebAuthenticator::Open(db_path, options.lockout_failures, options.lockout);
  if (!authenticator.ok()) return authenticator.status();
  desk->authenticator_ = std::move(authenticator).value();
  desk->channel_ = std::make_unique<CommandChannel>(context, kLocalCommandsEndpoint, kCommandTimeout);
  desk->sessions_ = std::make_unique<SessionStore>(options.session_idle,
                                                   std::chrono::duration_cast<std::chrono::minutes>(options.session_max));
  desk->files_ = std::make_unique<StaticFiles>(options.assets_dir);
  if (!desk->files_->Read("login.html")) {
    return Status::NotFound("no web desk pages in " + options.assets_dir + " (login.html is missing)");
  }

  httplib::Server& server = *desk->server_;
  int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  // httplib's default is SO_REUSEPORT, which would let a second engine share
  // the port and take half of the desk's requests; a busy port must be an error.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server.set_payload_max_length(max_body_bytes);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  desk->Route();

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.address);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(options.address, port)) {
    port = 0;
  }
  if (port == 0) {
    return Status::Unavailable("the web desk cannot listen on " + options.address + ":" +
                               std::to_string(options.port));
  }
  std::string host = options.address.find(':') != std::string::npos ? "[" + options.address + "]" : options.address;
  desk->url_ = Scheme(options) + "://" + host + ":" + std::to_string(port) + "/";
  desk->listener_ = std::thread([&server] { server.listen_after_bind(); });
  spdlog::info("web desk on {} (pages from {})", desk->url_, options.assets_dir);
  return desk;
}

WebDesk::~WebDesk() { Stop(); }

void WebDesk::Stop() {
  if (!server_) return;
  server_->stop();
  if (listener_.joinable()) listener_.join();
}

void WebDesk::Route() {
  httplib::Server& server = *server_;
  const bool secure = options_.https();

  // Who is asking; nothing when neither a live session nor a known token.
  auto identify = [this](const httplib::Request& req) -> std::optional<Caller> {
    if (std::optional<std::string> token = BearerToken(req)) {
      std::optional<std::string> user = authenticator_->UserOfToken(*token);
      if (!user) return std::nullopt;
      return Caller{*user, std::nullopt};
    }
    std::optional<std::string> id = CookieValue(req.get_header_value("Cookie"), kSessionCookie);
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

  // A session's POST must carry its CSRF token; a bearer's needs none (no
  // browser sends a bearer token by itself).
  auto csrf_ok = [](const httplib::Request& req, const Caller& caller) {
    return !caller.session || SameSecret(SubmittedCsrf(req), caller.session->csrf);
  };

  // The user's role, asked of the command path (which refuses a disabled user).
  auto whoami = [this](const Caller& caller) {
    return channel_->Call(caller.user, "whoami", nlohmann::json::object(), caller.bound_role());
  };

  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) { SetSecurityHeaders(res); });
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      spdlog::error("web desk: {} {}: {}", req.method, req.path, e.what());
    }
    SendError(res, 500, "io_error", "internal error; see the engine's log");
  });

  // --- Signing in and out ---------------------------------------------------
  server.Get("/login", [this, secure](const httplib::Request&, httplib::Response& res) {
    std::optional<StaticFile> page = files_->Read("login.html");
    if (!page) return SendError(res, 404, "not_found", "no sign-in page");
    // A fresh token for the sign-in form (double submit: cookie and header).
    res.set_header("Set-Cookie", SetCookieHeader(kCsrfCookie, RandomToken(), {.secure = secure}));
    res.set_content(page->content, page->content_type);
  });

  server.Post("/login", [this, secure, whoami](const httplib::Request& req, httplib::Response& res) {
    std::optional<std::string> cookie = CookieValue(req.get_header_value("Cookie"), kCsrfCookie);
    if (!cookie || !SameSecret(SubmittedCsrf(req), *cookie)) {
      return SendError(res, 403, "permission_denied", "the sign-in form has expired; reload the page");
    }
    Result<SignInForm> form = ParseSignInForm(req.get_header_value("Content-Type"), req.body);
    if (!form.ok()) return SendError(res, 400, "malformed", form.status().message());
    const std::string& user = form->user;
    const std::string& password = form->password;
    // The audit log: the name claimed, never the password.
    auto audit = [this](const std::string& actor, const std::string& role, const char* event, std::string_view result) {
      if (options_.audit) {
        options_.audit->Add(AuditEntry{FormatJst(Now()), actor, role, "web", event, "", std::string(result)});
      }
    };
    Status signed_in = authenticator_->SignIn(user, password);
    if (signed_in.code() == Status::Code::kUnavailable) {
      spdlog::warn("web sign-in refused for '{}' from {}: locked out", user, req.remote_addr);
      audit(user, "", "sign_in", signed_in.code_name());
      return SendError(res, 429, "unavailable", signed_in.message());
    }
    if (!signed_in.ok()) {
      spdlog::info("web sign-in failed for '{}' from {}", user, req.remote_addr);
      audit(user, "", "sign_in", signed_in.code_name());
      return SendError(res, 401, signed_in.code_name(), signed_in.message());
    }
    // The password is right; the command path has the last word (disabled users).
    nlohmann::json who = whoami(Caller{user, std::nullopt});
    if (!who.value("ok", false)) {
      spdlog::info("web sign-in refused for '{}': {}", user, who["error"].dump());
      audit(user, "", "sign_in", "permission_denied");
      return SendError(res, 401, "permission_denied", "wrong user name or password");
    }
    std::string role = who["result"]["role"].get<std::string>();
    Session session = sessions_->Create(user, role);
    res.set_header("Set-Cookie", SetCookieHeader(kSessionCookie, session.id, {.http_only = true, .secure = secure}));
    res.headers.emplace("Set-Cookie", SetCookieHeader(kCsrfCookie, session.csrf, {.secure = secure}));
    spdlog::info("web sign-in: {} ({}) from {}", user, role, req.remote_addr);
    audit(user, role, "sign_in", "ok");
    SendJson(res, 200, OkReply(nullptr, {{"user", user}, {"role", role}, {"home", HomeOf(role)}}));
  });

  server.Post("/logout", [this, secure, identify, csrf_ok](const httplib::Request& req, httplib::Response& res) {
    std::optional<Caller> caller = identify(req);
    if (caller && caller->session) {
      if (!csrf_ok(req, *caller)) return SendError(res, 403, "permission_denied", "missing or wrong CSRF token");
      sessions_->End(caller->session->id);
      spdlog::info("web sign-out: {}", caller->user);
      if (options_.audit) {
        options_.audit->Add(AuditEntry{FormatJst(Now()), caller->user, "", "web", "sign_out", "", "ok"});
      }
    }
    res.set_header("Set-Cookie", SetCookieHeader(kSessionCookie, "", {.http_only = true, .secure = secure, .expire = true}));
    res.headers.emplace("Set-Cookie", SetCookieHeader(kCsrfCookie, "", {.secure = secure, .expire = true}));
    SendJson(res, 200, OkReply(nullptr, {{"home", "/login"}}));
  });

  // --- Pages ----------------------------------------------------------------
  // A page without a live session (or for a user since disabled) sends the
  // browser to the sign-in page.
  auto serve_page = [this, identify](const char* file) {
    return [this, identify, file](const httplib::Request& req, httplib::Response& res) {
      std::optional<Caller> caller = identify(req);
      if (!caller || !caller->session || !caller->confirmed) {
        if (caller && caller->session) sessions_->End(caller->session->id);
        return res.set_redirect("/login", 303);
      }
      std::optional<StaticFile> page = files_->Read(file);
      if (!page) return SendError(res, 404, "not_found", std::string("no page ") + file);
      res.set_content(page->content, page->content_type);
    };
  };
  for (const Page& page : kPages) server.Get(page.pattern, serve_page(page.file));

  server.Get("/", [identify, whoami](const httplib::Request& req, httplib::Response& res) {
    std::optional<Caller> caller = identify(req);
    nlohmann::json who = caller ? whoami(*caller) : nlohmann::json();
    if (!caller || !who.value("ok", false)) return res.set_redirect("/login", 303);
    res.set_redirect(HomeOf(who["result"]["role"].get<std::string>()), 303);
  });

  server.Get(R"(/assets/([A-Za-z0-9_.-]+))", [this, identify](const httplib::Request& req, httplib::Response& res) {
    std::string name = req.matches[1];
    bool is_public = false;
    for (const char* p : kPublicAssets) is_public = is_public || name == p;
    if (!is_public && !identify(req)) return SendError(res, 401, "permission_denied", "sign in first");
    std::optional<StaticFile> file = files_->Read("assets/" + name);
    if (!file) return SendError(res, 404, "not_found", "no asset " + name);
    res.set_content(file->content, file->content_type);
  });

  // --- JSON -----------------------------------------------------------------
  server.Get("/api/session", [identify, whoami](const httplib::Request& req, httplib::Response& res) {
    std::optional<Caller> caller = identify(req);
    if (!caller) return SendError(res, 401, "permission_denied", "sign in first");
    nlohmann::json who = whoami(*caller);
    if (who.value("ok", false)) who["result"]["home"] = HomeOf(who["result"]["role"].get<std::string>());
    SendJson(res, HttpStatusForReply(who), who);
  });

  server.Get("/api/categories", [identify](const httplib::Request& req, httplib::Response& res) {
    if (!identify(req)) return SendError(res, 401, "permission_denied", "sign in first");
    SendJson(res, 200, OkReply(nullptr, EmbeddedJson("config/data-categories.json")));
  });

  server.Post(R"(/api/([a-z_]+))", [this, identify, csrf_ok](const httplib::Request& req, httplib::Response& res) {
    std::optional<Caller> caller = identify(req);
    if (!caller) return SendError(res, 401, "permission_denied", "sign in first");
    if (!csrf_ok(req, *caller)) return SendError(res, 403, "permission_denied", "missing or wrong CSRF token");
    std::optional<nlohmann::json> args = JsonBody(req);
    if (!args) return SendError(res, 400, "malformed", "the body must be a JSON object: the command's arguments");
    std::string command = req.matches[1];
    nlohmann::json reply = channel_->Call(caller->user, command, *args, caller->bound_role());
    if (command == "intake" && !reply.value("ok", false) && reply["error"].value("code", "") == "invalid_argument") {
      reply["error"]["fields"] = IntakeFieldErrors(*args, Now());
    }
    SendJson(res, HttpStatusForReply(reply), reply);
  });

  server.Get(R"(/api/requests/(R[0-9]{4}-[0-9]{6})/letters/([0-9]{1,6})\.pdf)",
             [this, identify](const httplib::Request& req, httplib::Response& res) {
               std::optional<Caller> caller = identify(req);
               if (!caller) return SendError(res, 401, "permission_denied", "sign in first");
               nlohmann::json args = {{"id", std::string(req.matches[1])}, {"n", std::stoi(req.matches[2])}};
               nlohmann::json reply = channel_->Call(caller->user, "letter", args, caller->bound_role());
               Result<nlohmann::json> letter = ResultOfReply(reply);
               if (!letter.ok()) return SendJson(res, HttpStatusForReply(reply), reply);
               Result<std::string> pdf = Base64Decode((*letter)["pdf_base64"].get<std::string>());
               if (!pdf.ok()) return SendError(res, 500, "corruption", pdf.status().message());
               res.set_header("Content-Disposition",
                              "attachment; filename=\"" + (*letter)["letter_id"].get<std::string>() + ".pdf\"");
               res.set_content(*pdf, "application/pdf");
             });

  // The annual ledger as a file: the `report` command as the signed-in user
  // (so the command policy decides who may have it), rendered here as the
  // CLI renders it (ReportFile, letters/report_pdf.h).
  server.Get(R"(/api/report/([0-9]{4})\.(csv|pdf))", [this, identify](const httplib::Request& req,
                                                                     httplib::Response& res) {
    std::optional<Caller> caller = identify(req);
    if (!caller) return SendError(res, 401, "permission_denied", "sign in first");
    const std::string year = req.matches[1];
    const std::string format = req.matches[2];
    nlohmann::json reply = channel_->Call(caller->user, "report", {{"year", std::stoi(year)}}, caller->bound_role());
    Result<nlohmann::json> report = ResultOfReply(reply);
    if (!report.ok()) return SendJson(res, HttpStatusForReply(reply), reply);
    Result<std::string> file = ReportFile(*report, format, Now());
    if (!file.ok()) return SendError(res, 500, std::string(file.status().code_name()), file.status().message());
    res.set_header("Content-Disposition", "attachment; filename=\"madoguchi-report-" + year + "." + format + "\"");
    res.set_content(*file, format == "csv" ? "text/csv; charset=utf-8" : "application/pdf");
  });
}

}  // namespace madoguchi
