// Reminder mails: composed from reminder messages and parsed back as a mail
// reader would (headers unfolded, RFC 2047 words and the base64 body
// decoded), delivered into a Maildir and to a tiny SMTP server on 127.0.0.1
// that runs inside the test.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "mail/delivery_record.h"
#include "mail/maildir.h"
#include "mail/mime_text.h"
#include "mail/reminder_mail.h"
#include "mail/smtp_delivery.h"
#include "util/base64.h"
#include "util/sha256.h"
#include "test_support.h"

namespace {

using madoguchi::DeliveryOutcome;
using madoguchi::MailSettings;
using madoguchi::Status;
using madoguchi::Timestamp;
using madoguchi::testing::ReadFile;
using nlohmann::json;
namespace fs = std::filesystem;

const char* const kDeskName = "デクセリアルズ健康保険組合 個人情報窓口";

MailSettings Settings() {
  MailSettings s;
  s.from_address = "madoguchi@kenpo.example.jp";
  s.from_name = kDeskName;
  return s;
}

Timestamp At(const std::string& rfc3339) { return madoguchi::ParseTimestamp(rfc3339).value(); }

// A reminder as the engine makes it (commands/follow_ups.cc) for R2026-000001,
// a disclosure under review due on 2026-11-25.
json Reminder(const std::string& stage, int days_left, int business_days_left, bool escalated = false) {
  json to = json::array({{{"user", "reviewer1"}, {"email", "reviewer1@kenpo.example.jp"}, {"role", "reviewer"}}});
  if (escalated) {
    to.push_back({{"user", "manager1"}, {"email", "manager1@kenpo.example.jp"}, {"role", "manager"}});
    to.push_back({{"user", "manager2"}, {"email", "manager2@kenpo.example.jp"}, {"role", "manager"}});
  }
  const std::string kind = stage == "before" ? "before:" + std::to_string(business_days_left) : stage;
  return {{"reminder_id", "reminder-R2026-000001-" + kind + "-2026-11-20"},
          {"request_id", "R2026-000001"},
          {"type", "disclosure"},
          {"type_ja", "開示"},
          {"state", "in_review"},
          {"state_ja", "審査中"},
          {"due_date", "2026-11-25"},
          {"days_left", days_left},
          {"business_days_left", business_days_left},
          {"stage", stage},
          {"escalated", escalated},
          {"to", to},
          {"fire_on", "2026-11-20"}};
}

std::string Compose(const json& reminder, Timestamp now = At("2026-11-20T09:30:00+09:00")) {
  madoguchi::Result<std::string> mail = madoguchi::ComposeReminderMail(reminder, Settings(), now);
  INFO(mail.status().ToString());
  REQUIRE(mail.ok());
  return *mail;
}

// Every line ends in CRLF: no bare CR, no bare LF, and a final CRLF.
bool AllCrlf(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) return false;
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) return false;
  }
  return text.size() >= 2 && text.ends_with("\r\n");
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A message split as a reader splits it: header fields (unfolded, names in
// lower case, in order) and the raw body.
struct ParsedMail {
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::string> header_lines;  // as written, folded
  std::string body;

  std::string Get(const std::string& name) const {
    for (const auto& [n, v] : fields) {
      if (n == name) return v;
    }
    return "";
  }
  int Count(const std::string& name) const {
    return static_cast<int>(std::count_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == name; }));
  }
};

ParsedMail Parse(const std::string& message) {
  ParsedMail mail;
  const std::size_t split = message.find("\r\n\r\n");
  REQUIRE(split != std::string::npos);
  mail.body = message.substr(split + 4);
  mail.header_lines = Lines(message.substr(0, split + 2));
  for (const std::string& line : mail.header_lines) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      REQUIRE(!mail.fields.empty());
      mail.fields.back().second += line;  // unfolding removes only the CRLF
      continue;
    }
    const std::size_t colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    mail.fields.emplace_back(Lower(line.substr(0, colon)), value);
  }
  return mail;
}

