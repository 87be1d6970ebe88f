#include "letters/letter_text.h"

#include <filesystem>
#include <map>
#include <memory>

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

// The environment of one rendering: partials from `dir`, loaded once each.
TemplateEnv LetterEnv(const std::filesystem::path& dir) {
  auto cache = std::make_shared<std::map<std::string, std::shared_ptr<const Template>, std::less<>>>();
  TemplateEnv env;
  env.partials = [dir, cache](std::string_view name) -> Result<std::shared_ptr<const Template>> {
    if (auto it = cache->find(name); it != cache->end()) return it->second;
    Result<Template> loaded = LoadTemplate(dir, name);
    if (!loaded.ok()) return loaded.status();
    auto shared = std::make_shared<const Template>(std::move(loaded).value());
    cache->emplace(std::string(name), shared);
    return shared;
  };
  env.formatters["era"] = EraFormatter;
  env.formatters["era_weekday"] = EraWeekdayFormatter;
  return env;
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

// The letter's text, from the template of its kind.
Result<std::string> TemplateText(const nlohmann::json& view, const std::filesystem::path& dir) {
  Result<Template> tmpl = LoadTemplate(dir, view["letter_kind"].get<std::string>());
  if (!tmpl.ok()) return tmpl.status();
  return tmpl->Render(view, LetterEnv(dir));
}

}  // namespace

Result<LetterText> RenderLetterDocument(const nlohmann::json& context, const std::string& templates_dir) {
  Status valid = SchemaValidator::Embedded(kContextSchema).Check(context, "letter context", "(context)");
  if (!valid.ok()) return valid;
  Result<Date> issued_on = Date::Parse(context["issued_on"].get<std::string>());
  if (!issued_on.ok()) return Status::InvalidArgument("letter context: issued_on: " + issued_on.status().message());

  const std::filesystem::path dir(templates_dir);
  Result<nlohmann::json> labels = LoadLabels(dir);
  if (!labels.ok()) return labels.status();
  Result<nlohmann::json> view = BuildLetterView(context, *labels);
  if (!view.ok()) return view.status();
  Result<std::string> text = TemplateText(*view, dir);
  if (!text.ok()) return text.status();
  Result<LetterDocument> doc = ParseLetterMarkup(*text);
  if (!doc.ok()) return Status::InvalidArgument("template '" + context["letter_kind"].get<std::string>() + "': " +
                                                doc.status().message());
  return LetterText{std::move(doc).value(), *issued_on};
}

}  // namespace madoguchi
