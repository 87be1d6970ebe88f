// RawConnection: one TCP connection to the web desk written byte by byte, as
// an attacker writes it (no client library to tidy up what is sent), from a
// chosen source address: Linux routes all of 127.0.0.0/8 on the loopback, so
// "127.0.0.2" is another client address on the same machine. Tests only
// connect to 127.0.0.1.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace madoguchi::testing {

class RawConnection {
 public:
  // Connects to the host and port of `url` ("http://127.0.0.1:PORT/") from
  // `source`; throws when it cannot.
  explicit RawConnection(const std::string& url, const std::string& source = "127.0.0.1");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `bytes`, waiting up to `timeout` for room; false once the
  // peer has closed or reset the connection, or the time ran out.
  bool Send(std::string_view bytes, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads until the peer closes the connection or `timeout` passes; what came.
  std::string ReadUntilClosed(std::chrono::milliseconds timeout);
  // Reads one answer's head (up to the empty line), waiting up to `timeout`;
  // "" when none came.
  std::string ReadHead(std::chrono::milliseconds timeout);
  // Whether the peer has closed (or reset) the connection, looking for up to
  // `timeout`; what it sent meanwhile is dropped.
  bool ClosedWithin(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string pending_;  // read past a head
};

// "http://127.0.0.1:8080/" → "127.0.0.1:8080", for a Host header.
std::string HostOf(const std::string& url);
// The status of an answer's head ("HTTP/1.1 431 ..." → 431); 0 when none.
int StatusOf(std::string_view head);
// A header's value in an answer's head (the name in any case); "" when absent.
std::string HeaderIn(std::string_view head, std::string_view name);

}  // namespace madoguchi::testing
