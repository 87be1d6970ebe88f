#include "web/command_channel.h"

#include <atomic>

#include "protocol/wire.h"

namespace madoguchi {

namespace {
std::atomic<uint64_t> g_next_request{1};
}  // namespace

CommandChannel::CommandChannel(zmq::context_t& context, std::string endpoint, std::chrono::milliseconds timeout)
    : context_(context), endpoint_(std::move(endpoint)), timeout_(timeout) {}

CommandChannel::~CommandChannel() = default;

std::unique_ptr<zmq::socket_t> CommandChannel::Borrow() {
  {
    MutexLock lock(&mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<zmq::socket_t> s = std::move(idle_.back());
      idle_.pop_back();
      return s;
    }
  }
  auto s = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::dealer);
  s->set(zmq::sockopt::linger, 0);
  s->set(zmq::sockopt::rcvtimeo, static_cast<int>(timeout_.count()));
  s->connect(endpoint_);
  return s;
}

void CommandChannel::Return(std::unique_ptr<zmq::socket_t> socket) {
  MutexLock lock(&mutex_);
  idle_.push_back(std::move(socket));
}

nlohmann::json CommandChannel::Call(const std::string& user, const std::string& command,
                                    const nlohmann::json& args, const std::string& bound_role) {
  std::string request_id = "web-" + std::to_string(g_next_request++);
  std::string message = CommandMessage(command, args, request_id).dump(-1, ' ', false,
                                                                        nlohmann::json::error_handler_t::replace);
  std::unique_ptr<zmq::socket_t> socket = Borrow();
  try {
    // The sender frame: "user", or "user role" (a user name has no spaces).
    std::string sender = bound_role.empty() ? user : user + " " + bound_role;
    socket->send(zmq::buffer(sender), zmq::send_flags::sndmore);
    socket->send(zmq::buffer(message), zmq::send_flags::none);
    zmq::message_t delimiter, reply;
    if (socket->recv(delimiter) && delimiter.more() && socket->recv(reply)) {
      Return(std::move(socket));
      nlohmann::json j = nlohmann::json::parse(reply.to_string_view(), nullptr, false);
      if (!j.is_discarded()) return j;
      return ErrorReply(request_id, "malformed", "the engine's reply is not JSON");
    }
  } catch (const zmq::error_t& e) {
    return ErrorReply(request_id, "unavailable", std::string("the engine cannot be reached: ") + e.what());
  }
  // Timed out: this socket may still get the late reply, so it goes.
  return ErrorReply(request_id, "unavailable", "the engine did not answer in time");
}

}  // namespace madoguchi
