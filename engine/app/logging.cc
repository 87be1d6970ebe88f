#include "app/logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "protocol/log_escape.h"

namespace madoguchi {

Status SetUpLogging(const std::string& file, const std::string& level) {
  try {
    std::filesystem::path folder = std::filesystem::path(file).parent_path();
    std::filesystem::create_directories(folder);
    // Logs name staff and requests; only the engine's user reads them.
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all);
    auto to_file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file);
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto to_stderr = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>("engine", spdlog::sinks_init_list{to_file, to_stderr});
    logger->set_level(spdlog::level::from_str(level));
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    // Values from outside (a user name typed at the sign-in page, a worker's
    // letter id) never split a line: every sink escapes control characters.
    EscapeEveryLogLine();
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::IoError("cannot log to " + file + ": " + e.what());
  }
}

}  // namespace madoguchi
