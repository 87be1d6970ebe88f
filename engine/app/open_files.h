// The engine's limit of open files. Every peer connected to a CURVE socket
// holds a descriptor, and so does each web desk connection; under a service
// manager's usual soft limit of 1024, about a thousand idle TCP connections
// (no handshake needed, no key) left no descriptor for the next client: staff
// and workers were shut out. At start the soft limit is raised to the hard
// one (often 524288 under systemd), and said in the log. What an idle,
// unauthenticated peer may then hold, and for how long, is bounded on the
// sockets themselves (server/command_server.cc, BindFront).
#pragma once

namespace madoguchi {

// Raises the soft RLIMIT_NOFILE to the hard limit and logs both; a warning
// when it cannot, or when the hard limit is small.
void RaiseOpenFileLimit();

}  // namespace madoguchi