std::string DecodeBase64(const std::string& text) {
  madoguchi::Result<std::string> bytes = madoguchi::Base64Decode(text);
  REQUIRE(bytes.ok());
  return *bytes;
}

// The encoded-words of a header value, as written.
std::vector<std::string> EncodedWords(const std::string& value) {
  std::vector<std::string> words;
  for (std::size_t at = value.find("=?"); at != std::string::npos; at = value.find("=?", at)) {
    const std::size_t text = value.find('?', value.find('?', at + 2) + 1) + 1;  // after "=?charset?B?"
    const std::size_t end = value.find("?=", text);
    REQUIRE(end != std::string::npos);
    words.push_back(value.substr(at, end + 2 - at));
    at = end + 2;
  }
  return words;
}

// RFC 2047 decoding, for the "B" encoding (all this product writes): words
// are decoded, whitespace between two adjacent words dropped, other text kept.
std::string DecodeHeader(const std::string& value) {
  std::string out;
  std::size_t pos = 0;
  bool after_word = false;
  while (pos < value.size()) {
    const std::size_t at = value.find("=?", pos);
    const std::string between = value.substr(pos, at == std::string::npos ? std::string::npos : at - pos);
    const bool blank = between.find_first_not_of(" \t") == std::string::npos;
    if (at == std::string::npos) {
      out += between;
      break;
    }
    if (!(after_word && blank)) out += between;
    const std::size_t q1 = value.find('?', at + 2);
    const std::size_t q2 = value.find('?', q1 + 1);
    const std::size_t end = value.find("?=", q2 + 1);
    REQUIRE(Lower(value.substr(at + 2, q1 - at - 2)) == "utf-8");
    REQUIRE(Lower(value.substr(q1 + 1, q2 - q1 - 1)) == "b");
    out += DecodeBase64(value.substr(q2 + 1, end - q2 - 1));
    pos = end + 2;
    after_word = true;
  }
  return out;
}

std::string DecodeBody(const ParsedMail& mail) {
  std::string joined;
  for (const std::string& line : Lines(mail.body)) {
    CHECK(line.size() <= 76);
    joined += line;
  }
  return DecodeBase64(joined);
}

