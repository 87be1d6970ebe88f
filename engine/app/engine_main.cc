// madoguchi-engine: initialises a data folder, manages its users, and runs
// the engine. See README.md and app/data_dir.h for the folder's layout.
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <zmq.hpp>

#include "app/audit_anchor_command.h"
#include "app/audit_guard.h"
#include "app/audit_verify_command.h"
#include "app/backup_command.h"
#include "app/data_dir.h"
#include "app/data_keys.h"
#include "app/key_rotation.h"
#include "app/engine_config.h"
#include "app/logging.h"
#include "app/open_files.h"
#include "app/server_audit.h"
#include "app/start_checks.h"
#include "app/user_grants.h"
#include "commands/letter_check.h"
#include "core/data_categories.h"
#include "core/password_policy.h"
#include "core/workflow.h"
#include "protocol/key_file.h"
#include "util/private_file.h"
#include "util/sha256.h"
#include "server/command_server.h"
#include "server/zap_authenticator.h"
#include "store/audit_anchor.h"
#include "store/credential_store.h"
#include "store/data_key_ring.h"
#include "store/database.h"
#include "store/letter_archive.h"
#include "commands/request_writer.h"
#include "store/request_store.h"
#include "store/user_store.h"
#include "util/install_paths.h"
#include "util/systemd_notify.h"
#include "web/metrics_server.h"
#include "protocol/random_token.h"
#include "web/password_hash.h"
#include "web/web_desk.h"

namespace madoguchi {
namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop = true; }

int Fail(const Status& s) {
  std::cerr << "madoguchi-engine: " << s.message() << "\n";
  return 1;
}

int Init(const DataDir& dir) {
  if (dir.IsInitialised()) {
    return Fail(Status::Conflict(dir.root() + " is initialised already (" + dir.config() + " exists)"));
  }
  std::error_code ec;
  for (const std::string& sub : {std::string(""), std::string("/keys"), std::string("/logs")}) {
    std::filesystem::create_directories(dir.root() + sub, ec);
    if (ec) return Fail(Status::IoError("creating " + dir.root() + sub + ": " + ec.message()));
  }
  std::filesystem::permissions(dir.root(), std::filesystem::perms::owner_all, ec);
  std::filesystem::permissions(dir.root() + "/keys", std::filesystem::perms::owner_all, ec);

  Result<CurveKeyPair> key = GenerateCurveKeyPair();
  if (!key.ok()) return Fail(key.status());
  if (Status s = dir.SaveEngineKey(*key); !s.ok()) return Fail(s);
  std::string data_key_file = dir.Resolve(EngineConfig::DefaultJson()["data_key_file"].get<std::string>());
  Result<DataKeyRing> ring = DataKeyRing::Create(data_key_file);
  if (!ring.ok()) return Fail(ring.status());
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(dir.database(), OpenMode::kReadWrite);
  if (!db.ok()) return Fail(db.status());
  // The audit chain's anchor file, from its empty head on (store/audit_anchor.h).
  if (Status s = AppendAnchor(dir.audit_anchor(), ChainHead{}, ring->current(), Now()); !s.ok()) return Fail(s);
  // The configuration last: its presence is what marks the folder initialised.
  if (Status s = WriteFileAtomically(dir.config(), EngineConfig::DefaultJson().dump(2) + "\n", 0600); !s.ok()) {
    return Fail(s);
  }
  std::cout << "initialised " << dir.root() << "\n"
            << "  configuration  " << dir.config() << "\n"
            << "  database       " << dir.database() << "\n"
            << "  engine key     " << dir.engine_key() << " (public " << key->public_key << ")\n"
            << "  data key       " << data_key_file << " (seals the personal data: keep a copy apart from backups)\n"
            << "next: madoguchi-engine user add NAME --role clerk --data " << dir.root() << "\n";
  return 0;
}

Result<std::unique_ptr<SQLite::Database>> OpenForAdmin(const DataDir& dir) {
  if (!dir.IsInitialised()) return Status::NotFound(dir.root() + " is not initialised; run madoguchi-engine init");
  return OpenDatabase(dir.database(), OpenMode::kReadWrite);
}

