#include "letters/template.h"

#include "letters/letter_markup.h"

#include <fstream>
#include <sstream>

namespace madoguchi {

struct Template::Node {
  enum class Kind { kText, kValue, kSection, kInverted, kPartial };
  Kind kind = Kind::kText;
  std::string text;       // kText: the literal text; otherwise the name
  std::string formatter;  // kValue: "" or the formatter's name
  int line = 0;
  std::vector<Node> children;  // kSection, kInverted
};

namespace {

using Node = Template::Node;

// A tag or a run of text within one line of the source.
struct Token {
  enum class Kind { kText, kValue, kSection, kInverted, kClose, kPartial, kComment };
  Kind kind;
  std::string text;  // the text, or the tag's name (trimmed)
};


std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsBlank(std::string_view s) { return Trim(s).empty(); }

std::string Where(const std::string& name, int line) {
  return "template '" + name + "' line " + std::to_string(line) + ": ";
}

Token TagToken(std::string_view body) {
  body = Trim(body);
  if (body.empty()) return {Token::Kind::kValue, ""};
  switch (body.front()) {
    case '#': return {Token::Kind::kSection, std::string(Trim(body.substr(1)))};
    case '^': return {Token::Kind::kInverted, std::string(Trim(body.substr(1)))};
    case '/': return {Token::Kind::kClose, std::string(Trim(body.substr(1)))};
    case '>': return {Token::Kind::kPartial, std::string(Trim(body.substr(1)))};
    case '!': return {Token::Kind::kComment, ""};
    default: return {Token::Kind::kValue, std::string(body)};
  }
}

// The tokens of one line (without its newline).
Result<std::vector<Token>> Tokenize(std::string_view line, const std::string& name, int line_no) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (pos < line.size()) {
    size_t open = line.find("{{", pos);
    if (open == std::string_view::npos) {
      tokens.push_back({Token::Kind::kText, std::string(line.substr(pos))});
      break;
    }
    if (open > pos) tokens.push_back({Token::Kind::kText, std::string(line.substr(pos, open - pos))});
    size_t close = line.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument(Where(name, line_no) + "'{{' is not closed by '}}' on the same line");
    }
    Token tag = TagToken(line.substr(open + 2, close - open - 2));
    if (tag.kind != Token::Kind::kComment && tag.text.empty()) {
      return Status::InvalidArgument(Where(name, line_no) + "a tag without a name");
    }
    tokens.push_back(std::move(tag));
    pos = close + 2;
  }
  return tokens;
}

// A line holding one block tag and blanks leaves no line in the output.
bool IsStandalone(const std::vector<Token>& tokens) {
  int tags = 0;
  for (const Token& t : tokens) {
    if (t.kind == Token::Kind::kText) {
      if (!IsBlank(t.text)) return false;
    } else if (t.kind == Token::Kind::kValue) {
      return false;
    } else {
      ++tags;
    }
  }
  return tags == 1;
}

// Builds the node tree from the tokens, line by line.
class TreeBuilder {
 public:
  explicit TreeBuilder(std::string name) : name_(std::move(name)) { open_.push_back({nullptr, &root_}); }

  Status Add(std::vector<Token> tokens, bool has_newline, int line) {
    const bool standalone = IsStandalone(tokens);
    for (Token& t : tokens) {
      if (standalone && t.kind == Token::Kind::kText) continue;
      Status s = AddToken(std::move(t), line);
      if (!s.ok()) return s;
    }
    if (has_newline && !standalone) AppendText("\n", line);
    return Status::Ok();
  }

  Result<std::vector<Node>> Finish() {
    if (open_.size() > 1) {
      const Node* section = open_.back().section;
      return Status::InvalidArgument(Where(name_, section->line) + "section '" + section->text +
                                     "' is never closed with {{/" + section->text + "}}");
    }
    return std::move(root_);
  }

 private:
  struct Open {
    Node* section;  // nullptr for the root
    std::vector<Node>* children;
  };

  Status AddToken(Token t, int line) {
    switch (t.kind) {
      case Token::Kind::kText: AppendText(t.text, line); return Status::Ok();
      case Token::Kind::kComment: return Status::Ok();
      case Token::Kind::kValue: return AddValue(std::move(t.text), line);
      case Token::Kind::kPartial: Push({Node::Kind::kPartial, std::move(t.text), "", line, {}}); return Status::Ok();
      case Token::Kind::kSection:
      case Token::Kind::kInverted: {
        Node* node = Push({t.kind == Token::Kind::kSection ? Node::Kind::kSection : Node::Kind::kInverted,
                           std::move(t.text), "", line, {}});
        open_.push_back({node, &node->children});
        return Status::Ok();
      }
      case Token::Kind::kClose: return Close(t.text, line);
    }
    return Status::Ok();
  }

