#include "web/http_server.h"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <atomic>
#include <map>
#include <optional>
#include <thread>
#include <type_traits>

#include "util/mutex.h"
#include "web/concurrency_limit.h"
#include "web/form_fields.h"
#include "web/handler_pool.h"

namespace madoguchi {

namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr int kIoThreads = 2;
// After refusing a request whose body may still be arriving, what is read and
// dropped before closing, so that the client reads the answer rather than a
// reset (a close with unread input sends RST, which can discard it).
constexpr size_t kLingerBytes = 1 << 20;
constexpr auto kLingerTime = std::chrono::seconds(2);
// TLS 1.2: forward-secret key exchange (ECDHE) with an AEAD cipher only.
// TLS 1.3's suites are all of that kind and keep OpenSSL's defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// Connections in all and per client address; a Slot holds one.
class ConnectionLimits {
 public:
  ConnectionLimits(int total, int per_address) : total_(total), per_address_(per_address) {}

  class Slot {
   public:
    Slot(ConnectionLimits* limits, std::string address) : limits_(limits), address_(std::move(address)) {}
    Slot(Slot&& o) noexcept : limits_(std::exchange(o.limits_, nullptr)), address_(std::move(o.address_)) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (limits_) limits_->Release(address_);
    }

   private:
    ConnectionLimits* limits_;
    std::string address_;
  };

  std::optional<Slot> TryTake(const std::string& address) {
    MutexLock lock(&mutex_);
    int& mine = by_address_[address];
    if (open_ >= total_ || mine >= per_address_) {
      if (mine == 0) by_address_.erase(address);
      return std::nullopt;
    }
    ++open_;
    ++mine;
    return Slot(this, address);
  }

 private:
  void Release(const std::string& address) {
    MutexLock lock(&mutex_);
    --open_;
    if (--by_address_[address] <= 0) by_address_.erase(address);
  }

  const int total_;
  const int per_address_;
  Mutex mutex_;
  int open_ GUARDED_BY(mutex_) = 0;
  std::map<std::string, int> by_address_ GUARDED_BY(mutex_);
};

// An obs-fold (a field value continued on a line that starts with a space
// or tab): HTTP/1.1 forbids it, and parsers read it differently.
bool HasObsFold(std::string_view head) {
  for (size_t pos = head.find('\n'); pos != std::string_view::npos && pos + 1 < head.size();
       pos = head.find('\n', pos + 1)) {
    if (head[pos + 1] == ' ' || head[pos + 1] == '\t') return true;
  }
  return false;
}

// Header fields in a head: its lines less the request line and the empty one.
int FieldCount(std::string_view head) {
  int lines = 0;
  for (char c : head) lines += c == '\n';
  return lines - 2;
}

std::string_view Data(const beast::flat_buffer& buffer) {
  auto d = buffer.data();
  return std::string_view(static_cast<const char*>(d.data()), d.size());
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(const HttpServerOptions& options, HttpServerCallbacks callbacks)
      : options_(options),
        callbacks_(std::move(callbacks)),
        limits_(options.max_connections, options.max_connections_per_address),
        sign_ins_(options.sign_in_concurrency),
        pool_(options.threads, 1, options.queue_limit),
        tls_(ssl::context::tls_server),
        acceptor_(net::make_strand(io_)),
        retry_accept_(acceptor_.get_executor()) {}

  Status Listen();
  void Serve() {
    Accept();
    for (int i = 0; i < kIoThreads; ++i) io_threads_.emplace_back([this] { io_.run(); });
  }
  void Stop() {
    if (stopped_.exchange(true)) return;
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
      retry_accept_.cancel();
    });
    pool_.Stop();  // running handlers finish; their answers may still go out
    io_.stop();
    for (auto& t : io_threads_) t.join();
    io_threads_.clear();
  }
  int port() const { return port_; }

  const HttpServerOptions& options() const { return options_; }
  const HttpServerCallbacks& callbacks() const { return callbacks_; }
  ConcurrencyLimit& sign_ins() { return sign_ins_; }
  HandlerPool& pool() { return pool_; }

  // The answer to a request the server refuses itself.
  HttpResponse Refusal(int status, std::string_view code, std::string_view message) const {
    HttpResponse r = callbacks_.refuse ? callbacks_.refuse(status, code, message) : HttpResponse{};
    r.status = status;
    return r;
  }

 private:
  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);

  HttpServerOptions options_;
  HttpServerCallbacks callbacks_;
  ConnectionLimits limits_;
  ConcurrencyLimit sign_ins_;
  HandlerPool pool_;
  ssl::context tls_;
  // Declared after what connections use: destroying io_ destroys the
  // connections its handlers still hold.
  net::io_context io_{kIoThreads};
  tcp::acceptor acceptor_;
  net::steady_timer retry_accept_;  // on the acceptor's strand, as is everything that touches acceptor_
  std::vector<std::thread> io_threads_;
  std::atomic<bool> stopped_{false};
  int port_ = 0;
};

