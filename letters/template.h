// Template: the small, logic-less template language of the letters (a subset
// of Mustache, without HTML escaping: letters are plain text). Templates are
// files (templates/letters/*.txt) so that the society can change a letter's
// wording without a new build.
//
//   {{a.b}}           the value at a.b: a string, or a number
//   {{.}}             the current item of a section
//   {{fmt:a.b}}       the value passed through a named formatter
//                     ("era:request.received_on" -> "令和8年11月4日")
//   {{#a}}...{{/a}}   section: skipped when a is false, null, "" or [];
//                     repeated for each item of a non-empty array (the item
//                     becomes the innermost scope); otherwise shown once, with
//                     an object value as the innermost scope
//   {{^a}}...{{/a}}   inverted section: shown only when a is false, null, "" or []
//   {{>name}}         another template (a partial), rendered with the same scopes
//   {{! text }}       a comment
//
// A name is looked up by its first segment from the innermost scope outwards,
// then by the rest of its segments from there. A line that holds nothing but
// one section, inverted, closing, comment or partial tag (and blanks) is
// "standalone" and leaves no line of its own in the output. A value spanning
// several lines continues each of its lines at the indentation (ASCII or
// ideographic spaces) of the line it was inserted in.
//
// Templates are strict, so that a mistake shows up as an error rather than as
// a letter with a hole in it: a name with no value, a value that is null, an
// array or an object where text is wanted, an unknown formatter or partial,
// and an unbalanced section are all errors that name the template and line.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

class Template;

// Turns a value into text ({{era:a.b}}); an error explains what was wrong with the value.
using TemplateFormatter = std::function<Result<std::string>(const nlohmann::json& value)>;

// What a template may call on while it is rendered.
struct TemplateEnv {
  // The template a {{>name}} stands for; NotFound when there is none.
  std::function<Result<std::shared_ptr<const Template>>(std::string_view name)> partials;
  std::map<std::string, TemplateFormatter, std::less<>> formatters;
};

class Template {
 public:
  // Parses `source`; `name` is used in error messages. InvalidArgument, naming
  // the line, for an unclosed tag, an empty name or an unbalanced section.
  static Result<Template> Parse(std::string_view source, std::string name);

  // The text of the template for `view`; InvalidArgument ("template
  // 'acknowledgement' line 12: no value for 'request.id'") when the view
  // lacks what the template needs.
  Result<std::string> Render(const nlohmann::json& view, const TemplateEnv& env) const;

  const std::string& name() const { return name_; }

  struct Node;  // defined in template.cc

 private:
  friend class TemplateRenderer;
  Template(std::string name, std::shared_ptr<const std::vector<Node>> nodes)
      : name_(std::move(name)), nodes_(std::move(nodes)) {}

  std::string name_;
  std::shared_ptr<const std::vector<Node>> nodes_;
};

// Loads and parses "<dir>/<name>.txt". Names are made of a-z, 0-9 and '_'
// (never a path). NotFound names the file that was looked for.
Result<Template> LoadTemplate(const std::filesystem::path& dir, std::string_view name);

// Reads a whole file; NotFound or IoError naming the path.
Result<std::string> ReadTextFile(const std::filesystem::path& path);

}  // namespace madoguchi
