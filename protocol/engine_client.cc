#include "protocol/engine_client.h"

#include <unistd.h>

#include <cstdio>

#include "protocol/wire.h"

namespace madoguchi {

EngineClient::EngineClient(KeyFile key, std::string endpoint, std::chrono::milliseconds timeout)
    : key_(std::move(key)),
      endpoint_(endpoint.empty() ? key_.engine_endpoint : std::move(endpoint)),
      timeout_(timeout),
      context_(1) {}

EngineClient::~EngineClient() {
  socket_.reset();  // linger is 0: nothing unsent holds the context open
  context_.close();
}

Status EngineClient::Connect() {
  if (socket_) return Status::Ok();
  try {
    auto s = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::dealer);
    s->set(zmq::sockopt::linger, 0);
    s->set(zmq::sockopt::curve_serverkey, key_.engine_public_key);
    s->set(zmq::sockopt::curve_publickey, key_.public_key);
    s->set(zmq::sockopt::curve_secretkey, key_.secret_key);
    // Do not queue a command for an engine we have no connection to.
    s->set(zmq::sockopt::immediate, 1);
    s->connect(endpoint_);
    socket_ = std::move(s);
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return Status::InvalidArgument("cannot connect to " + endpoint_ + ": " + e.what());
  }
}

Result<std::vector<zmq::message_t>> EngineClient::Receive(std::chrono::steady_clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    zmq::pollitem_t item{socket_->handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, left);
    if (!(item.revents & ZMQ_POLLIN)) continue;
    std::vector<zmq::message_t> frames;
    do {
      zmq::message_t m;
      if (!socket_->recv(m, zmq::recv_flags::dontwait)) break;
      frames.push_back(std::move(m));
    } while (socket_->get(zmq::sockopt::rcvmore));
    return frames;
  }
  // A socket that timed out may still get the late reply: start afresh.
  socket_.reset();
  return NoAnswer();
}

Status EngineClient::NoAnswer() const {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", static_cast<double>(timeout_.count()) / 1000.0);
  return Status::Unavailable("no answer from the engine at " + endpoint_ + " within " + seconds +
                             " s: the engine is down, or it does not accept the key of user '" + key_.user + "'");
}

Result<std::string> EngineClient::CallRaw(const std::vector<std::string>& frames) {
  if (Status s = Connect(); !s.ok()) return s;
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  try {
    for (size_t i = 0; i < frames.size(); ++i) {
      zmq::send_flags flags = i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
      zmq::message_t m(frames[i].data(), frames[i].size());
      // With immediate set, a send blocks while no connection is up: wait in
      // small steps until the deadline.
      while (!socket_->send(m, flags | zmq::send_flags::dontwait)) {
        if (std::chrono::steady_clock::now() >= deadline) {
          socket_.reset();
          return NoAnswer();
        }
        ::usleep(2000);
      }
    }
    Result<std::vector<zmq::message_t>> reply = Receive(deadline);
    if (!reply.ok()) return reply.status();
    // [empty][json]
    if (reply->size() != 2) return Status::Corruption("the engine replied with " + std::to_string(reply->size()) + " frames");
    return reply->at(1).to_string();
  } catch (const zmq::error_t& e) {
    socket_.reset();
    return Status::Unavailable(std::string("talking to the engine: ") + e.what());
  }
}

Result<nlohmann::json> EngineClient::Call(std::string_view command, const nlohmann::json& args) {
  std::string request_id = std::to_string(::getpid()) + "-" + std::to_string(next_request_++);
  std::string text = CommandMessage(command, args, request_id).dump();
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  Result<std::string> raw = CallRaw({"", text});
  while (raw.ok()) {
    nlohmann::json reply = nlohmann::json::parse(*raw, nullptr, /*allow_exceptions=*/false);
    if (reply.is_discarded()) return Status::Corruption("the engine's reply is not JSON");
    // A late reply to an earlier command that timed out: skip it.
    if (reply.value("request_id", nlohmann::json()) == request_id) return ResultOfReply(reply);
    Result<std::vector<zmq::message_t>> next = Receive(deadline);
    if (!next.ok()) return next.status();
    if (next->size() != 2) return Status::Corruption("the engine replied with a bad envelope");
    raw = next->at(1).to_string();
  }
  return raw.status();
}

}  // namespace madoguchi