namespace {

// One client connection: its requests one after the other, on its own
// strand. `Stream` is beast::tcp_stream or beast::ssl_stream of one.
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Connection(HttpServer::Impl& server, Stream stream, ConnectionLimits::Slot slot, std::string remote)
      : server_(server), stream_(std::move(stream)), slot_(std::move(slot)), remote_(std::move(remote)) {}

  void Start() {
    idle_deadline_ = Clock::now() + options().head_timeout;
    if constexpr (kTls) {
      Lowest().expires_after(options().head_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) {
                                  spdlog::debug("web: TLS handshake with {} failed: {}", self->remote_, ec.message());
                                  return self->Lowest().close();
                                }
                                self->ReadHead();
                              });
    } else {
      ReadHead();
    }
  }

 private:
  const HttpServerOptions& options() const { return server_.options(); }
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  // Reads until the head's empty line, within its total deadline: the
  // keep-alive idle time until the first byte, then head_timeout.
  void ReadHead() {
    std::string_view data = Data(buffer_);
    if (!data.empty() && !head_started_) {
      head_started_ = true;
      head_deadline_ = Clock::now() + options().head_timeout;
    }
    size_t end = data.find("\r\n\r\n");
    if (end != std::string_view::npos && end + 4 <= options().max_header_bytes) return OnHead(end + 4);
    if (data.size() > options().max_header_bytes) {
      return Refuse(431, "too_large", "the request's header is larger than " +
                                          std::to_string(options().max_header_bytes) + " bytes");
    }
    Lowest().expires_at(head_started_ ? head_deadline_ : idle_deadline_);
    stream_.async_read_some(buffer_.prepare(options().max_header_bytes + 1 - data.size()),
                            [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->Lowest().close();  // gone, or too slow: nothing to answer
                              self->buffer_.commit(n);
                              self->ReadHead();
                            });
  }

  void OnHead(size_t head_size) {
    std::string_view head = Data(buffer_).substr(0, head_size);
    if (HasObsFold(head)) return Refuse(400, "malformed", "a header folded over lines (obs-fold) is not accepted");
    if (FieldCount(head) > options().max_headers) {
      return Refuse(431, "too_large", "more than " + std::to_string(options().max_headers) + " header fields");
    }
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options().max_header_bytes));
    parser_->body_limit(options().max_body_bytes);
    beast::error_code ec;
    size_t used = parser_->put(net::buffer(head.data(), head.size()), ec);
    if (ec || !parser_->is_header_done()) {
      // Among them: Content-Length with Transfer-Encoding, two Content-Lengths.
      return Refuse(400, "malformed", "the request's head cannot be read unambiguously: " + ec.message());
    }
    buffer_.consume(used);
    head_started_ = false;
    const auto& message = parser_->get();
    if (message.find(http::field::transfer_encoding) != message.end()) {
      return Refuse(411, "malformed", "Transfer-Encoding is not accepted: send the body with a Content-Length");
    }
    if (auto length = parser_->content_length(); length && *length > options().max_body_bytes) {
      return Refuse(413, "too_large", "the body is larger than " + std::to_string(options().max_body_bytes) + " bytes");
    }
    if (parser_->is_done()) return Dispatch();
    auto expect = message.find(http::field::expect);
    if (expect != message.end() && EqualsIgnoreCase(std::string_view(expect->value().data(), expect->value().size()),
                                                    "100-continue")) {
      Lowest().expires_after(options().write_timeout);
      return net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                              [self = this->shared_from_this()](beast::error_code ec, size_t) {
                                if (ec) return self->Lowest().close();
                                self->ReadBody();
                              });
    }
    ReadBody();
  }

  void ReadBody() {
    Lowest().expires_after(options().body_timeout);
    http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec == http::error::body_limit) {
        return self->Refuse(413, "too_large",
                            "the body is larger than " + std::to_string(self->options().max_body_bytes) + " bytes");
      }
      if (ec) return self->Lowest().close();
      self->Dispatch();
    });
  }

  // The request read whole: classified here, run on a handler thread.
  void Dispatch() {
    Lowest().expires_never();  // no timer runs while a handler works
    auto& message = parser_->get();
    keep_alive_ = message.keep_alive();
    HttpRequest request;
    request.method = std::string(message.method_string());
    std::string_view target(message.target().data(), message.target().size());
    size_t question = target.find('?');
    request.path = PercentDecode(target.substr(0, question), false);
    if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
    for (const auto& field : message) {
      request.headers.Add(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.remote_address = remote_;
    parser_.reset();

    const HttpServerCallbacks& callbacks = server_.callbacks();
    RequestKind kind = callbacks.classify ? callbacks.classify(request) : RequestKind::kAnonymous;
    std::shared_ptr<void> permit;
    if (kind == RequestKind::kSignIn) {
      permit = server_.sign_ins().TryTake();
      if (!permit) {
        spdlog::debug("web: sign-in from {} shed: {} already running", remote_, options().sign_in_concurrency);
        return Refuse(503, "unavailable", "too many sign-ins at once; try again in a moment", "1");
      }
    }
    auto lane = kind == RequestKind::kStaff ? HandlerPool::Lane::kStaff : HandlerPool::Lane::kAnonymous;
    bool queued = server_.pool().Submit(
        lane, [self = this->shared_from_this(), request = std::move(request), permit]() mutable {
          HttpResponse response = self->Handle(request);
          permit.reset();
          net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
            self->Write(std::move(response), false);
          });
        });
    if (!queued) {
      spdlog::debug("web: request from {} shed: the queue is full", remote_);
      Refuse(503, "unavailable", "the web desk is busy; try again in a moment", "1");
    }
  }

  HttpResponse Handle(HttpRequest& request) {
    try {
      return server_.callbacks().handle(request);
    } catch (const std::exception& e) {
      spdlog::error("web desk: {} {}: {}", request.method, request.path, e.what());
    } catch (...) {
      spdlog::error("web desk: {} {}: unknown exception", request.method, request.path);
    }
    return server_.Refusal(500, "io_error", "internal error; see the engine's log");
  }

  // Answers and closes: the request was not taken (or not whole).
  void Refuse(int status, std::string_view code, const std::string& message, const char* retry_after = nullptr) {
    HttpResponse response = server_.Refusal(status, code, message);
    if (retry_after) response.headers.Set("Retry-After", retry_after);
    parser_.reset();
    Write(std::move(response), true);
  }

  void Write(HttpResponse response, bool refused) {
    ++served_;
    bool close = refused || !keep_alive_ || served_ >= options().max_requests_per_connection;
    auto message = std::make_shared<http::response<http::string_body>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers.fields()) message->insert(name, value);
    for (const auto& [name, value] : server_.callbacks().common_headers) {
      if (!response.headers.Has(name)) message->insert(name, value);
    }
    message->body() = std::move(response.body);
    message->keep_alive(!close);
    message->prepare_payload();
    Lowest().expires_after(options().write_timeout);
    http::async_write(stream_, *message,
                      [self = this->shared_from_this(), message, close, refused](beast::error_code ec, size_t) {
                        if (ec) return self->Lowest().close();
                        if (close) return self->Shutdown(refused);
                        self->idle_deadline_ = Clock::now() + self->options().keep_alive;
                        self->ReadHead();
                      });
  }

  // Closes after the last answer. After a refusal the client may still be
  // sending: what comes within kLingerTime (up to kLingerBytes) is read and
  // dropped first, so that the answer reaches it.
  void Shutdown(bool linger) {
    if constexpr (kTls) {
      Lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->Lowest().close(); });
    } else {
      beast::error_code ignored;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      if (!linger) return Lowest().close();
      buffer_.clear();
      Lowest().expires_after(kLingerTime);
      Drain();
    }
  }

  void Drain() {
    if (drained_ >= kLingerBytes) return Lowest().close();
    stream_.async_read_some(buffer_.prepare(64 * 1024), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
      if (ec) return self->Lowest().close();
      self->drained_ += n;
      self->buffer_.clear();
      self->Drain();
    });
  }

  HttpServer::Impl& server_;
  Stream stream_;
  ConnectionLimits::Slot slot_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool head_started_ = false;
  Clock::time_point head_deadline_;
  Clock::time_point idle_deadline_;
  bool keep_alive_ = false;
  int served_ = 0;
  size_t drained_ = 0;
};

}  // namespace