int UserAdd(const DataDir& dir, const std::string& name, const std::string& role_name, std::string out,
            const std::string& email, const std::string& kinds_list) {
  std::optional<Role> role = ParseRole(role_name);
  if (!role) return Fail(Status::InvalidArgument("unknown role '" + role_name +
                                                 "'; roles: clerk, reviewer, manager, auditor, admin, worker"));
  // Least privilege: a worker is bound to the outbox kinds it handles, and
  // must name them; nobody else has kinds.
  std::vector<std::string> kinds;
  if (*role == Role::kWorker) {
    Result<std::vector<std::string>> parsed = ParseWorkerKinds(kinds_list);
    if (!parsed.ok()) return Fail(parsed.status());
    kinds = std::move(parsed).value();
  } else if (!kinds_list.empty()) {
    return Fail(Status::InvalidArgument("--kinds is for workers only"));
  }
  if (!IsValidUserName(name)) return Fail(Status::InvalidArgument("'" + name + "' is not a user name (1-64 of A-Z a-z 0-9 . _ -)"));
  Result<EngineConfig> config = EngineConfig::Load(dir.config());
  if (!config.ok()) return Fail(config.status());
  Result<CurveKeyPair> engine_key = dir.LoadEngineKey();
  if (!engine_key.ok()) return Fail(engine_key.status());
  Result<std::unique_ptr<SQLite::Database>> db = OpenForAdmin(dir);
  if (!db.ok()) return Fail(db.status());

  Result<CurveKeyPair> key = GenerateCurveKeyPair();
  if (!key.ok()) return Fail(key.status());
  if (out.empty()) out = dir.user_key(name);
  // A worker talks to the workers' socket; everybody else to the commands' one.
  KeyFile file{name, std::string(Name(*role)), key->public_key, key->secret_key, engine_key->public_key,
               *role == Role::kWorker ? config->workers_endpoint : config->commands_endpoint};
  // The key file first: a user row without its key file would be a user nobody can be.
  if (std::filesystem::exists(out)) return Fail(Status::Conflict(out + " exists already; choose --out"));
  if (Status s = file.Save(out); !s.ok()) return Fail(s);
  UserStore users(**db);
  std::string granted = "role " + std::string(Name(*role));
  for (size_t i = 0; i < kinds.size(); ++i) granted += (i == 0 ? ", kinds " : ",") + kinds[i];
  if (Status s = AuditedServerChange(dir, **db, {"user add", name, granted}, [&] {
        return users.Add(User{name, *role, key->public_key, false, Now(), email, kinds, "", ""});
      });
      !s.ok()) {
    std::filesystem::remove(out);
    return Fail(s);
  }
  std::cout << "added " << name << " (" << Name(*role) << "); key file " << out << "\n";
  return 0;
}

int UserDisable(const DataDir& dir, const std::string& name) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenForAdmin(dir);
  if (!db.ok()) return Fail(db.status());
  UserStore users(**db);
  if (Status s = AuditedServerChange(dir, **db, {"user disable", name, ""}, [&] { return users.Disable(name, Now()); });
      !s.ok()) {
    return Fail(s);
  }
  std::cout << "disabled " << name << "; their next command is refused\n";
  return 0;
}

int UserRole(const DataDir& dir, const std::string& name, const std::string& role_name) {
  std::optional<Role> role = ParseRole(role_name);
  if (!role) return Fail(Status::InvalidArgument("unknown role '" + role_name + "'"));
  Result<std::unique_ptr<SQLite::Database>> db = OpenForAdmin(dir);
  if (!db.ok()) return Fail(db.status());
  UserStore users(**db);
  Result<std::optional<User>> before = users.FindByName(name);
  std::string change = before.ok() && before->has_value() ? std::string(Name((*before)->role)) + " -> " + std::string(Name(*role)) : "";
  if (Status s = AuditedServerChange(dir, **db, {"user role", name, change}, [&] { return users.SetRole(name, *role); });
      !s.ok()) {
    return Fail(s);
  }
  std::cout << name << " is now " << Name(*role) << "; their web desk sessions end at their next request\n";
  return 0;
}

