// WebDesk: the engine's web face (docs/web-desk.md). Serves the staff's
// Japanese pages from the assets folder and turns /api/ requests into
// commands on the engine's one command path (CommandChannel), as the
// signed-in user or the bearer of a token.
//
// It authenticates people (password, session cookie, CSRF token, bearer
// token) and nothing else: every command is decoded, checked against its
// schema, authorized and applied by the command server, exactly as one sent
// over ZeroMQ, so the desk can do nothing the command API would refuse. The
// HTTP server under it (http_server.h) bounds what anyone may make it hold.
#pragma once

#include <memory>
#include <string>

#include <zmq.hpp>

#include "util/status.h"
#include "web/web_desk_options.h"

namespace madoguchi {

class CommandChannel;
class HttpRouter;
class HttpServer;
class ReportDrawer;
class SessionStore;
class SignInTokens;
class StaticFiles;
class WebAuthenticator;

class WebDesk {
 public:
  // Binds (options.port 0: any free port) and starts serving on threads of
  // its own. The command server must be listening on kLocalCommandsEndpoint.
  // `max_body_bytes`: larger requests are refused (413).
  static Result<std::unique_ptr<WebDesk>> Start(zmq::context_t& context, const std::string& db_path,
                                                const WebDeskOptions& options, size_t max_body_bytes);
  ~WebDesk();  // stops

  // Where it serves, e.g. "http://127.0.0.1:8080/".
  const std::string& url() const { return url_; }

  // Lifts a user name's sign-in delay and lock (the unlock_sign_in command);
  // true when there was any. Any thread.
  bool UnlockSignIn(const std::string& user);

  // Live sessions (the metrics' madoguchi_web_sessions). Any thread.
  int64_t ActiveSessions();

  // Stops taking requests and lets those being handled finish.
  void Stop();

 private:
  WebDesk();
  void Route();

  WebDeskOptions options_;
  std::unique_ptr<CommandChannel> channel_;
  std::unique_ptr<SessionStore> sessions_;
  std::unique_ptr<SignInTokens> sign_in_tokens_;
  std::unique_ptr<WebAuthenticator> authenticator_;
  std::unique_ptr<StaticFiles> files_;
  std::unique_ptr<ReportDrawer> report_drawer_;
  std::unique_ptr<HttpRouter> router_;
  std::unique_ptr<HttpServer> server_;  // last: stopped and destroyed first
  std::string url_;
};

}  // namespace madoguchi