Status HttpServer::Impl::Listen() {
  const std::string where = options_.address + ":" + std::to_string(options_.port);
  if (options_.tls()) {
    beast::error_code ec;
    tls_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                     ec);
    SSL_CTX* ctx = tls_.native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
    if (!ec && SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) ec = beast::error_code(EINVAL, beast::generic_category());
    if (!ec) tls_.use_certificate_chain_file(options_.certificate, ec);
    if (!ec) tls_.use_private_key_file(options_.private_key, ssl::context::pem, ec);
    if (!ec && SSL_CTX_check_private_key(ctx) != 1) ec = beast::error_code(EINVAL, beast::generic_category());
    if (ec) {
      return Status::InvalidArgument("cannot use certificate " + options_.certificate + " with key " +
                                     options_.private_key + " for HTTPS: " + ec.message());
    }
  }
  beast::error_code ec;
  tcp::resolver resolver(io_);
  auto endpoints = resolver.resolve(options_.address, std::to_string(options_.port),
                                    tcp::resolver::numeric_service | tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) return Status::Unavailable("the web desk cannot listen on " + where + ": " + ec.message());
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  // SO_REUSEADDR (a restart need not wait for TIME_WAIT), never SO_REUSEPORT:
  // a second engine must not share the port and take half of the requests.
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status::Unavailable("the web desk cannot listen on " + where + ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
  return Status::Ok();
}