int UserList(const DataDir& dir) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenForAdmin(dir);
  if (!db.ok()) return Fail(db.status());
  UserStore users(**db);
  Result<std::vector<User>> all = users.All();
  if (!all.ok()) return Fail(all.status());
  for (const User& u : *all) {
    std::string kinds;
    for (const auto& k : u.kinds) kinds += (kinds.empty() ? "" : ",") + k;
    std::cout << u.name << "\t" << Name(u.role) << "\t" << (u.disabled ? "disabled" : "active") << "\t"
              << FormatJst(u.created_at);
    if (u.role == Role::kWorker) std::cout << "\tkinds=" << kinds;
    if (u.personal_granted()) std::cout << "\tpersonal granted by " << u.personal_granted_by << " at " << u.personal_granted_at;
    std::cout << "\n";
  }
  return 0;
}

// The web options with the data folder's paths resolved; the pages from
// the source tree unless the configuration names another folder.
WebDeskOptions WebOptionsFor(const DataDir& dir, WebDeskOptions options) {
  if (!options.certificate.empty()) options.certificate = dir.Resolve(options.certificate);
  if (!options.private_key.empty()) options.private_key = dir.Resolve(options.private_key);
  options.assets_dir = options.assets_dir.empty() ? ShippedDir("web", MADOGUCHI_WEB_DIR) : dir.Resolve(options.assets_dir);
  // Unset, the report drawer is the one beside the engine (web/report_drawer.h).
  if (!options.report_drawer.program.empty()) options.report_drawer.program = dir.Resolve(options.report_drawer.program);
  return options;
}

// A new password, from the terminal (asked twice, not echoed) or from
// standard input's first line when it is not a terminal (scripts).
Result<std::string> ReadNewPassword(const std::string& user) {
  if (!::isatty(STDIN_FILENO)) {
    std::string line;
    if (!std::getline(std::cin, line)) return Status::InvalidArgument("no password on standard input");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  auto ask = [](const std::string& prompt) -> std::string {
    std::cerr << prompt << std::flush;
    termios old{};
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::string line;
    std::getline(std::cin, line);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
    return line;
  };
  std::string first = ask("new web desk password for " + user + ": ");
  if (ask("again: ") != first) return Status::InvalidArgument("the two passwords differ; nothing changed");
  return first;
}

// The database, opened for setting a staff member's web credentials: the
// user must exist and not be a worker (workers have only their CURVE key).
Result<std::unique_ptr<SQLite::Database>> OpenForCredentials(const DataDir& dir, const std::string& name) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenForAdmin(dir);
  if (!db.ok()) return db.status();
  Result<std::optional<User>> user = UserStore(**db).FindByName(name);
  if (!user.ok()) return user.status();
  if (!user->has_value()) return Status::NotFound("no user " + name);
  if ((*user)->role == Role::kWorker) {
    return Status::InvalidArgument(name + " is a worker; workers use their key, not the web desk");
  }
  return db;
}

int UserPasswd(const DataDir& dir, const std::string& name) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenForCredentials(dir, name);
  if (!db.ok()) return Fail(db.status());
  Result<std::string> password = ReadNewPassword(name);
  if (!password.ok()) return Fail(password.status());
  if (Status s = CheckNewPassword(*password, name); !s.ok()) return Fail(Status::InvalidArgument(s.message() + "; nothing changed"));
  Result<std::string> hash = HashPassword(*password);
  if (!hash.ok()) return Fail(hash.status());
  if (Status s = AuditedServerChange(dir, **db, {"user passwd", name, ""},
                                     [&] { return CredentialStore(**db).SetPasswordHash(name, *hash, Now()); });
      !s.ok()) {
    return Fail(s);
  }
  std::cout << "set the web desk password of " << name << "\n";
  return 0;
}

int UserToken(const DataDir& dir, const std::string& name, int days, bool revoke) {
  Result<std::unique_ptr<SQLite::Database>> db = OpenForCredentials(dir, name);
  if (!db.ok()) return Fail(db.status());
  if (revoke) {
    if (Status s = AuditedServerChange(dir, **db, {"user token", name, "revoke"},
                                       [&] { return CredentialStore(**db).RevokeToken(name); });
        !s.ok()) {
      return Fail(s);
    }
    std::cerr << "revoked the bearer token of " << name << ": it no longer works\n";
    return 0;
  }
  if (days < 0) return Fail(Status::InvalidArgument("--days " + std::to_string(days) + ": a token lasts 0 days or more"));
  std::string token = RandomToken();
  Timestamp now = Now();
  Timestamp expires = now + std::chrono::days(days);
  if (Status s = AuditedServerChange(dir, **db, {"user token", name, "expires " + FormatJst(expires)},
                                     [&] { return CredentialStore(**db).SetTokenDigest(name, Sha256Hex(token), now, expires); });
      !s.ok()) {
    return Fail(s);
  }
  // Only the digest is kept: this is the one time the token can be seen.
  std::cout << token << "\n";
  std::cerr << "a new bearer token for " << name << " (any earlier one no longer works); it expires "
            << FormatJst(expires) << " (" << days << " days); keep it secret\n";
  return 0;
}

