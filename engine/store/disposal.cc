#include "store/disposal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "store/audit_log.h"

namespace madoguchi {

std::string DisposedHistoryMac(const DataKey& key, int64_t pos, const std::string& key_id,
                               const std::vector<std::string>& fields, const std::string& prev) {
  return ChainMac(key, ChainText(static_cast<ChainKind>(kDisposedHistoryKind), pos, key_id, fields, prev));
}

std::map<int64_t, DisposalVoucher> ReadDisposalVouchers(SQLite::Database& db) {
  std::map<int64_t, DisposalVoucher> out;
  SQLite::Statement q(db, "SELECT pos, detail FROM audit WHERE command = ? AND result = 'ok' AND pos IS NOT NULL "
                          "ORDER BY pos");
  q.bind(1, kDisposeCommand);
  while (q.executeStep()) {
    const int64_t record_pos = q.getColumn(0).getInt64();
    nlohmann::json d = nlohmann::json::parse(q.getColumn(1).getString(), nullptr, false);
    if (!d.is_object() || !d.contains("history") || !d["history"].is_array()) continue;
    for (const auto& v : d["history"]) {
      if (!v.is_array() || v.size() != 3 || !v[0].is_number_integer() || !v[1].is_string() || !v[2].is_string()) continue;
      const int64_t pos = v[0].get<int64_t>();
      if (pos >= record_pos) continue;  // a record vouches only for what came before it
      out[pos] = DisposalVoucher{v[1].get<std::string>(), v[2].get<std::string>(), record_pos};
    }
  }
  return out;
}

std::optional<std::string> AttestedLegacyDigest(SQLite::Database& db, const std::string& keyed_digest) {
  std::string digest = keyed_digest;
  SQLite::Statement q(db, "SELECT detail FROM audit WHERE command = ? AND result = 'ok' AND pos IS NOT NULL ORDER BY pos");
  q.bind(1, kDisposeCommand);
  while (q.executeStep()) {
    nlohmann::json d = nlohmann::json::parse(q.getColumn(0).getString(), nullptr, false);
    if (!d.is_object() || !d.contains("legacy_history") || !d["legacy_history"].is_object()) continue;
    const nlohmann::json& l = d["legacy_history"];
    if (l.value("before", "") != digest) return std::nullopt;
    digest = l.value("after", "");
  }
  return digest;
}

std::optional<RetentionFilter> ParseRetentionFilter(std::string_view name) {
  if (name == "due") return RetentionFilter::kDue;
  if (name == "kept") return RetentionFilter::kKept;
  if (name == "held") return RetentionFilter::kHeld;
  if (name == "disposed") return RetentionFilter::kDisposed;
  return std::nullopt;
}

Result<RetentionList> ListRetention(SQLite::Database& db, RetentionFilter filter, Date today, int limit) {
  try {
    std::string where;
    std::string order = "retention_until, id";
    switch (filter) {
      case RetentionFilter::kDue:
        where = "retention_until IS NOT NULL AND disposed_at IS NULL AND retention_until < :today";
        break;
      case RetentionFilter::kKept:
        where = "retention_until IS NOT NULL AND disposed_at IS NULL";
        break;
      case RetentionFilter::kHeld:
        where = "legal_hold = 1 AND disposed_at IS NULL";
        order = "id";
        break;
      case RetentionFilter::kDisposed:
        where = "disposed_at IS NOT NULL";
        order = "disposed_at DESC, id";
        break;
    }
    SQLite::Transaction snapshot(db);
    RetentionList out;
    {
      SQLite::Statement count(db, "SELECT count(*) FROM requests WHERE " + where);
      if (where.find(":today") != std::string::npos) count.bind(":today", today.ToIso());
      count.executeStep();
      out.total = count.getColumn(0).getInt64();
    }
    SQLite::Statement q(db, "SELECT id, type, state, coalesce(outcome, ''), received_at, coalesce(retention_until, ''), "
                            "legal_hold, coalesce(disposed_at, '') FROM requests WHERE " + where + " ORDER BY " + order +
                            " LIMIT :limit");
    if (where.find(":today") != std::string::npos) q.bind(":today", today.ToIso());
    q.bind(":limit", limit);
    while (q.executeStep()) {
      RetentionRow r;
      r.id = q.getColumn(0).getString();
      r.type = q.getColumn(1).getString();
      r.state = q.getColumn(2).getString();
      r.outcome = q.getColumn(3).getString();
      r.received_at = q.getColumn(4).getString();
      r.retention_until = q.getColumn(5).getString();
      r.legal_hold = q.getColumn(6).getInt() != 0;
      r.disposed_at = q.getColumn(7).getString();
      r.due = r.disposed_at.empty() && !r.retention_until.empty() && r.retention_until < today.ToIso();
      out.rows.push_back(std::move(r));
    }
    snapshot.commit();
    return out;
  } catch (const SQLite::Exception& e) {
    return Status::IoError(std::string("reading the retention ledger: ") + e.what());
  }
}

nlohmann::json RetentionRowJson(const RetentionRow& r) {
  auto text_or_null = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"id", r.id},
          {"type", r.type},
          {"state", r.state},
          {"outcome", text_or_null(r.outcome)},
          {"received_at", r.received_at},
          {"retention_until", text_or_null(r.retention_until)},
          {"legal_hold", r.legal_hold},
          {"due", r.due},
          {"disposed_at", text_or_null(r.disposed_at)}};
}

Status RemoveLetterFile(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name;
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::IoError("opening " + path + " to dispose of it: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    // Best effort, as for the letters sealed at start (docs/sealing.md): the
    // file is sealed already; its blocks are zeroed before it goes.
    const std::string zeros(64 * 1024, '\0');
    off_t done = 0;
    while (done < st.st_size) {
      size_t n = static_cast<size_t>(std::min<off_t>(st.st_size - done, static_cast<off_t>(zeros.size())));
      ssize_t w = ::pwrite(fd, zeros.data(), n, done);
      if (w <= 0) break;
      done += w;
    }
    ::fdatasync(fd);
  }
  ::close(fd);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Status::IoError("removing " + path + ": " + std::strerror(errno));
  }
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::Ok();
}

}  // namespace madoguchi
