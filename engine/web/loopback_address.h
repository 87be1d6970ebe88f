// Whether an address to listen on is the host's own loopback (127.x, ::1,
// localhost): where plain HTTP may be served, since no one else can listen
// there. The web desk refuses plain HTTP anywhere else; the metrics endpoint
// is served nowhere else.
#pragma once

#include <string>

namespace madoguchi {

inline bool IsLoopbackAddress(const std::string& address) {
  return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

}  // namespace madoguchi
