#include "app/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <vector>

#include "protocol/log_escape.h"

namespace madoguchi {

Status SetUpLogging(const LogSettings& settings) {
  try {
    auto to_stderr = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    std::vector<spdlog::sink_ptr> sinks = {to_stderr};
    if (!settings.file.empty()) {
      std::filesystem::path folder = std::filesystem::path(settings.file).parent_path();
      std::filesystem::create_directories(folder);
      // Logs name staff and requests; only the engine's user reads them.
      std::filesystem::permissions(folder, std::filesystem::perms::owner_all);
      // By size: a busy year cannot fill the disk with one file; the
      // rotated ones keep the same mode (the folder is the owner's alone).
      auto to_file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(settings.file, settings.max_file_bytes,
                                                                            settings.max_files);
      std::filesystem::permissions(settings.file,
                                   std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      sinks.push_back(to_file);
    }
    auto logger = std::make_shared<spdlog::logger>("engine", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::from_str(settings.level));
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    // Values from outside (a user name typed at the sign-in page, a worker's
    // letter id) never split a line: every sink escapes control characters.
    EscapeEveryLogLine({to_stderr});
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::IoError("cannot log to " + settings.file + ": " + e.what());
  }
}

}  // namespace madoguchi
