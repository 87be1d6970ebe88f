#include "letters/letter_text.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "core/japanese_era.h"
#include "core/schema_validator.h"
#include "letters/letter_view.h"
#include "letters/template.h"

namespace madoguchi {

namespace {

constexpr std::string_view kContextSchema = "schemas/messages/letter-context.schema.json";
constexpr std::string_view kLabelsFile = "labels.json";

Result<Date> DateValue(const nlohmann::json& value) {
  if (!value.is_string()) return Status::InvalidArgument("a date must be a string YYYY-MM-DD");
  return Date::Parse(value.get<std::string>());
}

Result<std::string> EraFormatter(const nlohmann::json& value) {
  Result<Date> d = DateValue(value);
  if (!d.ok()) return d.status();
  return JapaneseEraDate(*d);
}

// "令和8年12月9日（水）": a due date, with the weekday to help the reader.
Result<std::string> EraWeekdayFormatter(const nlohmann::json& value) {
  Result<Date> d = DateValue(value);
  if (!d.ok()) return d.status();
  return JapaneseEraDate(*d) + "（" + JapaneseWeekday(*d) + "）";
}

bool IsTemplateFileName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// What a file held when it was read: kept while the file keeps its
// modification time and size.
struct FileStamp {
  std::filesystem::file_time_type modified{};
  uintmax_t size = 0;
  bool operator==(const FileStamp&) const = default;
};

std::optional<FileStamp> StampOf(const std::filesystem::path& path) {
  std::error_code ec;
  FileStamp stamp{std::filesystem::last_write_time(path, ec), 0};
  if (ec) return std::nullopt;
  stamp.size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  return stamp;
}

Result<nlohmann::json> LoadLabels(const std::filesystem::path& dir) {
  Result<std::string> text = ReadTextFile(dir / kLabelsFile);
  if (!text.ok()) return text.status();
  nlohmann::json labels = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (labels.is_discarded() || !labels.is_object()) {
    return Status::InvalidArgument((dir / kLabelsFile).string() + " is not a JSON object");
  }
  return labels;
}

}  // namespace

// The templates and labels of one folder, each read again only when its file changes.
struct LetterTextRenderer::Cache {
  explicit Cache(std::filesystem::path d) : dir(std::move(d)) {}

  Result<std::shared_ptr<const Template>> TemplateNamed(std::string_view name) {
    // A name that is not a file's (LoadTemplate says why) is never cached.
    if (!IsTemplateFileName(name)) return LoadTemplate(dir, name).status();
    const std::optional<FileStamp> stamp = StampOf(dir / (std::string(name) + ".txt"));
    auto it = templates.find(name);
    if (stamp && it != templates.end() && it->second.first == *stamp) return it->second.second;
    Result<Template> loaded = LoadTemplate(dir, name);
    if (!loaded.ok()) return loaded.status();
    auto shared = std::make_shared<const Template>(std::move(loaded).value());
    if (stamp) templates.insert_or_assign(std::string(name), std::pair{*stamp, shared});
    return shared;
  }

  Result<const nlohmann::json*> Labels() {
    const std::optional<FileStamp> stamp = StampOf(dir / kLabelsFile);
    if (!stamp || !labels || labels_stamp != *stamp) {
      Result<nlohmann::json> loaded = LoadLabels(dir);
      if (!loaded.ok()) return loaded.status();
      labels = std::move(loaded).value();
      labels_stamp = stamp.value_or(FileStamp{});
    }
    return &*labels;
  }

  // The environment of a rendering: partials from this cache.
  TemplateEnv Env() {
    TemplateEnv env;
    env.partials = [this](std::string_view name) { return TemplateNamed(name); };
    env.formatters["era"] = EraFormatter;
    env.formatters["era_weekday"] = EraWeekdayFormatter;
    return env;
  }

  const std::filesystem::path dir;
  std::map<std::string, std::pair<FileStamp, std::shared_ptr<const Template>>, std::less<>> templates;
  std::optional<nlohmann::json> labels;
  FileStamp labels_stamp;
};

Result<LetterText> RenderLetterDocument(const nlohmann::json& context, const std::string& templates_dir) {
  return LetterTextRenderer(templates_dir).Render(context);
}

LetterTextRenderer::LetterTextRenderer(std::string templates_dir)
    : cache_(std::make_unique<Cache>(std::filesystem::path(std::move(templates_dir)))) {}

LetterTextRenderer::~LetterTextRenderer() = default;

Result<LetterText> LetterTextRenderer::Render(const nlohmann::json& context) {
  Status valid = SchemaValidator::Embedded(kContextSchema).Check(context, "letter context", "(context)");
  if (!valid.ok()) return valid;
  Result<Date> issued_on = Date::Parse(context["issued_on"].get<std::string>());
  if (!issued_on.ok()) return Status::InvalidArgument("letter context: issued_on: " + issued_on.status().message());

  Result<const nlohmann::json*> labels = cache_->Labels();
  if (!labels.ok()) return labels.status();
  Result<nlohmann::json> view = BuildLetterView(context, **labels);
  if (!view.ok()) return view.status();
  // The letter's text, from the template of its kind.
  Result<std::shared_ptr<const Template>> tmpl = cache_->TemplateNamed((*view)["letter_kind"].get<std::string>());
  if (!tmpl.ok()) return tmpl.status();
  Result<std::string> text = (*tmpl)->Render(*view, cache_->Env());
  if (!text.ok()) return text.status();
  Result<LetterDocument> doc = ParseLetterMarkup(*text);
  if (!doc.ok()) return Status::InvalidArgument("template '" + context["letter_kind"].get<std::string>() + "': " +
                                                doc.status().message());
  return LetterText{std::move(doc).value(), *issued_on};
}

}  // namespace madoguchi
