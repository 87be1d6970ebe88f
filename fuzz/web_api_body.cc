// Fuzzes the web desk's /api/ path from the body a signed-in browser or a
// bearer-token script sends to the command the engine decodes: ParseApiBody
// (the body as the command's arguments, its CSRF field taken out), the
// command message the desk sends on (as CommandChannel makes it), the
// command path's DecodeCommand, and for an intake the field errors the desk
// adds to a refusal. The first byte picks the command of the URL; the rest is
// the body. Nothing may crash, hang or throw; a body taken is an object.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "commands/command_decoder.h"
#include "commands/command_policy.h"
#include "core/jst_time.h"
#include "protocol/wire.h"
#include "web/api_body.h"
#include "web/intake_field_errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& commands = madoguchi::CommandTable();
  const std::string_view command = commands[data[0] % commands.size()].name;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  madoguchi::Result<madoguchi::ApiBody> parsed = madoguchi::ParseApiBody(body);
  if (!parsed.ok()) return 0;
  if (!parsed->args.is_object() || parsed->args.contains("csrf")) std::abort();
  const std::string message = madoguchi::CommandMessage(command, parsed->args, "web-1")
                                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  madoguchi::DecodedCommand decoded = madoguchi::DecodeCommand(message, 1 << 20);
  if (!decoded.ok() && decoded.error_message.empty()) std::abort();
  if (command == "intake" && decoded.error_code == "invalid_argument") {
    (void)madoguchi::IntakeFieldErrors(parsed->args, madoguchi::Now());
  }
  return 0;
}