  Status AddValue(std::string body, int line) {
    Node node{Node::Kind::kValue, std::move(body), "", line, {}};
    if (size_t colon = node.text.find(':'); colon != std::string::npos) {
      node.formatter = std::string(Trim(std::string_view(node.text).substr(0, colon)));
      node.text = std::string(Trim(std::string_view(node.text).substr(colon + 1)));
      if (node.formatter.empty() || node.text.empty()) {
        return Status::InvalidArgument(Where(name_, line) + "'{{formatter:name}}' needs both parts");
      }
    }
    Push(std::move(node));
    return Status::Ok();
  }

  Status Close(const std::string& key, int line) {
    if (open_.size() == 1) {
      return Status::InvalidArgument(Where(name_, line) + "{{/" + key + "}} closes no section");
    }
    const Node* section = open_.back().section;
    if (section->text != key) {
      return Status::InvalidArgument(Where(name_, line) + "{{/" + key + "}} closes section '" + section->text +
                                     "' opened on line " + std::to_string(section->line));
    }
    open_.pop_back();
    return Status::Ok();
  }

  Node* Push(Node node) {
    std::vector<Node>* children = open_.back().children;
    children->push_back(std::move(node));
    return &children->back();
  }

  void AppendText(const std::string& text, int line) {
    std::vector<Node>* children = open_.back().children;
    if (!children->empty() && children->back().kind == Node::Kind::kText) {
      children->back().text += text;
    } else {
      children->push_back({Node::Kind::kText, text, "", line, {}});
    }
  }

  std::string name_;
  std::vector<Node> root_;
  // Pointers into the tree stay valid: a section's children vector only grows
  // while the section is the innermost open one, and its parent's vector does
  // not change until the section is closed.
  std::vector<Open> open_;
};

bool IsFalsy(const nlohmann::json& v) {
  return v.is_null() || (v.is_boolean() && !v.get<bool>()) || (v.is_string() && v.get_ref<const std::string&>().empty()) ||
         (v.is_array() && v.empty());
}

bool IsTemplateName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

// Renders a tree of nodes against a stack of scopes.
class TemplateRenderer {
 public:
  explicit TemplateRenderer(const TemplateEnv& env) : env_(env) {}

  Status Run(const Template& t, const nlohmann::json& view) {
    scopes_.push_back(&view);
    return RenderNodes(*t.nodes_, t.name());
  }

  std::string Take() { return std::move(out_); }

 private:
  static constexpr int kMaxPartialDepth = 16;