std::vector<std::string> FilesIn(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

unsigned Mode(const fs::path& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

madoguchi::OutgoingMail Prepare(const json& reminder) {
  madoguchi::Result<madoguchi::OutgoingMail> mail =
      madoguchi::PrepareReminderMail(reminder, Settings(), At("2026-11-20T09:30:00+09:00"));
  INFO(mail.status().ToString());
  REQUIRE(mail.ok());
  return *mail;
}

madoguchi::MaildirDelivery OpenMaildir(const fs::path& dir) {
  madoguchi::Result<madoguchi::MaildirDelivery> maildir = madoguchi::MaildirDelivery::Open(dir.string());
  INFO(maildir.status().ToString());
  REQUIRE(maildir.ok());
  return std::move(maildir).value();
}

DeliveryOutcome MustDeliver(madoguchi::MailDelivery& delivery, const madoguchi::OutgoingMail& mail) {
  madoguchi::Result<DeliveryOutcome> outcome = delivery.Deliver(mail);
  INFO(outcome.status().ToString());
  REQUIRE(outcome.ok());
  return *outcome;
}

// Just enough of an SMTP server for one client at a time on 127.0.0.1: 220,
// EHLO/HELO 250, MAIL 250, RCPT 250 (550 for addresses starting "refused"),
// DATA 354, "." 250, QUIT 221. It keeps what it received.
class TinySmtpServer {
 public:
  struct Received {
    std::string mail_from;
    std::vector<std::string> rcpt_to;
    std::string data;
  };

  TinySmtpServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(listener_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;  // ephemeral
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener_, 4) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TinySmtpServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  TinySmtpServer(const TinySmtpServer&) = delete;
  TinySmtpServer& operator=(const TinySmtpServer&) = delete;

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  int sessions() const { return sessions_; }
  std::vector<Received> received() const {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++sessions_;
      timeval tv{5, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      Session(fd);
      ::close(fd);
    }
  }

  static void Send(int fd, const std::string& reply) { (void)!::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL); }

  // One line without its CRLF; false when the client went away.
  bool ReadLine(int fd, std::string& buffer, std::string& line) {
    for (;;) {
      const std::size_t eol = buffer.find("\r\n");
      if (eol != std::string::npos) {
        line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        return true;
      }
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  void Session(int fd) {
    Send(fd, "220 127.0.0.1 tiny test SMTP\r\n");
    std::string buffer;
    std::string line;
    Received mail;
    while (ReadLine(fd, buffer, line)) {
      const std::string verb = Lower(line.substr(0, 4));
      if (verb == "ehlo" || verb == "helo") {
        Send(fd, "250 127.0.0.1\r\n");
      } else if (verb == "mail") {
        mail = Received{line.substr(line.find(':') + 1), {}, {}};
        Send(fd, "250 OK\r\n");
      } else if (verb == "rcpt") {
        const std::string to = line.substr(line.find(':') + 1);
        if (to.starts_with("<refused")) {
          Send(fd, "550 no such user\r\n");
          continue;
        }
        mail.rcpt_to.push_back(to);
        Send(fd, "250 OK\r\n");
      } else if (verb == "data") {
        Send(fd, "354 go ahead\r\n");
        while (ReadLine(fd, buffer, line) && line != ".") {
          mail.data += (line.starts_with("..") ? line.substr(1) : line) + "\r\n";  // undo dot-stuffing
        }
        {
          std::lock_guard<std::mutex> lock(mu_);
          received_.push_back(mail);
        }
        Send(fd, "250 queued\r\n");
      } else if (verb == "quit") {
        Send(fd, "221 bye\r\n");
        return;
      } else {
        Send(fd, "250 OK\r\n");  // RSET, NOOP
      }
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> sessions_{0};
  mutable std::mutex mu_;
  std::vector<Received> received_;
  std::thread thread_;
};

madoguchi::SmtpSettings SmtpTo(const std::string& url, const fs::path& record) {
  madoguchi::SmtpSettings s;
  s.url = url;
  s.starttls = false;  // the test server speaks plain text, on 127.0.0.1 only
  s.timeout = std::chrono::milliseconds(5000);
  s.record_dir = record.string();
  return s;
}

madoguchi::SmtpDelivery OpenSmtp(const madoguchi::SmtpSettings& s) {
  madoguchi::Result<madoguchi::SmtpDelivery> smtp = madoguchi::SmtpDelivery::Open(s, "madoguchi@kenpo.example.jp");
  INFO(smtp.status().ToString());
  REQUIRE(smtp.ok());
  return std::move(smtp).value();
}

// A port on 127.0.0.1 that nobody listens on (bound, then closed).
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("mail: a reminder before the due date is a complete message", "[mail]") {
  const std::string message = Compose(Reminder("before", 5, 3));
  CHECK(AllCrlf(message));
  for (unsigned char c : message) CHECK((c < 0x80 && c != 0));  // 7-bit on the wire
  for (const std::string& line : Lines(message)) CHECK(line.size() <= 78);

  ParsedMail mail = Parse(message);
  for (const char* name : {"from", "to", "date", "subject", "message-id", "x-madoguchi-reminder", "mime-version",
                           "content-type", "content-transfer-encoding", "auto-submitted"}) {
    INFO(name);
    CHECK(mail.Count(name) == 1);
  }
  CHECK(mail.Get("to") == "reviewer1@kenpo.example.jp");
  CHECK(mail.Get("date") == "Fri, 20 Nov 2026 09:30:00 +0900");
  CHECK(mail.Get("x-madoguchi-reminder") == "reminder-R2026-000001-before:3-2026-11-20");
  CHECK(mail.Get("mime-version") == "1.0");
  CHECK(mail.Get("content-type") == "text/plain; charset=UTF-8");
  CHECK(mail.Get("content-transfer-encoding") == "base64");
  CHECK(DecodeHeader(mail.Get("from")) == std::string(kDeskName) + " <madoguchi@kenpo.example.jp>");
  CHECK(DecodeHeader(mail.Get("subject")) == "【期限まで3営業日】R2026-000001 開示 — 期限 令和8年11月25日（あと5日）");

  const std::string body = DecodeBody(mail);
  CHECK(AllCrlf(body));
  CHECK(body.find("期限が近づいている請求があります。") != std::string::npos);
  CHECK(body.find("請求番号: R2026-000001") != std::string::npos);
  CHECK(body.find("請求の種類: 開示（disclosure）") != std::string::npos);
  CHECK(body.find("現在の状態: 審査中（in_review）") != std::string::npos);
  CHECK(body.find("期限: 2026-11-25（令和8年11月25日）") != std::string::npos);
  CHECK(body.find("期限まで: あと5日（3営業日）") != std::string::npos);
  CHECK(body.find("管理者") == std::string::npos);
}

TEST_CASE("mail: due-day and overdue reminders say so", "[mail]") {
  ParsedMail due = Parse(Compose(Reminder("due", 0, 0)));
  CHECK(DecodeHeader(due.Get("subject")) == "【本日期限】R2026-000001 開示 — 期限 令和8年11月25日（本日）");
  CHECK(DecodeBody(due).find("期限まで: 本日が期限です") != std::string::npos);

  ParsedMail overdue = Parse(Compose(Reminder("overdue", -3, -2)));
  CHECK(DecodeHeader(overdue.Get("subject")) == "【期限超過】R2026-000001 開示 — 期限 令和8年11月25日（3日超過）");
  const std::string body = DecodeBody(overdue);
  CHECK(body.find("期限を過ぎている請求があります。") != std::string::npos);
  CHECK(body.find("期限超過: 3日（2営業日）") != std::string::npos);
  CHECK(body.find("管理者") == std::string::npos);
}

TEST_CASE("mail: a consultation's reminders, on its reply deadline and once it has passed (issue 17)", "[mail]") {
  // The request is due in 10 days; its consultation 1's reply deadline was 2026-11-19.
  json due = Reminder("due", 10, 8);
  due["consultation"] = {{"number", 1}, {"due_date", "2026-11-19"}};
  ParsedMail on_the_day = Parse(Compose(due));
  CHECK(DecodeHeader(on_the_day.Get("subject")) == "【照会回答期限】R2026-000001 開示 — 期限 令和8年11月25日（あと10日）");
  CHECK(DecodeBody(on_the_day).find("医療機関への照会の回答期限が来ています。") != std::string::npos);
  CHECK(DecodeBody(on_the_day).find("期限まで: あと10日（8営業日）") != std::string::npos);

  json passed = Reminder("overdue", 5, 4);
  passed["consultation"] = {{"number", 1}, {"due_date", "2026-11-19"}, {"passed", true}};
  ParsedMail after = Parse(Compose(passed));
  CHECK(DecodeHeader(after.Get("subject")) == "【照会回答期限経過】R2026-000001 開示 — 期限 令和8年11月25日（あと5日）");
  const std::string body = DecodeBody(after);
  CHECK(body.find("回答期限を過ぎましたが、回答が記録されていません") != std::string::npos);
  CHECK(body.find("「回答なし」を記録し") != std::string::npos);
  CHECK(body.find("照会1（回答期限 2026-11-19）") != std::string::npos);
  CHECK(body.find("期限超過") == std::string::npos);  // the request itself is not overdue
}

TEST_CASE("mail: an escalated reminder goes to every manager and says so", "[mail]") {
  json reminder = Reminder("overdue", -3, -2, /*escalated=*/true);
  // The assignee may be a manager too: one address, one recipient.
  reminder["to"].push_back({{"user", "manager1"}, {"email", "manager1@kenpo.example.jp"}, {"role", "manager"}});
  const std::string message = Compose(reminder);
  CHECK(AllCrlf(message));
  ParsedMail mail = Parse(message);
  CHECK(mail.Get("to") ==
        "reviewer1@kenpo.example.jp, manager1@kenpo.example.jp, manager2@kenpo.example.jp");
  CHECK(DecodeHeader(mail.Get("subject")) == "【期限超過】R2026-000001 開示 — 期限 令和8年11月25日（3日超過）");
  CHECK(DecodeBody(mail).find("この通知は期限を過ぎているため、管理者の皆さまにも送信しています。") !=
        std::string::npos);
  CHECK(Prepare(reminder).recipients ==
        std::vector<std::string>{"reviewer1@kenpo.example.jp", "manager1@kenpo.example.jp",
                                 "manager2@kenpo.example.jp"});
}

TEST_CASE("mail: the Message-ID depends on the reminder only", "[mail]") {
  const json reminder = Reminder("before", 5, 3);
  ParsedMail first = Parse(Compose(reminder, At("2026-11-20T09:30:00+09:00")));
  ParsedMail later = Parse(Compose(reminder, At("2026-11-21T18:00:00+09:00")));
  ParsedMail other = Parse(Compose(Reminder("due", 0, 0)));
  CHECK(first.Get("message-id") == later.Get("message-id"));
  CHECK(first.Get("date") != later.Get("date"));
  CHECK(first.Get("message-id") != other.Get("message-id"));
  const std::string id = first.Get("message-id");
  CHECK(id.starts_with("<reminder."));
  CHECK(id.ends_with("@kenpo.example.jp>"));
  CHECK(id.find(':') == std::string::npos);  // "before:3" is hashed, not copied
}

TEST_CASE("mail: the Date header is in JST whatever the instant's zone", "[mail]") {
  ParsedMail mail = Parse(Compose(Reminder("before", 5, 3), At("2026-11-19T20:00:00Z")));
  CHECK(mail.Get("date") == "Fri, 20 Nov 2026 05:00:00 +0900");
}

TEST_CASE("mail: a long subject is split into short encoded-words on folded lines", "[mail]") {
  json reminder = Reminder("before", 5, 3);
  reminder["type_ja"] = "第三者提供記録の開示（第三者提供の停止を含む長い説明の請求種別）";
  reminder["due_date"] = "2019-05-01";
  ParsedMail mail = Parse(Compose(reminder));
  const std::string subject = DecodeHeader(mail.Get("subject"));
  CHECK(subject == "【期限まで3営業日】R2026-000001 " + reminder["type_ja"].get<std::string>() +
                       " — 期限 令和元年5月1日（あと5日）");
  const std::vector<std::string> words = EncodedWords(mail.Get("subject"));
  CHECK(words.size() >= 3);
  for (const std::string& word : words) {
    CHECK(word.size() <= 75);
    // Each word decodes to whole characters on its own: no UTF-8 character was cut.
    const std::string q = "=?UTF-8?B?";
    CHECK(madoguchi::IsValidUtf8(DecodeBase64(word.substr(q.size(), word.size() - q.size() - 2))));
  }
  for (const std::string& line : mail.header_lines) {
    if (line.find("=?") != std::string::npos) CHECK(line.size() <= 76);  // RFC 2047 section 2
  }
}

TEST_CASE("mail: a reminder or settings that cannot make a safe mail are refused", "[mail]") {
  const Timestamp now = At("2026-11-20T09:30:00+09:00");
  auto refused = [&](json reminder, const std::string& words) {
    madoguchi::Result<std::string> mail = madoguchi::ComposeReminderMail(reminder, Settings(), now);
    REQUIRE_FALSE(mail.ok());
    CHECK(mail.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(mail.status().message(), Catch::Contains(words));
  };
  json r = Reminder("before", 5, 3);
  r.erase("reminder_id");
  refused(r, "reminder_id");
  // One field changed each: what makes an unsafe mail, and what the reminder
  // schema (schemas/messages/reminder.schema.json) says, which the worker holds it to.
  const std::vector<std::tuple<std::string, json, std::string>> changes = {
      {"/to/0/email", "reviewer1@kenpo.example.jp\r\nBcc: everyone@example.com", "not a plain address"},
      {"/to", json::array(), "'to'"},
      {"/due_date", "2026-02-30", "due_date"},
      {"/stage", "later", "stage"},
      {"/type_ja", "開示\n", "type_ja"},
      {"/request_id", "R26-1", "request_id"},
      {"/state", "forgotten", "state"},
      {"/type", "complaint", "type"},
  };
  for (const auto& [pointer, value, words] : changes) {
    INFO(pointer);
    r = Reminder("before", 5, 3);
    r[json::json_pointer(pointer)] = value;
    refused(r, words);
  }

  MailSettings bad = Settings();
  bad.from_address = "not an address";
  madoguchi::Result<std::string> mail = madoguchi::ComposeReminderMail(Reminder("due", 0, 0), bad, now);
  REQUIRE_FALSE(mail.ok());
  CHECK_THAT(mail.status().message(), Catch::Contains("from_address"));
}

TEST_CASE("mail: Maildir delivery writes one file into new/ and nothing stays in tmp/", "[mail]") {
  madoguchi::testing::TempDir tmp;
  const fs::path dir = tmp.path() / "data" / "maildir";
  madoguchi::MaildirDelivery maildir = OpenMaildir(dir);
  for (const char* sub : {"", "tmp", "new", "cur"}) CHECK(Mode(dir / sub) == 0700);

  const madoguchi::OutgoingMail mail = Prepare(Reminder("before", 5, 3));
  CHECK(MustDeliver(maildir, mail) == DeliveryOutcome::kDelivered);
  const std::vector<std::string> files = FilesIn(dir / "new");
  REQUIRE(files.size() == 1);
  CHECK(FilesIn(dir / "tmp").empty());
  CHECK(FilesIn(dir / "cur").empty());
  CHECK(ReadFile(dir / "new" / files[0]) == mail.message);
  CHECK(Mode(dir / "new" / files[0]) == 0600);
  // <seconds>.<pid>_<random>.<host>
  CHECK(files[0].find('.') != std::string::npos);
  CHECK(files[0].find('_') != std::string::npos);
  CHECK(files[0].find(std::to_string(::getpid()) + "_") != std::string::npos);

  SECTION("the same reminder twice, even from a restarted worker, is one mail") {
    CHECK(MustDeliver(maildir, mail) == DeliveryOutcome::kAlreadyDelivered);
    madoguchi::MaildirDelivery restarted = OpenMaildir(dir);
    CHECK(MustDeliver(restarted, mail) == DeliveryOutcome::kAlreadyDelivered);
    CHECK(FilesIn(dir / "new").size() == 1);
    // ... also once a mail reader has moved it to cur/.
    fs::rename(dir / "new" / files[0], dir / "cur" / (files[0] + ":2,S"));
    CHECK(MustDeliver(maildir, mail) == DeliveryOutcome::kAlreadyDelivered);
    CHECK(FilesIn(dir / "new").empty());
  }
  SECTION("two reminders are two mails") {
    CHECK(MustDeliver(maildir, Prepare(Reminder("due", 0, 0))) == DeliveryOutcome::kDelivered);
    CHECK(FilesIn(dir / "new").size() == 2);
    CHECK(FilesIn(dir / "tmp").empty());
  }
}

TEST_CASE("mail: Maildir delivery of one reminder from many threads makes one mail", "[mail]") {
  madoguchi::testing::TempDir tmp;
  const fs::path dir = tmp.path() / "maildir";
  OpenMaildir(dir);
  const madoguchi::OutgoingMail mail = Prepare(Reminder("overdue", -3, -2, true));
  std::atomic<int> delivered{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> workers;
  for (int i = 0; i < 8; ++i) {
    workers.emplace_back([&] {
      madoguchi::Result<madoguchi::MaildirDelivery> maildir = madoguchi::MaildirDelivery::Open(dir.string());
      madoguchi::Result<DeliveryOutcome> outcome =
          maildir.ok() ? maildir->Deliver(mail) : madoguchi::Result<DeliveryOutcome>(maildir.status());
      if (!outcome.ok()) ++failed;
      if (outcome.ok() && *outcome == DeliveryOutcome::kDelivered) ++delivered;
    });
  }
  for (std::thread& t : workers) t.join();
  CHECK(failed == 0);
  CHECK(delivered == 1);
  CHECK(FilesIn(dir / "new").size() == 1);
  CHECK(FilesIn(dir / "tmp").empty());
}

TEST_CASE("mail: Maildir delivery finishes what a crashed worker began, once", "[mail]") {
  madoguchi::testing::TempDir tmp;
  const fs::path dir = tmp.path() / "maildir";
  madoguchi::MaildirDelivery maildir = OpenMaildir(dir);
  const madoguchi::OutgoingMail mail = Prepare(Reminder("due", 0, 0));
  madoguchi::DeliveryRecord record =
      madoguchi::DeliveryRecord::Open((dir / madoguchi::MaildirDelivery::kRecordFolder).string()).value();
  const std::string name = "1795653000.4242_00112233aabbccdd.desk";

  SECTION("crash after the intent, before the mail: delivered under the intended name") {
    REQUIRE(record.Begin(mail.key).value().WriteIntent(name).ok());
    std::ofstream(dir / "tmp" / name) << "half a mail";  // the dead worker's torn write
    CHECK(MustDeliver(maildir, mail) == DeliveryOutcome::kDelivered);
    CHECK(FilesIn(dir / "new") == std::vector<std::string>{name});
    CHECK(ReadFile(dir / "new" / name) == mail.message);
    CHECK(FilesIn(dir / "tmp").empty());
  }
  SECTION("crash after the rename, before the record: not delivered again") {
    REQUIRE(record.Begin(mail.key).value().WriteIntent(name).ok());
    std::ofstream(dir / "cur" / (name + ":2,S")) << mail.message;  // and a reader has seen it
    CHECK(MustDeliver(maildir, mail) == DeliveryOutcome::kAlreadyDelivered);
    CHECK(FilesIn(dir / "new").empty());
    CHECK(record.Begin(mail.key).value().done());
  }
  SECTION("a torn intent (no final newline) counts as none") {
    const std::string torn = name.substr(0, 14);
    std::ofstream(dir / madoguchi::MaildirDelivery::kRecordFolder / madoguchi::Sha256Hex(mail.key)) << torn;
    CHECK(MustDeliver(maildir, mail) == DeliveryOutcome::kDelivered);
    const std::vector<std::string> files = FilesIn(dir / "new");
    REQUIRE(files.size() == 1);
    CHECK(files[0] != torn);
    CHECK(record.Begin(mail.key).value().intent() == files[0]);
  }
}

TEST_CASE("mail: a Maildir that cannot be created is a clear error", "[mail]") {
  madoguchi::testing::TempDir tmp;
  std::ofstream(tmp.path() / "blocker") << "a file, not a folder";
  const std::string dir = (tmp.path() / "blocker" / "maildir").string();
  madoguchi::Result<madoguchi::MaildirDelivery> maildir = madoguchi::MaildirDelivery::Open(dir);
  REQUIRE_FALSE(maildir.ok());
  CHECK(maildir.status().code() == Status::Code::kIoError);
  CHECK_THAT(maildir.status().message(), Catch::Contains(dir));
  CHECK_THAT(maildir.status().message(), Catch::Contains("Not a directory"));
  CHECK(madoguchi::MaildirDelivery::Open("").status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("mail: SMTP delivery sends the message once even when called twice", "[mail]") {
  madoguchi::testing::TempDir tmp;
  TinySmtpServer server;
  madoguchi::SmtpDelivery smtp = OpenSmtp(SmtpTo(server.url(), tmp.path() / "smtp-record"));
  const madoguchi::OutgoingMail mail = Prepare(Reminder("overdue", -3, -2, /*escalated=*/true));

  CHECK(MustDeliver(smtp, mail) == DeliveryOutcome::kDelivered);
  CHECK(MustDeliver(smtp, mail) == DeliveryOutcome::kAlreadyDelivered);
  CHECK(MustDeliver(*madoguchi::OpenMailDelivery([&] {
                      MailSettings s = Settings();
                      s.transport = MailSettings::Transport::kSmtp;
                      s.smtp = SmtpTo(server.url(), tmp.path() / "smtp-record");
                      return s;
                    }())
                         .value(),
                    mail) == DeliveryOutcome::kAlreadyDelivered);

  CHECK(server.sessions() == 1);
  const std::vector<TinySmtpServer::Received> received = server.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].mail_from == "<madoguchi@kenpo.example.jp>");
  CHECK(received[0].rcpt_to == std::vector<std::string>{"<reviewer1@kenpo.example.jp>", "<manager1@kenpo.example.jp>",
                                                        "<manager2@kenpo.example.jp>"});
  CHECK(received[0].data == mail.message);
  ParsedMail parsed = Parse(received[0].data);
  CHECK(DecodeHeader(parsed.Get("subject")) == "【期限超過】R2026-000001 開示 — 期限 令和8年11月25日（3日超過）");
  CHECK(parsed.Get("x-madoguchi-reminder") == mail.key);
}

TEST_CASE("mail: a failed SMTP delivery records nothing and is tried again", "[mail]") {
  madoguchi::testing::TempDir tmp;
  const fs::path record = tmp.path() / "smtp-record";
  const madoguchi::OutgoingMail mail = Prepare(Reminder("before", 5, 3));

  madoguchi::SmtpDelivery down = OpenSmtp(SmtpTo("smtp://127.0.0.1:" + std::to_string(ClosedPort()), record));
  madoguchi::Result<DeliveryOutcome> outcome = down.Deliver(mail);
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.status().code() == Status::Code::kUnavailable);
  CHECK_THAT(outcome.status().message(), Catch::Contains("127.0.0.1"));

  TinySmtpServer server;
  madoguchi::SmtpDelivery smtp = OpenSmtp(SmtpTo(server.url(), record));
  madoguchi::OutgoingMail refused = mail;
  refused.recipients.push_back("refused@kenpo.example.jp");
  outcome = smtp.Deliver(refused);
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.status().code() == Status::Code::kUnavailable);
  CHECK_THAT(outcome.status().message(), Catch::Contains("550"));
  CHECK(server.received().empty());

  CHECK(MustDeliver(smtp, mail) == DeliveryOutcome::kDelivered);
  CHECK(server.received().size() == 1);
}

TEST_CASE("mail: SMTP settings that would leak or cannot work are refused", "[mail]") {
  madoguchi::testing::TempDir tmp;
  auto code = [&](madoguchi::SmtpSettings s) {
    return madoguchi::SmtpDelivery::Open(s, "madoguchi@kenpo.example.jp").status().code();
  };
  madoguchi::SmtpSettings s = SmtpTo("smtp://127.0.0.1:25", tmp.path() / "r");
  CHECK(code(s) == Status::Code::kOk);
  s.url = "http://127.0.0.1:25";
  CHECK(code(s) == Status::Code::kInvalidArgument);
  s.url = "smtp://desk:secret@mail.example.jp:587";
  CHECK(code(s) == Status::Code::kInvalidArgument);
  s.url = "smtp://mail.example.jp:587";
  s.user = "desk";
  s.password = "secret";
  CHECK(code(s) == Status::Code::kInvalidArgument);  // a password over plain text
  s.starttls = true;
  CHECK(code(s) == Status::Code::kOk);
  s.url = "smtps://mail.example.jp:465";
  s.starttls = false;
  CHECK(code(s) == Status::Code::kOk);
  s.record_dir.clear();
  CHECK(code(s) == Status::Code::kInvalidArgument);
}
