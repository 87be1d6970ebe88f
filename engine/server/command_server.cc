#include "server/command_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "commands/command_decoder.h"
#include "commands/read_handler.h"
#include "commands/write_handler.h"
#include "protocol/wire.h"
#include "server/zap_authenticator.h"
#include "core/jst_time.h"
#include "store/audit_anchor.h"
#include "store/audit_log.h"
#include "store/personal_access.h"
#include "store/personal_vault.h"
#include "store/database.h"
#include "store/user_store.h"

namespace madoguchi {

bool CommandServer::Responsive(std::chrono::steady_clock::duration within) const {
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  const auto limit = std::chrono::duration_cast<std::chrono::steady_clock::duration>(within).count();
  return now - router_turn_.load() < limit && now - writer_turn_.load() < limit;
}

namespace {

constexpr const char* kReplies = "inproc://madoguchi-replies";
constexpr auto kPollInterval = std::chrono::milliseconds(100);
// How many jobs may wait for the writer, and for the readers, before the
// ROUTER's thread waits for room: what the inproc sockets' high-water marks
// (1000 on each side) held when jobs went that way.
constexpr size_t kJobQueueCapacity = 2000;
constexpr auto kAuditInterval = std::chrono::milliseconds(100);
// How long a peer of a CURVE socket may take to finish its handshake (BindFront).
constexpr auto kHandshakeInterval = std::chrono::milliseconds(5000);

void SendFrames(zmq::socket_t& socket, const std::vector<std::string>& frames) {
  for (size_t i = 0; i < frames.size(); ++i) {
    socket.send(zmq::buffer(frames[i]), i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
}

std::vector<zmq::message_t> ReceiveFrames(zmq::socket_t& socket, zmq::recv_flags flags) {
  std::vector<zmq::message_t> frames;
  zmq::message_t first;
  if (!socket.recv(first, flags)) return frames;
  frames.push_back(std::move(first));
  while (socket.get(zmq::sockopt::rcvmore)) {
    zmq::message_t m;
    (void)socket.recv(m, zmq::recv_flags::none);
    frames.push_back(std::move(m));
  }
  return frames;
}

// Waits for input on one socket; false on timeout or an interrupted call.
bool PollIn(zmq::socket_t& socket, std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
  try {
    zmq::poll(&item, 1, timeout);
  } catch (const zmq::error_t& e) {
    if (e.num() == EINTR) return false;
    throw;
  }
  return (item.revents & ZMQ_POLLIN) != 0;
}

void SendReply(zmq::socket_t& replies, const std::string& routing_id, const nlohmann::json& reply) {
  SendFrames(replies, {routing_id, reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
}

// The audit log's source of a command, by its front's tag.
std::string SourceOf(char tag) {
  switch (tag) {
    case 'C': return "curve";
    case 'W': return "worker";
    case 'L': return "web";
  }
  return "unknown";
}

// The request a command names (args.id), or the user an admin command
// names (args.user), never anything else of its args.
std::string TargetOf(const nlohmann::json& args) {
  for (const char* key : {"id", "user"}) {
    auto it = args.find(key);
    if (it != args.end() && it->is_string()) return it->get<std::string>();
  }
  return std::string();
}

AuditEntry AuditFor(const Job& job, const Status& status) {
  AuditEntry entry{FormatJst(Now()),
                   job.actor.user,
                   std::string(Name(job.actor.role)),
                   SourceOf(job.routing_id.empty() ? '?' : job.routing_id[0]),
                   std::string(job.rule->name),
                   TargetOf(job.args),
                   status.ok() ? std::string("ok") : std::string(status.code_name())};
  // What an admin did to the user named: disable, enable, grant_personal, ...
  if (job.rule->command == Command::kUserAdmin) entry.detail = job.args.value("action", "");
  return entry;
}

// A worker's command refused: workers are programs of ours, so a refusal is
// a defect or someone else holding a worker's key, worth a line in the log
// (the audit log has the code only). The status may quote what the worker
// sent; the log escapes it (protocol/log_escape.h).
void LogWorkerRefusal(const Job& job, const Status& status) {
  if (status.ok() || job.routing_id.empty() || job.routing_id[0] != 'W') return;
  spdlog::warn("refused {} from worker {}: {}", job.rule->name, job.actor.user, status.ToString());
}

// Likewise each message of a worker's batch whose ack or failure was refused.
void LogWorkerRefusals(const Job& job, const WriteResult& result) {
  LogWorkerRefusal(job, result.status);
  for (const auto& [id, status] : result.refused) {
    spdlog::warn("refused {} of outbox message {} from worker {}: {}", job.rule->name, id, job.actor.user,
                 status.ToString());
  }
}

// A worker's poll that was handed nothing (a lease of one or of many).
bool IdlePoll(const Job& job, const WriteResult& result) {
  return job.rule->command == Command::kLease && result.status.ok() && result.leased.empty();
}

// What a worker's command did to which outbox messages, for its audit
// record's detail: {"leased": [ids], "acked": [...], "failed": [...],
// "refused": [[id, code], ...]}, the empty ones left out; "" when none.
std::string OutboxDetail(const WriteResult& result) {
  nlohmann::json detail = nlohmann::json::object();
  if (!result.leased.empty()) detail["leased"] = result.leased;
  if (!result.acked.empty()) detail["acked"] = result.acked;
  if (!result.failed.empty()) detail["failed"] = result.failed;
  for (const auto& [id, status] : result.refused) detail["refused"].push_back({id, status.code_name()});
  return detail.empty() ? std::string() : detail.dump();
}

// How many connections' first idle poll are remembered; past it the set
// starts again (a long-lived worker may then get a second line).
constexpr size_t kPolledConnectionsKept = 4096;

// A group commit in the metrics (when the engine keeps any): its size, how
// long it took, and the workers' leases, acks and fails it committed.
void CountBatch(EngineMetrics* m, const std::vector<std::unique_ptr<Job>>& batch, const std::vector<WriteResult>& results,
                std::chrono::steady_clock::duration took) {
  if (m == nullptr) return;
  m->commit_batch_size.Observe(static_cast<double>(batch.size()));
  m->commit_seconds.Observe(std::chrono::duration<double>(took).count());
  // Counted by message: a worker's lease, ack or fail may carry many, and
  // an ack may carry the next lease.
  for (const WriteResult& r : results) {
    if (!r.status.ok()) continue;
    m->jobs_leased += static_cast<int64_t>(r.leased.size());
    m->acks += static_cast<int64_t>(r.acked.size());
    m->fails += static_cast<int64_t>(r.failed.size());
  }
}

nlohmann::json ReplyFor(const Job& job, const Result<nlohmann::json>& result) {
  if (result.ok()) return OkReply(job.request_id, result.value());
  return ErrorReply(job.request_id, result.status());
}

// A writer or reader thread's socket for its replies to the ROUTER's thread
// (jobs come in through a JobQueue).
zmq::socket_t ConnectReplies(zmq::context_t& context) {
  zmq::socket_t replies(context, zmq::socket_type::push);
  replies.set(zmq::sockopt::linger, -1);  // a reply taken must reach the ROUTER's thread
  replies.connect(kReplies);
  return replies;
}

}  // namespace

CommandServer::CommandServer(zmq::context_t& context, CommandServerOptions options, const Workflow& workflow,
                             RequestWriter& writer)
    : context_(context), options_(std::move(options)), workflow_(workflow), writer_(writer), store_(writer.store()),
      writer_jobs_(kJobQueueCapacity), reader_jobs_(kJobQueueCapacity) {}

void CommandServer::WriterLoop(std::atomic<bool>& done) {
  zmq::socket_t replies = ConnectReplies(context_);
  auto next_timers = std::chrono::steady_clock::now();
  auto next_head = std::chrono::steady_clock::now() + options_.audit_head_interval;
  auto next_audit = std::chrono::steady_clock::now();

  while (true) {
    writer_turn_ = std::chrono::steady_clock::now().time_since_epoch().count();
    // The records of what changed nothing (reads, refusals before the
    // writer, sign-ins, showings of personal data) queued since the last
    // append, after their replies. At most one such commit per
    // kAuditInterval: under load the batches' own commits are not doubled
    // (one fsync each), and a record still lands within about two poll
    // intervals. A write's record is in its own batch's transaction.
    if (std::chrono::steady_clock::now() >= next_audit) {
      AppendPendingAudit();
      AnchorAuditHead();  // a head a batch left for the next turn
      next_audit = std::chrono::steady_clock::now() + kAuditInterval;
    }
    if (std::chrono::steady_clock::now() >= next_head) {
      LogAuditHead();
      next_head = std::chrono::steady_clock::now() + options_.audit_head_interval;
    }
    // Reminder timers are the writer's too: it is the one thread that writes.
    if (std::chrono::steady_clock::now() >= next_timers && !draining_) {
      Result<int> fired = writer_.FireDueTimers(Now());
      if (!fired.ok()) spdlog::error("reminder timers: {}", fired.status().ToString());
      if (fired.ok() && *fired > 0) spdlog::info("{} reminders due", *fired);
      if (options_.audit_head_mail && head_mail_day_ != JstDate(Now()).ToIso()) {
        Result<bool> queued = store_.QueueAuditHeadMail(Now());
        if (!queued.ok()) spdlog::error("audit head mail: {}", queued.status().ToString());
        if (queued.ok()) head_mail_day_ = JstDate(Now()).ToIso();
        if (queued.ok() && *queued) spdlog::info("the audit head of {} queued for the auditors", head_mail_day_);
      }
      // The provision ledger's records past their retention, once a JST day
      // (and, like requests, not while `run --keep-past-retention` keeps them).
      if (options_.dispose && provision_disposal_day_ != JstDate(Now()).ToIso()) {
        Result<std::vector<int64_t>> disposed = store_.DisposeExpiredProvisionRecords(Now());
        if (!disposed.ok()) spdlog::error("provision ledger disposal: {}", disposed.status().ToString());
        if (disposed.ok()) provision_disposal_day_ = JstDate(Now()).ToIso();
        if (disposed.ok() && !disposed->empty()) {
          spdlog::info("{} provision records past their retention disposed of", disposed->size());
        }
      }
      next_timers = std::chrono::steady_clock::now() + options_.timer_interval;
      // Requests past their retention date (Art. 22), the first turn at start.
      if (options_.dispose) {
        Result<DisposalRun> run = store_.DisposeDue(Now(), options_.dispose_batch);
        if (!run.ok()) {
          spdlog::error("disposal: {}", run.status().ToString());
        } else {
          if (!run->disposed.empty()) {
            std::string ids;
            for (const std::string& id : run->disposed) ids += (ids.empty() ? "" : " ") + id;
            spdlog::info("disposed of {} requests past their retention period ({} letter files): {}",
                         run->disposed.size(), run->letter_files, ids);
            AnchorAuditHead();
          }
          for (const auto& [id, why] : run->skipped) spdlog::warn("disposal: {} is past retention and kept: {}", id, why);
          if (run->more) next_timers = std::chrono::steady_clock::now();  // the rest at the next turn
        }
      }
    }
    // Group commit: everything that is waiting goes into one transaction.
    std::vector<std::unique_ptr<Job>> batch =
        writer_jobs_.PopBatch(static_cast<size_t>(std::max(1, options_.max_batch)),
                              std::min(kPollInterval, options_.timer_interval));
    if (batch.empty()) {
      // Nothing waiting and nothing more will come (draining_ is set after
      // the ROUTER's last Push, so a job pushed after this Pop waited is seen).
      if (draining_ && writer_jobs_.size() == 0) break;
      continue;
    }
    std::vector<WriteCommand> commands;
    commands.reserve(batch.size());
    for (const auto& job : batch) commands.push_back(std::move(job->command));
    Timestamp now = Now();
    // Each command's audit record goes into the batch's own transaction.
    std::vector<bool> counted(batch.size(), false);
    BatchAudit audit_of = [&](size_t i, const WriteResult& r) -> std::optional<AuditEntry> {
      const Job& job = *batch[i];
      if (IdlePoll(job, r)) {
        // A worker's heartbeat: one line for its connection's first, then counted.
        if (polled_connections_.size() >= kPolledConnectionsKept) polled_connections_.clear();
        if (!polled_connections_.insert(job.routing_id).second) {
          counted[i] = true;
          return std::nullopt;
        }
        AuditEntry entry = AuditFor(job, r.status);
        entry.detail = "no work; later polls on this connection are counted, not recorded";
        return entry;
      }
      AuditEntry entry = AuditFor(job, r.status);
      if (entry.target.empty() && r.status.ok()) entry.target = r.request.id;  // intake: the new id
      if (r.replayed) entry.detail = "replayed: its idempotency key came with the same command before";
      if (entry.detail.empty()) entry.detail = r.audit_detail;    // the provision ledger's ids
      if (entry.detail.empty()) entry.detail = OutboxDetail(r);  // a worker's: which messages
      // What a disclosure handed over, by its SHA-256 (issue 17): in the audit record too.
      if (entry.detail.empty() && r.status.ok() && !r.replayed && job.rule->command == Command::kAdvance &&
          r.request.delivery) {
        const std::string event = job.args.value("event", "");
        const Delivery& d = *r.request.delivery;
        if (event == "disclosure_package" && d.package) entry.detail = "package sha256 " + d.package->sha256;
        if (event == "disclosure_attach" && !d.files.empty()) {
          entry.detail = "file " + std::to_string(d.files.back().n) + " sha256 " + d.files.back().sha256;
        }
      }
      return entry;
    };
    const auto commit_started = std::chrono::steady_clock::now();
    std::vector<WriteResult> results = writer_.ApplyBatch(commands, now, audit_of);
    CountBatch(options_.metrics, batch, results, std::chrono::steady_clock::now() - commit_started);
    // Only now, with the commit durable, does anybody hear of it.
    for (size_t i = 0; i < batch.size(); ++i) {
      const Job& job = *batch[i];
      Result<nlohmann::json> result = results[i].status.ok()
                                          ? Result<nlohmann::json>(WriteResultJson(job.rule->command, results[i],
                                                                                   workflow_, JstDate(now)))
                                          : Result<nlohmann::json>(results[i].status);
      SendReply(replies, job.routing_id, ReplyFor(job, result));
      LogWorkerRefusals(job, results[i]);
      if (counted[i] && results[i].status.ok()) {
        ++idle_lease_polls_;
      } else if (!results[i].audited) {
        // The batch did not commit (so nothing changed): its failure is recorded the lazy way.
        audit_.Add(AuditFor(job, results[i].status));
      }
      spdlog::debug("{} {} by {}: {}", job.rule->name, results[i].status.ok() ? results[i].request.id : std::string("-"),
                    job.actor.user, results[i].status.ok() ? "ok" : std::string(results[i].status.code_name()));
    }
    AnchorAuditHead();
    if (batch.size() > 1) spdlog::trace("group commit of {} commands", batch.size());
  }
  done = true;
}

void CommandServer::ReaderLoop(std::atomic<bool>& done) {
  zmq::socket_t replies = ConnectReplies(context_);

  Result<std::unique_ptr<RequestReader>> reader = RequestReader::Open(options_.db_path, options_.vault);
  std::optional<ReadHandler> handler;
  if (reader.ok()) {
    handler.emplace(std::move(reader).value(), workflow_,
                    ReadSettings{options_.society, options_.letters_dir, options_.audit_anchor, options_.templates_dir});
  }
  if (!reader.ok()) spdlog::error("reader: {}", reader.status().ToString());

  while (true) {
    std::unique_ptr<Job> taken = reader_jobs_.Pop(kPollInterval);
    if (!taken) {
      if (draining_ && reader_jobs_.size() == 0) break;
      continue;
    }
    const Job& job = *taken;
    Result<nlohmann::json> result = handler ? handler->Run(job.rule->command, job.args, job.actor, Now())
                                            : Result<nlohmann::json>(reader.status());
    if (handler) {
      // Who was shown which request's personal data: queued before the
      // reply goes, so that a clean stop appends it.
      std::vector<PersonalAccess> shown = handler->TakeAccess();
      for (PersonalAccess& a : shown) {
        a.at = FormatJst(Now());
        a.actor = job.actor.user;
        a.role = std::string(Name(job.actor.role));
        a.source = SourceOf(job.routing_id.empty() ? '?' : job.routing_id[0]);
      }
      audit_.AddAccess(std::move(shown));
    }
    SendReply(replies, job.routing_id, ReplyFor(job, result));
    audit_.Add(AuditFor(job, result.status()));
  }
  done = true;
}

void CommandServer::AppendPendingAudit() {
  std::vector<AuditEntry> taken = audit_.Take();
  audit_backlog_.insert(audit_backlog_.end(), std::make_move_iterator(taken.begin()),
                        std::make_move_iterator(taken.end()));
  std::vector<PersonalAccess> accessed = audit_.TakeAccess();
  access_backlog_.insert(access_backlog_.end(), std::make_move_iterator(accessed.begin()),
                         std::make_move_iterator(accessed.end()));
  if (audit_backlog_.empty() && access_backlog_.empty()) return;
  if (Status s = store_.AppendRecords(audit_backlog_, access_backlog_, Now()); !s.ok()) {
    // Kept, in order, for the next turn: the chain never skips a record.
    spdlog::error("audit log: {} ({} records, {} accesses waiting)", s.message(), audit_backlog_.size(),
                  access_backlog_.size());
    return;
  }
  audit_backlog_.clear();
  access_backlog_.clear();
  AnchorAuditHead();
}

void CommandServer::AnchorAuditHead(bool now) {
  const std::optional<ChainHead>& head = store_.chain_head();
  if (!head || options_.audit_anchor.empty() || (anchored_ && *anchored_ == *head)) return;
  // At most one line (and fdatasync) per kAuditInterval: under load the
  // batches' own commits are not slowed by a second sync each. The writer's
  // loop comes back to it within that interval.
  if (!now && std::chrono::steady_clock::now() < next_anchor_) return;
  next_anchor_ = std::chrono::steady_clock::now() + kAuditInterval;
  // The key the head was made under (an old SHA-256 head has none: the current one).
  PersonalVault& vault = *options_.vault;
  Result<DataKey> key = head->key_id.empty() ? vault.SealingKey(store_.db()) : vault.Key(head->key_id);
  Status s = key.ok() ? AppendAnchor(options_.audit_anchor, *head, *key, Now()) : key.status();
  if (!s.ok()) {
    // The chain is committed either way; the next head is tried again.
    spdlog::error("audit anchor: {}", s.message());
    return;
  }
  anchored_ = head;
}

void CommandServer::LogAuditHead() {
  try {
    ChainHead head = ReadChainHead(store_.db());
    const int64_t whoami = whoami_polls_.exchange(0);
    if (idle_lease_polls_ > 0 || whoami > 0) {
      spdlog::info("not recorded in the audit log: {} idle lease polls, {} whoami", idle_lease_polls_, whoami);
      idle_lease_polls_ = 0;
    }
    if (head.count == logged_audit_count_) return;
    logged_audit_count_ = head.count;
    spdlog::info("audit head {} {}", head.count, head.hash);
  } catch (const SQLite::Exception& e) {
    spdlog::error("audit head: {}", e.what());
  }
}

namespace {

// One of the engine's two CURVE sockets. Jobs carry the socket's tag in
// front of the client's routing id, so that the reply finds its way back.
// The in-process front has no CURVE: its sender names the user instead.
struct Front {
  Endpoint endpoint;
  char tag;
  std::string address;
  size_t max_message_bytes;
  zmq::socket_t socket;
  bool names_user = false;  // frames are [routing id][user][JSON], not [routing id][][JSON]
};

Status BindFront(Front& f, const std::string& secret_key) {
  try {
    if (!f.names_user) {
      f.socket.set(zmq::sockopt::curve_server, 1);
      f.socket.set(zmq::sockopt::curve_secretkey, secret_key);
      f.socket.set(zmq::sockopt::zap_domain, kZapDomain);
    }
    if (!f.names_user) {
      // Peers that never finish the CURVE handshake (a port scan, a flood of
      // idle connections) are dropped after this instead of libzmq's 30 s.
      // Before the handshake a peer is nobody: it holds one descriptor and a
      // few KiB for at most this long, and no message of it is read, so the
      // descriptors idle strangers can hold are bounded by how fast they can
      // connect times this interval, well under the raised limit of open
      // files (app/open_files.h). ZeroMQ has no per-socket cap on connections
      // to set instead: ZMQ_MAX_SOCKETS (the context's) counts our own ZeroMQ
      // sockets, a dozen, not the connections to them, and lowering it would
      // bound nothing a stranger does; nor is there a per-address limit (that
      // belongs in a firewall in front of the port). More I/O threads
      // (ZMQ_IO_THREADS, the context's other setting) would not set staff
      // apart either: libzmq spreads connections over them whoever they are.
      // Staff and workers are not affected: a handshake takes milliseconds.
      f.socket.set(zmq::sockopt::handshake_ivl, static_cast<int>(kHandshakeInterval.count()));
    }
    // A client that sends more than this is cut off by libzmq (the client
    // says so, protocol/engine_client.h); up to it, an oversize command gets
    // an error reply (DecodeCommand).
    f.socket.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(CutOffBytes(f.max_message_bytes)));
    f.socket.set(zmq::sockopt::linger, 1000);
    f.socket.bind(f.address);
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return Status::Unavailable("cannot listen on " + f.address + ": " + e.what());
  }
}

void SendToClient(Front& f, const std::string& routing_id, const std::string& json) {
  SendFrames(f.socket, {routing_id, "", json});
}

}  // namespace

Result<nlohmann::json> CommandServer::UnlockSignIn(UserStore& users, const nlohmann::json& args) {
  const std::string name = args["user"].get<std::string>();
  Result<std::optional<User>> user = users.FindByName(name);
  if (!user.ok()) return user.status();
  if (!user->has_value()) return Status::NotFound("no user " + name);
  if (!unlock_sign_in_) return Status::Unavailable("the web desk is not running here: no sign-in is locked");
  return nlohmann::json{{"user", name}, {"lifted", unlock_sign_in_(name)}};
}

Status CommandServer::Run(const std::atomic<bool>& stop, const std::function<void()>& on_listening) {
  zmq::socket_t replies(context_, zmq::socket_type::pull);
  Front fronts[] = {
      {Endpoint::kCommands, 'C', options_.endpoint, options_.max_message_bytes,
       zmq::socket_t(context_, zmq::socket_type::router)},
      {Endpoint::kWorkers, 'W', options_.workers_endpoint, options_.worker_max_message_bytes,
       zmq::socket_t(context_, zmq::socket_type::router)},
      {Endpoint::kCommands, 'L', kLocalCommandsEndpoint, options_.max_message_bytes,
       zmq::socket_t(context_, zmq::socket_type::router), true},
  };
  constexpr int kFronts = 3;
  try {
    replies.set(zmq::sockopt::linger, 0);
    replies.bind(kReplies);
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string("cannot set up the engine's threads: ") + e.what());
  }
  for (Front& f : fronts) {
    if (Status s = BindFront(f, options_.secret_key); !s.ok()) return s;
  }

  Result<std::unique_ptr<SQLite::Database>> users_db = OpenDatabase(options_.db_path, OpenMode::kReadOnly);
  if (!users_db.ok()) return users_db.status();
  UserStore users(**users_db);

  std::atomic<bool> writer_done{false};
  std::vector<std::unique_ptr<std::atomic<bool>>> readers_done;
  std::vector<std::thread> threads;
  threads.emplace_back(&CommandServer::WriterLoop, this, std::ref(writer_done));
  for (int i = 0; i < options_.readers; ++i) {
    readers_done.push_back(std::make_unique<std::atomic<bool>>(false));
    threads.emplace_back(&CommandServer::ReaderLoop, this, std::ref(*readers_done.back()));
  }
  spdlog::info("serving commands on {} and workers on {} ({} readers, batches of up to {})", options_.endpoint,
               options_.workers_endpoint, options_.readers, options_.max_batch);
  if (on_listening) on_listening();

  auto all_done = [&] {
    if (!writer_done) return false;
    for (const auto& d : readers_done) {
      if (!*d) return false;
    }
    return true;
  };

  // Takes a client's command: decode, authenticate, authorize, route.
  auto take_command = [&](Front& front, std::vector<zmq::message_t>& frames) {
    if (frames.size() < 2) return;  // no routing id: nothing to answer
    std::string routing_id = frames[0].to_string();
    // Refusals are recorded here; what goes on to a reader or the writer is
    // recorded there, with its result.
    auto refused = [&](const std::string& actor, const std::string& role, std::string_view command,
                       const nlohmann::json& args, std::string_view code) {
      audit_.Add(AuditEntry{FormatJst(Now()), actor, role, SourceOf(front.tag), std::string(command), TargetOf(args),
                            std::string(code)});
    };
    auto reply = [&](const nlohmann::json& j) {
      SendToClient(front, routing_id, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    };
    if (frames.size() != 3 || (!front.names_user && frames[1].size() != 0)) {
      refused("", "", "", nlohmann::json::object(), "malformed");
      reply(ErrorReply(nullptr, "malformed", "a command is two frames: an empty delimiter and the JSON"));
      return;
    }
    // Who sends: the key CURVE proved, or the user the in-process sender
    // names ("user", or "user role" for a web session bound to its role).
    std::string local_user = front.names_user ? frames[1].to_string() : std::string();
    std::string bound_role;
    if (size_t space = local_user.find(' '); space != std::string::npos) {
      bound_role = local_user.substr(space + 1);
      local_user.resize(space);
    }
    const char* user_id = front.names_user ? local_user.c_str() : frames[2].gets("User-Id");
    DecodedCommand decoded = DecodeCommand(frames[2].to_string_view(), front.max_message_bytes);
    std::string claimed = user_id ? user_id : "";
    if (!decoded.ok()) {
      refused(claimed, "", decoded.rule ? decoded.rule->name : std::string_view(), nlohmann::json::object(),
              decoded.error_code);
      reply(ErrorReply(decoded.request_id, decoded.error_code, decoded.error_message));
      return;
    }
    if (!ServedOn(*decoded.rule, front.endpoint)) {
      refused(claimed, "", decoded.rule->name, decoded.args, "unknown_command");
      reply(ErrorReply(decoded.request_id, "unknown_command",
                       "'" + std::string(decoded.rule->name) + "' is not served on " + front.address));
      return;
    }
    // The key was accepted when the connection was made; the user may have
    // been disabled since, which must take effect on this very command.
    Result<std::optional<User>> user = users.FindByName(user_id ? user_id : "");
    if (!user.ok() || !user->has_value() || (*user)->disabled) {
      spdlog::warn("refused a command from disabled or unknown user '{}'", user_id ? user_id : "");
      refused(claimed, "", decoded.rule->name, decoded.args, Status::PermissionDenied("").code_name());
      reply(ErrorReply(decoded.request_id, Status::PermissionDenied("user is disabled or unknown")));
      return;
    }
    if (!bound_role.empty() && bound_role != Name((*user)->role)) {
      spdlog::warn("refused a command from '{}': signed in as {}, now {}", claimed, bound_role, Name((*user)->role));
      refused(claimed, bound_role, decoded.rule->name, decoded.args, Status::PermissionDenied("").code_name());
      reply(ErrorReply(decoded.request_id,
                       Status::PermissionDenied("signed in as " + bound_role + ", but the role is now " +
                                                std::string(Name((*user)->role)) + "; sign in again")));
      return;
    }
    // The grant and the kinds as they are now: a revocation, too, takes
    // effect on the very next command.
    auto job = std::make_unique<Job>(Job{std::string(1, front.tag) + routing_id, decoded.request_id, decoded.rule,
                                         std::move(decoded.args),
                                         Actor{(*user)->name, (*user)->role, (*user)->personal_granted(), (*user)->kinds},
                                         WriteCommand{}});
    if (Status allowed = Authorize(*job->rule, job->actor, job->args); !allowed.ok()) {
      refused(job->actor.user, std::string(Name(job->actor.role)), job->rule->name, job->args, allowed.code_name());
      reply(ErrorReply(job->request_id, allowed));
      return;
    }
    if (job->rule->command == Command::kWhoami) {
      // A poll (the web desk asks it for every page): counted, not recorded.
      reply(OkReply(job->request_id, {{"user", job->actor.user}, {"role", Name(job->actor.role)}}));
      ++whoami_polls_;
      return;
    }
    if (job->rule->command == Command::kUnlockSignIn) {
      // A lookup and a map erase: answered here, like whoami.
      Result<nlohmann::json> result = UnlockSignIn(users, job->args);
      reply(ReplyFor(*job, result));
      audit_.Add(AuditFor(*job, result.status()));
      return;
    }
    if (!job->rule->writes) {
      reader_jobs_.Push(std::move(job));
      return;
    }
    // Parsing and checking what needs no stored data happens here, not on
    // the one writer thread: it was most of the writer's own work per intake.
    Result<WriteCommand> prepared = PrepareWriteCommand(job->rule->command, job->args, job->actor, workflow_, Now());
    if (!prepared.ok()) {
      // Refused as the writer would refuse it, without waiting for a commit.
      reply(ErrorReply(job->request_id, prepared.status()));
      LogWorkerRefusal(*job, prepared.status());
      audit_.Add(AuditFor(*job, prepared.status()));
      return;
    }
    job->command = std::move(prepared).value();
    writer_jobs_.Push(std::move(job));
  };

  auto forward_replies = [&] {
    while (true) {
      std::vector<zmq::message_t> frames = ReceiveFrames(replies, zmq::recv_flags::dontwait);
      if (frames.size() != 2 || frames[0].size() < 1) return;
      std::string tagged = frames[0].to_string();
      Front* front = &fronts[0];
      for (Front& f : fronts) {
        if (f.tag == tagged[0]) front = &f;
      }
      SendToClient(*front, tagged.substr(1), frames[1].to_string());
    }
  };

  while (!stop) {
    router_turn_ = std::chrono::steady_clock::now().time_since_epoch().count();
    zmq::pollitem_t items[kFronts + 1];
    for (int f = 0; f < kFronts; ++f) items[f] = {fronts[f].socket.handle(), 0, ZMQ_POLLIN, 0};
    items[kFronts] = {replies.handle(), 0, ZMQ_POLLIN, 0};
    try {
      zmq::poll(items, kFronts + 1, kPollInterval);
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) continue;
      throw;
    }
    if (items[kFronts].revents & ZMQ_POLLIN) forward_replies();
    for (int f = 0; f < kFronts; ++f) {
      if (!(items[f].revents & ZMQ_POLLIN)) continue;
      // Take what is waiting, but let replies through now and then.
      for (int i = 0; i < 1000; ++i) {
        std::vector<zmq::message_t> frames = ReceiveFrames(fronts[f].socket, zmq::recv_flags::dontwait);
        if (frames.empty()) break;
        take_command(fronts[f], frames);
      }
    }
  }

  // Stop: no new commands; answer everything already taken.
  spdlog::info("stopping: finishing the commands already taken");
  draining_ = true;
  while (!all_done()) {
    if (PollIn(replies, std::chrono::milliseconds(20))) forward_replies();
  }
  forward_replies();
  for (auto& t : threads) t.join();
  // The writer is gone: what the readers recorded last is appended here.
  AppendPendingAudit();
  AnchorAuditHead(/*now=*/true);
  logged_audit_count_ = -1;
  LogAuditHead();
  for (Front& f : fronts) f.socket.close();  // linger: the last replies still go out
  spdlog::info("command server stopped");
  return Status::Ok();
}

}  // namespace madoguchi
