// HttpServer: the web desk's HTTP/1.1 server (Boost.Beast over Boost.Asio,
// OpenSSL for HTTPS), built to be exposed to anyone who can connect.
//
// Two I/O threads read and write every connection asynchronously; no
// connection ever holds a thread while it waits for a client. Per connection:
//   - a total deadline for a request's head (head_timeout, from its first
//     byte; a client that trickles a byte at a time is cut off all the same),
//     one for its body and one for writing the answer; an idle keep-alive
//     connection is closed after keep_alive, and after
//     max_requests_per_connection requests;
//   - the head is at most max_header_bytes with at most max_headers fields
//     (431 otherwise); the body at most max_body_bytes (413, refused from its
//     Content-Length before a byte of it is read);
//   - framing that two parsers could read differently is refused with 400 and
//     the connection closed: Content-Length with Transfer-Encoding, two
//     Content-Lengths, a header folded over lines (obs-fold: CRLF then a space
//     or tab, looked for in the raw head);
//   - any Transfer-Encoding is refused with 411 before a byte of the body is
//     read (browsers never send chunked requests; a chunked body could
//     otherwise be as large as the sender likes);
//   - at most max_connections connections in all and
//     max_connections_per_address from one address; the excess is closed at
//     once.
// Handlers never run on the I/O threads. A request read whole is classified
// there (`classify`, which must be quick), then queued on a HandlerPool:
// kStaff may use every handler thread, the rest all but one; a full queue is
// answered 503 at once. kSignIn (an Argon2id hash) also needs one of
// sign_in_concurrency permits; without one it is answered 503 with
// Retry-After at once. Every answer the server makes itself (4xx, 503) comes
// from `refuse`, so that its body looks like every other error of the desk.
//
// Keep Boost out of every other file: it compiles slowly, and this file's
// callers see only http_message.h.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"
#include "web/http_message.h"

namespace madoguchi {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  int port = 8080;           // 0: any free port
  std::string certificate;   // PEM chain; with private_key, TLS only
  std::string private_key;

  size_t max_body_bytes = 256 * 1024;
  size_t max_header_bytes = 16 * 1024;
  int max_headers = 100;
  std::chrono::seconds head_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds keep_alive{10};
  int max_requests_per_connection = 100;
  int max_connections = 512;
  int max_connections_per_address = 64;

  int threads = 8;                // handler threads; one of them only ever runs kStaff
  size_t queue_limit = 64;        // requests waiting per lane
  int sign_in_concurrency = 2;    // kSignIn at once (each an Argon2id hash: CPU and 64 MiB)

  bool tls() const { return !certificate.empty(); }
};

// How a request read whole is to be run.
enum class RequestKind {
  kAnonymous,  // no credentials
  kStaff,      // a live session or a known bearer token
  kSignIn,     // a sign-in: a password hash to check
};

struct HttpServerCallbacks {
  // On an I/O thread: must not block (no engine call, no password hash).
  std::function<RequestKind(const HttpRequest&)> classify;
  // On a handler thread. An exception becomes a 500 (and a log line).
  std::function<HttpResponse(HttpRequest&)> handle;
  // The answer for a refusal the server makes itself (status, error code, message).
  std::function<HttpResponse(int status, std::string_view code, std::string_view message)> refuse;
  // Added to every answer that does not set them itself (security headers).
  std::vector<std::pair<std::string, std::string>> common_headers;
};

class HttpServer {
 public:
  // Binds (a busy port is an error, never shared) and starts serving.
  // InvalidArgument for a certificate or key that cannot be used;
  // Unavailable when the address cannot be listened on.
  static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options, HttpServerCallbacks callbacks);
  ~HttpServer();  // Stop()

  // The port it listens on (the one chosen when options.port was 0).
  int port() const;

  // Takes no new connection, lets running handlers finish, closes every
  // connection. Idempotent.
  void Stop();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace madoguchi