  Status RenderNodes(const std::vector<Node>& nodes, const std::string& name) {
    for (const Node& node : nodes) {
      Status s = RenderNode(node, name);
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }

  Status RenderNode(const Node& node, const std::string& name) {
    switch (node.kind) {
      case Node::Kind::kText: out_ += node.text; return Status::Ok();
      case Node::Kind::kValue: return RenderValue(node, name);
      case Node::Kind::kSection: return RenderSection(node, name);
      case Node::Kind::kInverted: return RenderInverted(node, name);
      case Node::Kind::kPartial: return RenderPartial(node, name);
    }
    return Status::Ok();
  }

  Status RenderValue(const Node& node, const std::string& name) {
    const nlohmann::json* value = Lookup(node.text);
    if (value == nullptr) return Status::InvalidArgument(Where(name, node.line) + "no value for '" + node.text + "'");
    std::string text;
    if (!node.formatter.empty()) {
      auto f = env_.formatters.find(node.formatter);
      if (f == env_.formatters.end()) {
        return Status::InvalidArgument(Where(name, node.line) + "unknown formatter '" + node.formatter + "'");
      }
      Result<std::string> formatted = f->second(*value);
      if (!formatted.ok()) {
        return Status::InvalidArgument(Where(name, node.line) + "'" + node.text + "': " + formatted.status().message());
      }
      text = std::move(formatted).value();
    } else if (value->is_string()) {
      text = value->get<std::string>();
    } else if (value->is_number()) {
      text = value->dump();
    } else {
      return Status::InvalidArgument(Where(name, node.line) + "'" + node.text + "' is " +
                                     (value->is_null() ? "null" : std::string("a ") + value->type_name()) +
                                     ", not text");
    }
    Insert(text);
    return Status::Ok();
  }

  Status RenderSection(const Node& node, const std::string& name) {
    const nlohmann::json* value = Lookup(node.text);
    if (value == nullptr) return Status::InvalidArgument(Where(name, node.line) + "no value for section '" + node.text + "'");
    if (IsFalsy(*value)) return Status::Ok();
    if (value->is_array()) {
      for (const nlohmann::json& item : *value) {
        Status s = WithScope(item, node.children, name);
        if (!s.ok()) return s;
      }
      return Status::Ok();
    }
    if (value->is_boolean()) return RenderNodes(node.children, name);
    return WithScope(*value, node.children, name);
  }

  Status RenderInverted(const Node& node, const std::string& name) {
    const nlohmann::json* value = Lookup(node.text);
    if (value == nullptr) return Status::InvalidArgument(Where(name, node.line) + "no value for section '" + node.text + "'");
    return IsFalsy(*value) ? RenderNodes(node.children, name) : Status::Ok();
  }

  Status RenderPartial(const Node& node, const std::string& name) {
    if (depth_ >= kMaxPartialDepth) {
      return Status::InvalidArgument(Where(name, node.line) + "partials nest too deeply (does '" + node.text +
                                     "' include itself?)");
    }
    if (!env_.partials) return Status::NotFound(Where(name, node.line) + "no partials are available");
    Result<std::shared_ptr<const Template>> partial = env_.partials(node.text);
    if (!partial.ok()) {
      std::string message = Where(name, node.line) + partial.status().message();
      return partial.status().code() == Status::Code::kNotFound ? Status::NotFound(std::move(message))
                                                                 : Status::InvalidArgument(std::move(message));
    }
    ++depth_;
    Status s = RenderNodes(*(*partial)->nodes_, (*partial)->name());
    --depth_;
    return s;
  }

  Status WithScope(const nlohmann::json& scope, const std::vector<Node>& nodes, const std::string& name) {
    scopes_.push_back(&scope);
    Status s = RenderNodes(nodes, name);
    scopes_.pop_back();
    return s;
  }

  // The value a (dotted) name stands for, or nullptr.
  const nlohmann::json* Lookup(std::string_view key) const {
    if (key == ".") return scopes_.back();
    size_t dot = key.find('.');
    const std::string first(key.substr(0, dot));
    const nlohmann::json* found = nullptr;
    for (auto it = scopes_.rbegin(); it != scopes_.rend() && found == nullptr; ++it) {
      if ((*it)->is_object()) {
        auto f = (*it)->find(first);
        if (f != (*it)->end()) found = &*f;
      }
    }
    while (found != nullptr && dot != std::string_view::npos) {
      key.remove_prefix(dot + 1);
      dot = key.find('.');
      const std::string segment(key.substr(0, dot));
      if (!found->is_object()) return nullptr;
      auto f = found->find(segment);
      found = f == found->end() ? nullptr : &*f;
    }
    return found;
  }

  // Appends `text`; its later lines start at the indentation of the output
  // line it goes into.
  void Insert(std::string_view text) {
    const size_t line_start = out_.rfind('\n') == std::string::npos ? 0 : out_.rfind('\n') + 1;
    size_t end = line_start;
    while (true) {
      if (end < out_.size() && out_[end] == ' ') {
        ++end;
      } else if (out_.compare(end, kIdeographicSpace.size(), kIdeographicSpace) == 0) {
        end += kIdeographicSpace.size();
      } else {
        break;
      }
    }
    const std::string indent = out_.substr(line_start, end - line_start);
    for (char c : text) {
      out_ += c;
      if (c == '\n') out_ += indent;
    }
  }

  const TemplateEnv& env_;
  std::vector<const nlohmann::json*> scopes_;
  std::string out_;
  int depth_ = 0;
};

Result<Template> Template::Parse(std::string_view source, std::string name) {
  TreeBuilder builder(name);
  int line_no = 0;
  while (!source.empty()) {
    ++line_no;
    size_t nl = source.find('\n');
    std::string_view line = source.substr(0, nl);
    const bool has_newline = nl != std::string_view::npos;
    source.remove_prefix(has_newline ? nl + 1 : source.size());
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    Result<std::vector<Token>> tokens = Tokenize(line, name, line_no);
    if (!tokens.ok()) return tokens.status();
    Status s = builder.Add(std::move(tokens).value(), has_newline, line_no);
    if (!s.ok()) return s;
  }
  Result<std::vector<Node>> nodes = builder.Finish();
  if (!nodes.ok()) return nodes.status();
  return Template(std::move(name), std::make_shared<const std::vector<Node>>(std::move(nodes).value()));
}

Result<std::string> Template::Render(const nlohmann::json& view, const TemplateEnv& env) const {
  TemplateRenderer renderer(env);
  Status s = renderer.Run(*this, view);
  if (!s.ok()) return s;
  return renderer.Take();
}

Result<std::string> ReadTextFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::NotFound("no file " + path.string());
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return Status::IoError("cannot read " + path.string());
  return text.str();
}

Result<Template> LoadTemplate(const std::filesystem::path& dir, std::string_view name) {
  if (!IsTemplateName(name)) {
    return Status::InvalidArgument("'" + std::string(name) + "' is not a template name (a-z, 0-9 and _ only)");
  }
  const std::filesystem::path path = dir / (std::string(name) + ".txt");
  Result<std::string> source = ReadTextFile(path);
  if (!source.ok()) {
    if (source.status().code() == Status::Code::kNotFound) {
      return Status::NotFound("unknown template '" + std::string(name) + "' (no file " + path.string() + ")");
    }
    return source.status();
  }
  return Template::Parse(*source, std::string(name));
}

}  // namespace madoguchi