int Run(const DataDir& dir, bool allow_root, bool keep_past_retention) {
  Result<EngineConfig> config = EngineConfig::Load(dir.config());
  if (!config.ok()) return Fail(config.status());
  Result<std::unique_ptr<DataDirLock>> lock = DataDirLock::Acquire(dir);
  if (!lock.ok()) return Fail(lock.status());
  if (Status s = SetUpLogging({.level = config->log_level,
                               .file = config->log_file.empty() ? std::string() : dir.Resolve(config->log_file),
                               .max_file_bytes = static_cast<size_t>(config->log_max_file_mb) * 1024 * 1024,
                               .max_files = static_cast<size_t>(config->log_max_files)});
      !s.ok()) {
    return Fail(s);
  }
  RaiseOpenFileLimit();
  WebDeskOptions web_options = WebOptionsFor(dir, config->web);
  if (Status s = CheckFilesAndUser(dir, web_options, allow_root); !s.ok()) {
    spdlog::error("{}", s.message());
    return Fail(s);
  }
  Result<CurveKeyPair> engine_key = dir.LoadEngineKey();
  if (!engine_key.ok()) {
    spdlog::error("{}", engine_key.status().message());
    return Fail(engine_key.status());
  }

  Workflow workflow(BusinessCalendar(config->office_calendar), config->deadline_policy, DataCategories::Default(),
                    config->desk_rules);
  StoreOptions store_options{dir.Resolve(config->letters_dir),
                             LeasePolicy{std::chrono::seconds(config->lease_seconds), config->max_attempts},
                             config->duplicate_window_days, config->max_database_mb * 1024 * 1024};
  // What a failure or a kill left half-written (this engine holds the lock: nobody else writes there).
  Result<int> unfinished = LetterArchive::RemoveUnfinished(store_options.letters_dir);
  if (!unfinished.ok()) spdlog::warn("{}", unfinished.status().message());
  if (unfinished.ok() && *unfinished > 0) {
    spdlog::info("removed {} unfinished letter files (*.tmp) from {}", *unfinished, store_options.letters_dir);
  }
  // The data keys come first, on a connection of the start's own (which
  // creates and migrates the database): whether a missing key file may be
  // made depends on what the database holds, and the store, the readers and
  // the command server are all given the vault loaded here.
  std::shared_ptr<PersonalVault> vault;
  {
    Result<std::unique_ptr<SQLite::Database>> start_db = OpenDatabase(dir.database(), OpenMode::kReadWrite);
    if (!start_db.ok()) return Fail(start_db.status());
    Result<std::shared_ptr<PersonalVault>> loaded = LoadDataKeys(dir, *config, **start_db);
    if (!loaded.ok()) {
      spdlog::error("{}", loaded.status().message());
      return Fail(loaded.status());
    }
    vault = std::move(loaded).value();
    if (Status s = SealPersonalAtStart(**start_db, *vault); !s.ok()) return Fail(s);
    if (Status s = SealLettersAtStart(store_options.letters_dir, **start_db, *vault); !s.ok()) {
      spdlog::error("{}", s.message());
      return Fail(s);
    }
    // The audit chain against its anchor file: a cut or rewritten one is refused here.
    if (Status s = GuardAuditChain(dir, **start_db, *vault); !s.ok()) {
      spdlog::error("{}", s.message());
      return Fail(s);
    }
  }
  // No event is committed whose letter cannot be written (commands/letter_check.h).
  WriterOptions writer_options{LetterWriter{config->society, dir.Resolve(config->templates_dir), &workflow}};
  Result<std::unique_ptr<RequestWriter>> writer =
      RequestWriter::Open(dir.database(), workflow, vault, store_options, std::move(writer_options));
  if (!writer.ok()) return Fail(writer.status());

  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  zmq::context_t context(1);
  ZapAuthenticator zap(context, dir.database());
  if (Status s = zap.Start(); !s.ok()) return Fail(s);
  CommandServerOptions options;
  options.endpoint = config->commands_endpoint;
  options.workers_endpoint = config->workers_endpoint;
  options.db_path = dir.database();
  options.vault = vault;
  options.secret_key = engine_key->secret_key;
  options.max_message_bytes = config->max_message_bytes;
  options.worker_max_message_bytes = config->worker_max_message_bytes;
  options.max_batch = config->max_batch;
  options.readers = config->readers;
  options.timer_interval = std::chrono::milliseconds(static_cast<int64_t>(config->timer_interval_seconds * 1000));
  options.society = config->society;
  options.letters_dir = store_options.letters_dir;
  options.audit_anchor = dir.audit_anchor();
  options.audit_head_mail = config->audit_head_mail;
  options.dispose = !keep_past_retention;
  if (keep_past_retention) {
    spdlog::warn("--keep-past-retention: requests and provision records past their retention period are not disposed of while this "
                 "engine runs (docs/backups.md)");
  }
  EngineMetrics metrics;  // outlives the command server, the web desk and the metrics endpoint
  options.metrics = &metrics;
  options.templates_dir = dir.Resolve(config->templates_dir);
  CommandServer server(context, options, workflow, **writer);
  spdlog::info("madoguchi-engine {} starting on {} (pid {})", dir.root(), config->commands_endpoint, ::getpid());

  // The web desk binds first, so that a port in use stops the engine before
  // it serves anything. Its in-process socket may connect before the command
  // server binds (ZeroMQ queues until then).
  std::error_code no_stale_url;  // a crashed engine's address is no address
  std::filesystem::remove(dir.web_url(), no_stale_url);
  std::filesystem::remove(dir.metrics_url(), no_stale_url);
  std::unique_ptr<WebDesk> web;
  if (config->web.enabled) {
    web_options.audit = &server.audit();
    web_options.metrics = &metrics;
    Result<std::unique_ptr<WebDesk>> started = WebDesk::Start(context, dir.database(), web_options,
                                                              config->max_message_bytes);
    if (!started.ok()) {
      zap.Stop();
      context.close();
      spdlog::error("{}", started.status().message());
      return Fail(started.status());
    }
    web = std::move(started).value();
    // unlock_sign_in reaches the desk's throttle through this hook (set
    // before the command server's thread starts; the desk outlives it).
    server.SetSignInUnlocker([desk = web.get()](const std::string& user) { return desk->UnlockSignIn(user); });
    metrics.web_sessions = [desk = web.get()] { return desk->ActiveSessions(); };
  }
  std::unique_ptr<MetricsServer> metrics_server;
  if (config->metrics_enabled) {
    Result<std::unique_ptr<MetricsServer>> started =
        MetricsServer::Start({config->metrics_address, config->metrics_port, dir.database(), vault, dir.backup_marker()},
                             metrics, workflow.calendar());
    if (!started.ok()) {
      web.reset();
      zap.Stop();
      context.close();
      spdlog::error("{}", started.status().message());
      return Fail(started.status());
    }
    metrics_server = std::move(started).value();
    if (Status s = WriteFileAtomically(dir.metrics_url(), metrics_server->url() + "\n", 0644); !s.ok()) {
      spdlog::warn("cannot write {}: {}", dir.metrics_url(), s.message());
    }
  }

  // The command server runs on its own thread so that, at a stop, the web
  // desk stops first and its last commands are still answered.
  std::atomic<bool> commands_stop{false};
  std::atomic<bool> commands_ended{false};
  Status served;
  SystemdNotifier systemd;
  std::atomic<bool> serving{false};
  std::thread commands([&] {
    served = server.Run(commands_stop, [&] {
      serving = true;
      if (!web) return;
      if (Status s = WriteFileAtomically(dir.web_url(), web->url() + "\n", 0644); !s.ok()) {
        spdlog::warn("cannot write {}: {}", dir.web_url(), s.message());
      }
    });
    commands_ended = true;
  });
  // Under systemd (Type=notify): ready once every socket listens; the
  // watchdog is fed only while the command and writer threads both turn.
  bool told_ready = false;
  while (!g_stop && !commands_ended) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!told_ready && serving) {
      systemd.Ready("serving commands on " + config->commands_endpoint + (web ? ", the web desk on " + web->url() : ""));
      told_ready = true;
    }
    if (told_ready && server.Responsive(std::chrono::seconds(5))) systemd.PingWatchdog();
  }
  systemd.Stopping();
  if (metrics_server) {
    metrics_server.reset();
    std::filesystem::remove(dir.metrics_url());
  }
  if (web) {
    web->Stop();
    std::filesystem::remove(dir.web_url());
  }
  commands_stop = true;
  commands.join();
  web.reset();  // only now: the command server's unlock_sign_in hook points at it
  zap.Stop();
  context.close();
  if (!served.ok()) {
    spdlog::error("{}", served.message());
    return Fail(served);
  }
  spdlog::info("madoguchi-engine stopped cleanly");
  return 0;
}

}  // namespace
}  // namespace madoguchi

