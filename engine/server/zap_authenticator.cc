#include "server/zap_authenticator.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "protocol/curve_keys.h"
#include "store/database.h"
#include "store/user_store.h"

namespace madoguchi {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(100);

}  // namespace

ZapAuthenticator::ZapAuthenticator(zmq::context_t& context, std::string db_path)
    : context_(context), db_path_(std::move(db_path)) {}

ZapAuthenticator::~ZapAuthenticator() { Stop(); }

Status ZapAuthenticator::Start() {
  try {
    zmq::socket_t socket(context_, zmq::socket_type::rep);
    socket.set(zmq::sockopt::linger, 0);
    socket.bind("inproc://zeromq.zap.01");
    // The socket moves into the thread that uses it, and is used by no other.
    thread_ = std::thread(&ZapAuthenticator::Serve, this, std::move(socket));
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string("cannot start the authenticator: ") + e.what());
  }
}

void ZapAuthenticator::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void ZapAuthenticator::Serve(zmq::socket_t socket) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(db_path_, OpenMode::kReadOnly);
  if (!db.ok()) spdlog::error("authenticator: {}; every connection will be refused", db.status().ToString());

  while (!stop_) {
    zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
    try {
      zmq::poll(&item, 1, kPollInterval);
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) continue;
      if (e.num() == ETERM) return;
      throw;
    }
    if (!(item.revents & ZMQ_POLLIN)) continue;

    std::vector<zmq::message_t> frames;
    do {
      zmq::message_t m;
      if (!socket.recv(m, zmq::recv_flags::none)) break;
      frames.push_back(std::move(m));
    } while (socket.get(zmq::sockopt::rcvmore));

    // version, request id, domain, address, routing id, mechanism, credentials...
    std::string request_id = frames.size() > 1 ? frames[1].to_string() : "";
    std::string status = "400", text = "unknown key", user_id;
    if (frames.size() >= 7 && frames[0].to_string() == "1.0" && frames[5].to_string() == "CURVE" && db.ok()) {
      std::string key = Z85FromRawKey(frames[6].to_string());
      UserStore users(**db);
      Result<std::optional<User>> user = users.FindByKey(key);
      if (!user.ok()) {
        status = "500", text = user.status().message();
      } else if (user->has_value() && !(*user)->disabled) {
        status = "200", text = "OK", user_id = (*user)->name;
      } else if (user->has_value()) {
        text = "user disabled";
      }
      if (status != "200") spdlog::warn("refused a connection from {}: {}", frames[3].to_string(), text);
    }
    std::vector<std::string> reply = {"1.0", request_id, status, text, user_id, ""};
    for (size_t i = 0; i < reply.size(); ++i) {
      socket.send(zmq::buffer(reply[i]), i + 1 < reply.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
    }
  }
}

}  // namespace madoguchi