void HttpServer::Impl::Accept() {
  acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void HttpServer::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // E.g. out of file descriptors: try again shortly rather than spin.
    spdlog::warn("web: accept failed: {}", ec.message());
    retry_accept_.expires_after(std::chrono::milliseconds(100));
    retry_accept_.async_wait([this](beast::error_code wait) {
      if (!wait) Accept();
    });
    return;
  }
  beast::error_code peer_ec;
  tcp::endpoint peer = socket.remote_endpoint(peer_ec);
  std::string remote = peer_ec ? std::string("?") : peer.address().to_string();
  std::optional<ConnectionLimits::Slot> slot = limits_.TryTake(remote);
  if (!slot) {
    spdlog::debug("web: connection from {} closed at once: too many connections", remote);
    socket.close(peer_ec);
  } else if (options_.tls()) {
    std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(
        *this, beast::ssl_stream<beast::tcp_stream>(std::move(socket), tls_), std::move(*slot), remote)
        ->Start();
  } else {
    std::make_shared<Connection<beast::tcp_stream>>(*this, beast::tcp_stream(std::move(socket)), std::move(*slot),
                                                    remote)
        ->Start();
  }
  Accept();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      HttpServerCallbacks callbacks) {
  auto impl = std::make_unique<Impl>(options, std::move(callbacks));
  if (Status s = impl->Listen(); !s.ok()) return s;
  impl->Serve();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::port() const { return impl_->port(); }

void HttpServer::Stop() {
  if (impl_) impl_->Stop();
}

}  // namespace madoguchi