int main(int argc, char** argv) {
  using namespace madoguchi;
  CLI::App app{"madoguchi-engine: the Madoguchi request desk engine"};
  app.require_subcommand(1);
  std::string data;
  int exit_code = 0;

  auto* init = app.add_subcommand("init", "create a data folder: database, engine key, configuration");
  init->add_option("--data", data, "the data folder")->required();
  init->callback([&] { exit_code = Init(DataDir(data)); });

  // The package ships this as /etc/madoguchi/madoguchi.json (cmake/Packaging.cmake),
  // and an administrator may diff a configuration against it after an upgrade.
  auto* defaults = app.add_subcommand("default-config", "print the configuration init writes (the shipped defaults)");
  defaults->callback([&] { std::cout << EngineConfig::DefaultJson().dump(2) << "\n"; });

  auto* run = app.add_subcommand("run", "serve until SIGINT or SIGTERM");
  run->add_option("--data", data, "the data folder")->required();
  bool allow_root = false;
  run->add_flag("--allow-root", allow_root, "serve even as root (refused otherwise: run it as a user of its own)");
  bool keep_past_retention = false;
  run->add_flag("--keep-past-retention", keep_past_retention,
                "do not dispose of requests or provision records past their retention period while this engine runs (e.g. a restored "
                "backup kept for an investigation; docs/backups.md)");
  run->callback([&] { exit_code = Run(DataDir(data), allow_root, keep_past_retention); });

  auto* user = app.add_subcommand("user", "manage the people and programs that may talk to the engine");
  user->require_subcommand(1);
  std::string name, role, out, email, kinds;
  auto* add = user->add_subcommand("add", "add a user and write their key file (mode 0600)");
  add->add_option("name", name, "user name")->required();
  add->add_option("--role", role, "clerk, reviewer, manager, auditor, admin or worker")->required();
  add->add_option("--data", data, "the data folder")->required();
  add->add_option("--out", out, "where to write the key file (default DATA/keys/NAME.key)");
  add->add_option("--email", email, "where staff reminders go (default NAME@localhost)");
  add->add_option("--kinds", kinds, "workers: the outbox kinds they may lease (letter, reminder or letter,reminder)");
  add->callback([&] { exit_code = UserAdd(DataDir(data), name, role, out, email, kinds); });
  auto* disable = user->add_subcommand("disable", "refuse the user's next command and every later one");
  disable->add_option("name", name, "user name")->required();
  disable->add_option("--data", data, "the data folder")->required();
  disable->callback([&] { exit_code = UserDisable(DataDir(data), name); });
  auto* set_role = user->add_subcommand("role", "give a member of staff another role (their web sessions end)");
  set_role->add_option("name", name, "user name")->required();
  set_role->add_option("role", role, "clerk, reviewer, manager, auditor or admin")->required();
  set_role->add_option("--data", data, "the data folder")->required();
  set_role->callback([&] { exit_code = UserRole(DataDir(data), name, role); });
  auto* passwd = user->add_subcommand("passwd", "set a user's web desk password: 12 characters or more, not a common one nor the user name (standard input when not a terminal)");
  passwd->add_option("name", name, "user name")->required();
  passwd->add_option("--data", data, "the data folder")->required();
  passwd->callback([&] { exit_code = UserPasswd(DataDir(data), name); });
  auto* token = user->add_subcommand("token", "make a new bearer token for the web desk's /api/ (printed once), or end it");
  token->add_option("name", name, "user name")->required();
  token->add_option("--data", data, "the data folder")->required();
  int token_days = 90;
  bool token_revoke = false;
  token->add_option("--days", token_days, "how many days the token works (default 90; 0: expired at once)");
  token->add_flag("--revoke", token_revoke, "end the user's token now instead of making one");
  token->callback([&] { exit_code = UserToken(DataDir(data), name, token_days, token_revoke); });
  auto* grant = user->add_subcommand("grant-personal", "let an auditor see personal fields (audited)");
  grant->add_option("name", name, "user name (an auditor)")->required();
  grant->add_option("--data", data, "the data folder")->required();
  grant->callback([&] { exit_code = UserGrantPersonal(DataDir(data), name, true); });
  auto* revoke = user->add_subcommand("revoke-personal", "withdraw an auditor's access to personal fields (audited)");
  revoke->add_option("name", name, "user name (an auditor)")->required();
  revoke->add_option("--data", data, "the data folder")->required();
  revoke->callback([&] { exit_code = UserGrantPersonal(DataDir(data), name, false); });
  auto* list = user->add_subcommand("list", "list users");
  list->add_option("--data", data, "the data folder")->required();
  list->callback([&] { exit_code = UserList(DataDir(data)); });

  BackupOptions backup_options;
  auto* backup = app.add_subcommand("backup", "take a sealed, consistent copy of a data folder, also while the engine serves");
  backup->add_option("--data", backup_options.data, "the data folder")->required();
  backup->add_option("--to", backup_options.to, "the backup file to write (mode 0600)")->required();
  backup->add_flag("--force", backup_options.force, "replace an existing backup file");
  backup->add_option("--step-pages", backup_options.step_pages, "database pages copied per step (default 1000)");
  backup->callback([&] { exit_code = RunBackup(backup_options); });

  RestoreOptions restore_options;
  auto* restore = app.add_subcommand("restore", "restore a backup into a new data folder and verify it");
  restore->add_option("--from", restore_options.from, "the backup file")->required();
  restore->add_option("--data", restore_options.data, "the new data folder (must not exist, or be empty)")->required();
  restore->add_option("--key-file", restore_options.key_file, "the data key file that holds the backup's key")->required();
  restore->callback([&] { exit_code = RunRestore(restore_options); });

  AuditVerifyOptions verify_options;
  auto* audit_verify = app.add_subcommand("audit-verify", "verify a data folder's whole audit chain, without an engine");
  audit_verify->add_option("--data", verify_options.data, "the data folder")->required();
  audit_verify->add_option("--key-file", verify_options.key_file, "the data key file (default: the folder's)");
  audit_verify->add_option("--expect-head", verify_options.expect_heads, "N:HASH, a head kept elsewhere (repeatable)");
  audit_verify->add_option("--anchors", verify_options.anchors, "a file of kept heads, e.g. the daily mails' lines (repeatable)");
  audit_verify->callback([&] { exit_code = RunAuditVerify(verify_options); });

  AuditAnchorOptions anchor_options;
  auto* audit_anchor = app.add_subcommand("audit-anchor", "accept the database's audit head after putting back a backup on purpose (audited)");
  audit_anchor->add_option("--data", anchor_options.data, "the data folder")->required();
  audit_anchor->add_option("--accept", anchor_options.accept, "N:HASH, the head the database holds now (the refusal names it)")->required();
  audit_anchor->add_option("--reason", anchor_options.reason, "why (e.g. which backup was put back)")->required();
  audit_anchor->callback([&] { exit_code = RunAuditAnchorAccept(anchor_options); });

  // Every file and folder the engine makes (database, its -wal and -shm,
  // logs, letters) is its user's alone.
  ::umask(077);
  auto* rotate = app.add_subcommand("rotate-key", "re-seal every personal record under a new data key (while the engine serves; resumes when run again)");
  rotate->add_option("--data", data, "the data folder")->required();
  int rotate_batch = 300;
  rotate->add_option("--batch", rotate_batch, "records per transaction (default 300)");
  rotate->callback([&] { exit_code = RotateKey(DataDir(data), rotate_batch); });

  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
