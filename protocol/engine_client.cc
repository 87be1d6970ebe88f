#include "protocol/engine_client.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>

#include "protocol/wire.h"

namespace madoguchi {

EngineClient::EngineClient(KeyFile key, std::string endpoint, std::chrono::milliseconds timeout)
    : key_(std::move(key)),
      endpoint_(endpoint.empty() ? key_.engine_endpoint : std::move(endpoint)),
      timeout_(timeout),
      context_(1) {}

EngineClient::~EngineClient() {
  monitor_.reset();
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
    // Cuts and handshakes, to tell a message the engine refused by cutting
    // the connection from one still waiting for its answer (Receive).
    std::string monitor_address = "inproc://madoguchi-client-monitor-" + std::to_string(next_monitor_++);
    if (zmq_socket_monitor(s->handle(), monitor_address.c_str(),
                           ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0) {
      throw zmq::error_t();
    }
    auto m = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::pair);
    m->set(zmq::sockopt::linger, 0);
    m->connect(monitor_address);
    s->connect(endpoint_);
    socket_ = std::move(s);
    monitor_ = std::move(m);
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return Status::InvalidArgument("cannot connect to " + endpoint_ + ": " + e.what());
  }
}

namespace {

// How long a cut connection may take to come back for the cut to count as
// the engine's refusal of the message rather than its stop.
constexpr auto kReconnectGrace = std::chrono::milliseconds(1000);

// One monitor event's number (its first frame: 16-bit event, 32-bit value),
// or 0 when none is waiting.
uint16_t NextEvent(zmq::socket_t& monitor) {
  zmq::message_t first;
  if (!monitor.recv(first, zmq::recv_flags::dontwait)) return 0;
  uint16_t event = 0;
  if (first.size() >= sizeof event) std::memcpy(&event, first.data(), sizeof event);
  while (monitor.get(zmq::sockopt::rcvmore)) {
    zmq::message_t rest;
    (void)monitor.recv(rest, zmq::recv_flags::none);
  }
  return event;
}

}  // namespace

void EngineClient::DrainMonitor() {
  while (NextEvent(*monitor_) != 0) {
  }
}

Result<std::vector<zmq::message_t>> EngineClient::Receive(std::chrono::steady_clock::time_point deadline,
                                                          size_t sent_bytes) {
  // Only a message larger than any engine's smallest cut-off can be refused by a cut.
  const bool may_be_cut = sent_bytes > CutOffBytes(kSmallestMessageLimit);
  std::optional<std::chrono::steady_clock::time_point> cut_until;  // set when the connection was cut
  while (true) {
    auto now = std::chrono::steady_clock::now();
    auto until = cut_until ? std::min(deadline, *cut_until) : deadline;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - now);
    if (left.count() <= 0) break;
    zmq::pollitem_t items[] = {{socket_->handle(), 0, ZMQ_POLLIN, 0}, {monitor_->handle(), 0, ZMQ_POLLIN, 0}};
    zmq::poll(items, may_be_cut ? 2 : 1, left);
    if (items[0].revents & ZMQ_POLLIN) {
      std::vector<zmq::message_t> frames;
      do {
        zmq::message_t m;
        if (!socket_->recv(m, zmq::recv_flags::dontwait)) break;
        frames.push_back(std::move(m));
      } while (socket_->get(zmq::sockopt::rcvmore));
      return frames;
    }
    if (!may_be_cut || !(items[1].revents & ZMQ_POLLIN)) continue;
    for (uint16_t event = NextEvent(*monitor_); event != 0; event = NextEvent(*monitor_)) {
      if (event == ZMQ_EVENT_DISCONNECTED && !cut_until) {
        cut_until = std::chrono::steady_clock::now() + kReconnectGrace;
      } else if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED && cut_until) {
        // Up, and it cut the connection this message came on: refused for its size.
        return Status::InvalidArgument(
            "too_large: the engine at " + endpoint_ + " cut the connection when this message of " +
            std::to_string(sent_bytes) +
            " bytes reached it, and took the client back at once: it does so to a message over 4 times its "
            "size limit (limits.max_message_bytes of its madoguchi.json; workers.max_message_bytes on the "
            "workers' socket); send less");
      }
    }
  }
  if (cut_until && std::chrono::steady_clock::now() < deadline) {
    socket_.reset();
    monitor_.reset();
    return Status::Unavailable("the engine at " + endpoint_ + " closed the connection while this message of " +
                               std::to_string(sent_bytes) + " bytes was on its way, and has not come back: it stopped");
  }
  // A socket that timed out may still get the late reply: start afresh.
  monitor_.reset();
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
    DrainMonitor();
    size_t sent_bytes = 0;
    for (const std::string& f : frames) sent_bytes += f.size();
    for (size_t i = 0; i < frames.size(); ++i) {
      zmq::send_flags flags = i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
      zmq::message_t m(frames[i].data(), frames[i].size());
      // With immediate set, a send blocks while no connection is up: wait in
      // small steps until the deadline.
      while (!socket_->send(m, flags | zmq::send_flags::dontwait)) {
        if (std::chrono::steady_clock::now() >= deadline) {
          monitor_.reset();
          socket_.reset();
          return NoAnswer();
        }
        ::usleep(2000);
      }
    }
    Result<std::vector<zmq::message_t>> reply = Receive(deadline, sent_bytes);
    if (!reply.ok()) return reply.status();
    // [empty][json]
    if (reply->size() != 2) return Status::Corruption("the engine replied with " + std::to_string(reply->size()) + " frames");
    return reply->at(1).to_string();
  } catch (const zmq::error_t& e) {
    monitor_.reset();
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
    // A late reply to an earlier command that timed out: skip it. An error
    // with no request_id is about a message whose id the engine could not
    // read (too_large, malformed): this one, as the socket carries only our
    // commands in order and is made afresh after a timeout.
    nlohmann::json replied_to = reply.value("request_id", nlohmann::json());
    if (replied_to == request_id || (replied_to.is_null() && reply.value("ok", true) == false)) {
      if (observer_) observer_(command, reply);
      return ResultOfReply(reply);
    }
    Result<std::vector<zmq::message_t>> next = Receive(deadline, 0);
    if (!next.ok()) return next.status();
    if (next->size() != 2) return Status::Corruption("the engine replied with a bad envelope");
    raw = next->at(1).to_string();
  }
  return raw.status();
}

}  // namespace madoguchi
