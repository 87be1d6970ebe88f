// Fuzzes DecodeCommand: the bytes of one command message, as any client may
// send them, through size, UTF-8, the envelope schema, the command table and
// the command's argument schema. It must never crash, hang or throw, and it
// must either decode or say why not.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "commands/command_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view payload(reinterpret_cast<const char*>(data), size);
  madoguchi::DecodedCommand d = madoguchi::DecodeCommand(payload, 262144);
  // The contract: decoded means a rule and object arguments; refused means a code and a message.
  if (d.ok() != (d.rule != nullptr && d.args.is_object())) std::abort();
  if (!d.ok() && d.error_message.empty()) std::abort();
  return 0;
}
