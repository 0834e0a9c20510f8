// Loading, cleaning and checking keys: the static half of keyguard (docs/keys.md).
#include "keys.h"
#include "key_sources.h"

#include <optional>

#include "redact.h"
#include "text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace keyguard {
namespace {


/// Whitespace that pasting leaves around a key, with the phrase that names it.
struct Blank {
  std::string_view bytes;
  std::string_view name;
};
constexpr Blank kBlanks[] = {
    {"\r\n", "CRLF"},
    {"\n", "newline"},
    {"\r", "carriage return"},
    {"\t", "tab"},
    {" ", "space"},
    {"\v", "vertical tab"},
    {"\f", "form feed"},
    {"\xC2\xA0", "no-break space"},
    {"\xE2\x80\x8B", "zero-width space"},
    {"\xEF\xBB\xBF", "byte-order mark"},
};

const Blank* blank_at_start(std::string_view text) {
  for (const Blank& blank : kBlanks)
    if (text.substr(0, blank.bytes.size()) == blank.bytes) return &blank;
  return nullptr;
}

const Blank* blank_at_end(std::string_view text) {
  for (const Blank& blank : kBlanks)
    if (text.size() >= blank.bytes.size() && text.substr(text.size() - blank.bytes.size()) == blank.bytes) return &blank;
  return nullptr;
}

void add_fix(std::vector<std::string>* fixes, std::string fix) {
  for (const std::string& existing : *fixes)
    if (existing == fix) return;
  fixes->push_back(std::move(fix));
}

/// Strips blanks from both ends; records one phrase per kind and side.
bool strip_blanks(std::string_view* text, std::vector<std::string>* fixes) {
  bool changed = false;
  while (const Blank* blank = blank_at_end(*text)) {
    text->remove_suffix(blank->bytes.size());
    add_fix(fixes, "removed a trailing " + std::string(blank->name));
    changed = true;
  }
  while (const Blank* blank = blank_at_start(*text)) {
    text->remove_prefix(blank->bytes.size());
    add_fix(fixes, "removed a leading " + std::string(blank->name));
    changed = true;
  }
  return changed;
}

struct QuotePair {
  std::string_view open, close, name;
};
constexpr QuotePair kQuotes[] = {
    {"\"", "\"", "double quotes"},
    {"'", "'", "single quotes"},
    {"`", "`", "backquotes"},
    {"\xE2\x80\x9C", "\xE2\x80\x9D", "curly double quotes"},
    {"\xE2\x80\x98", "\xE2\x80\x99", "curly single quotes"},
};

bool strip_quotes(std::string_view* text, std::vector<std::string>* fixes) {
  for (const QuotePair& quote : kQuotes) {
    if (text->size() >= quote.open.size() + quote.close.size() && text->substr(0, quote.open.size()) == quote.open &&
        text->substr(text->size() - quote.close.size()) == quote.close) {
      text->remove_prefix(quote.open.size());
      text->remove_suffix(quote.close.size());
      add_fix(fixes, "removed surrounding " + std::string(quote.name));
      return true;
    }
  }
  return false;
}

bool strip_prefixes(std::string_view* text, std::string_view var_name, std::vector<std::string>* fixes) {
  if (istarts_with(*text, "Bearer ") || istarts_with(*text, "Bearer\t")) {
    text->remove_prefix(7);
    add_fix(fixes, "removed a leading 'Bearer '");
    return true;
  }
  std::string_view line = *text;
  bool exported = false;
  if (line.substr(0, 7) == "export ") {
    line.remove_prefix(7);
    exported = true;
  }
  if (line.size() > var_name.size() && line.substr(0, var_name.size()) == var_name && line[var_name.size()] == '=') {
    *text = line.substr(var_name.size() + 1);
    add_fix(fixes, std::string("removed a leading '") + (exported ? "export " : "") + std::string(var_name) +
                       "=' (a whole .env line was pasted as the value)");
    return true;
  }
  return false;
}

bool is_var_name(std::string_view text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0]))) return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

bool all_of_char(std::string_view text, char wanted) {
  if (text.empty()) return false;
  for (char c : text)
    if (c != wanted && !(wanted == 'x' && c == 'X')) return false;
  return true;
}

/// Whether KEY is a placeholder someone forgot to replace; *what names it.
bool is_placeholder(std::string_view key, std::string* what) {
  static constexpr std::string_view kWords[] = {
      "none", "null", "nil", "undefined", "changeme", "change_me", "change-me", "todo", "tbd", "fixme",
      "replace_me", "replace-me", "replaceme", "placeholder", "insert_key_here",
  };
  // Compared in place: a lower-case copy would be one more copy of the key to wipe.
  for (std::string_view word : kWords) {
    if (iequals(key, word)) {
      *what = std::string(key);
      return true;
    }
  }
  // $VAR, ${VAR}, %VAR%, {{ var }}: a template or shell expansion that never happened.
  if (key.size() > 1 && key[0] == '$') {
    std::string_view name = key.substr(1);
    if (name.size() > 2 && name.front() == '{' && name.back() == '}') name = name.substr(1, name.size() - 2);
    if (is_var_name(name)) {
      *what = "an unexpanded variable";
      return true;
    }
  }
  if (key.size() > 2 && key.front() == '%' && key.back() == '%' && is_var_name(key.substr(1, key.size() - 2))) {
    *what = "an unexpanded variable";
    return true;
  }
  if (key.substr(0, 2) == "{{" && key.size() > 4 && key.substr(key.size() - 2) == "}}") {
    *what = "an unrendered template";
    return true;
  }
  if (key.size() >= 2 && key.front() == '<' && key.back() == '>') {
    *what = "a <...> placeholder";
    return true;
  }
  // sk-..., sk-xxxx, sk-proj-XXXXXXXX, sk-ant-***, ...: a prefix followed by filler only.
  std::size_t filler_start = key.find_last_of('-');
  std::string_view filler = filler_start == std::string_view::npos ? key : key.substr(filler_start + 1);
  if (filler.size() >= 3 && (all_of_char(filler, 'x') || all_of_char(filler, '.') || all_of_char(filler, '*') ||
                             filler == "\xE2\x80\xA6")) {
    *what = "a filler example";
    return true;
  }
  if (key.size() >= 3 && (all_of_char(key, 'x') || all_of_char(key, '.') || all_of_char(key, '*'))) {
    *what = "a filler example";
    return true;
  }
  if (key.find("...") != std::string_view::npos || key.find("\xE2\x80\xA6") != std::string_view::npos) {
    *what = "an abbreviated example (it contains '...')";
    return true;
  }
  // your-api-key, YOUR_OPENAI_KEY_HERE, your key, ...
  if (istarts_with(key, "your") && icontains(key, "key")) {
    *what = "a 'your...key' placeholder";
    return true;
  }
  return false;
}

}  // namespace

CleanedKey clean_key(std::string_view raw, std::string_view var_name, bool from_file) {
  CleanedKey cleaned;
  std::string_view text = raw;
  // A file ends with a newline; that is not a mistake.
  if (from_file) {
    if (text.size() >= 2 && text.substr(text.size() - 2) == "\r\n") text.remove_suffix(2);
    else if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  }
  // Each rule may uncover another (a quoted value inside a pasted .env line): repeat until
  // nothing changes. Every rule shortens the text, so this ends.
  for (;;) {
    bool changed = strip_blanks(&text, &cleaned.fixes);
    changed |= strip_quotes(&text, &cleaned.fixes);
    changed |= strip_prefixes(&text, var_name, &cleaned.fixes);
    if (!changed) break;
  }
  cleaned.key.assign(text);
  return cleaned;
}

std::optional<Failure> check_key_text(std::string_view key) {
  if (key.empty()) return misconfigured("is empty");
  for (std::size_t i = 0; i < key.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(key[i]);
    std::string at = "(at position " + std::to_string(i + 1) + ")";
    if (is_control(c)) return misconfigured("contains a control character " + at);
    if (c == ' ') return misconfigured("contains a space inside the key " + at + "; was it pasted in pieces?");
    if (c >= 0x80)
      return misconfigured("contains a non-ASCII character " + at +
                           "; keys are plain ASCII, so it was probably pasted through a word processor or chat");
  }
  std::string what;
  // A placeholder is not a secret, but it is the variable's value: name only short ones,
  // well under the 12 characters of a value that may never be shown.
  if (is_placeholder(key, &what))
    return misconfigured("is a placeholder (" + (what.size() <= 11 ? what : std::string("an example value")) +
                         "), not a real key");
  if (key.find("://") != std::string_view::npos || istarts_with(key, "www."))
    return misconfigured("holds a URL, not a key; was the base URL put in the key variable?");
  return std::nullopt;
}

namespace {

/// Whether one of PROVIDER's own families shares the prefix of FAMILY, at least as long, with
/// KEY: then the look does not tell the two apart (DeepSeek's sk- keys and OpenAI's).
bool shares_prefix(const Provider& provider, const KeyFamily& family, std::string_view key) {
  for (const KeyFamily& own : provider.families)
    if (!own.prefix.empty() && own.prefix.size() >= family.prefix.size() && key.substr(0, own.prefix.size()) == own.prefix)
      return true;
  return false;
}

/// Whether PROVIDER and OTHER both have a family of the same prefix that starts KEY: their
/// keys start alike, so no look tells them apart (OpenAI's and DeepSeek's sk-).
bool kin(const Provider& provider, const Provider& other, std::string_view key) {
  for (const KeyFamily& mine : provider.families) {
    if (mine.prefix.empty() || key.substr(0, mine.prefix.size()) != mine.prefix) continue;
    for (const KeyFamily& theirs : other.families)
      if (theirs.prefix == mine.prefix) return true;
  }
  return false;
}

/// The usual length for the longest matching prefix of PROVIDER's shapes; false when none matches.
bool check_length(const Provider& provider, std::string_view key, std::vector<std::string>* warnings) {
  std::size_t longest = 0;
  bool any = false, fits = false;
  std::size_t min_length = SIZE_MAX, max_length = 0;
  for (const KeyShape& shape : provider.shapes)
    if (!shape.prefix.empty() && key.substr(0, shape.prefix.size()) == shape.prefix && shape.prefix.size() > longest)
      longest = shape.prefix.size();
  if (!longest) return false;
  for (const KeyShape& shape : provider.shapes) {
    if (shape.prefix.size() != longest || key.substr(0, shape.prefix.size()) != shape.prefix) continue;
    any = true;
    fits |= key.size() >= shape.min_length && key.size() <= shape.max_length;
    min_length = std::min(min_length, shape.min_length);
    max_length = std::max(max_length, shape.max_length);
  }
  if (any && !fits) {
    std::string range = min_length == max_length ? std::to_string(min_length)
                                                 : std::to_string(min_length) + " to " + std::to_string(max_length);
    // Name the prefix only while it is short: 8 characters of the key are already public.
    std::string kind = longest <= 8 ? std::string(key.substr(0, longest)) + " keys"
                                    : std::string(provider.display_name) + " keys";
    if (key.size() < min_length)
      warnings->push_back("the key looks truncated: " + std::to_string(key.size()) + " characters, where " + kind + " have " + range);
    else
      warnings->push_back("the key is unusually long: " + std::to_string(key.size()) + " characters, where " + kind + " have " + range);
  }
  return true;
}

}  // namespace

std::optional<Failure> check_key_shape(const Provider& provider, std::string_view key,
                                       std::vector<std::string>* warnings) {
  // Another provider's key, when its look says so plainly: a documented, distinctive family
  // that no family of this provider matches as well, of a provider whose keys do not start
  // like this one's (DeepSeek's and OpenAI's both start sk-: never "misplaced" between them).
  KeyOwner owner = find_key_owner(key, true);
  KeyOwner look = find_key_owner(key);  // undistinctive families too: DeepSeek's sk- and 32 hex
  if (owner.provider && owner.provider != &provider && !owner.tie && !shares_prefix(provider, *owner.family, key)) {
    std::string_view var = owner.provider->key_vars.front().name;
    if (!kin(provider, *owner.provider, key)) {
      std::string message = "looks like " + std::string(owner.family->label) + ", which belongs in " + std::string(var);
      // A look that is as plainly a third provider's, from a family that is not distinctive.
      if (look.provider && look.provider != owner.provider && look.provider != &provider)
        message += " (or, if it is " + std::string(look.family->label) + ", in " +
                   std::string(look.provider->key_vars.front().name) + ")";
      return misconfigured(message + ", not here");
    }
    warnings->push_back("the key has the shape of " + std::string(owner.family->label) + "; if it is one, it belongs in " +
                        std::string(var));
    return std::nullopt;
  }
  if (owner.provider == &provider && owner.family->admin)
    return misconfigured("is " + std::string(owner.family->label) +
                         ", which manages the organization and cannot call models; use an app key from " +
                         std::string(provider.console_url));
  // The exact shape of another provider's keys that share a prefix with this one's: say so,
  // but check it here as it is (DeepSeek's sk- and 32 hex digits in OPENAI_API_KEY).
  if (look.provider && look.provider != &provider && !look.tie &&
      (look.family->exact_length || look.family->charset != Charset::any)) {
    warnings->push_back("the key has the shape of " + std::string(look.family->label) + "; if it is one, it belongs in " +
                        std::string(look.provider->key_vars.front().name));
    return std::nullopt;
  }
  if (check_length(provider, key, warnings)) return std::nullopt;
  // Keys without a telling prefix (Azure's, Mistral's, Cohere's) are known by their length.
  std::string lengths;
  bool fits = false;
  for (const KeyShape& shape : provider.shapes) {
    if (!shape.prefix.empty()) continue;
    fits |= key.size() >= shape.min_length && key.size() <= shape.max_length;
    lengths += (lengths.empty() ? "" : " or ") + std::to_string(shape.min_length);
  }
  if (!lengths.empty()) {
    if (!fits)
      warnings->push_back("the key does not look like " + std::string(provider.display_name) + " keys (" +
                          std::to_string(key.size()) + " characters, where they have " + lengths + ")");
    return std::nullopt;
  }
  // A documented prefix the key lacks. The shortest prefixes say it all: "sk-" covers "sk-proj-".
  std::string expected;
  bool has_own = false;
  for (const KeyFamily& own : provider.families) {
    if (own.admin || own.prefix.empty() || !own.distinctive) continue;
    has_own |= key.substr(0, own.prefix.size()) == own.prefix;
    bool covered = false;
    for (const KeyFamily& other : provider.families)
      covered |= !other.admin && other.distinctive && &other != &own && !other.prefix.empty() &&
                 own.prefix.size() > other.prefix.size() && own.prefix.substr(0, other.prefix.size()) == other.prefix;
    if (!covered) expected += (expected.empty() ? "" : " or ") + std::string(own.prefix);
  }
  if (!expected.empty() && !has_own)
    warnings->push_back("the key does not start with " + expected + " as " + std::string(provider.display_name) +
                        " keys do");
  return std::nullopt;
}

namespace {

/// TEXT in lower case, in a buffer that wipes itself: TEXT may be a key.
SecretBuffer lowered(std::string_view text) {
  SecretBuffer out = SecretBuffer::copy_of(text);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out.data()[i] >= 'A' && out.data()[i] <= 'Z') out.data()[i] = static_cast<char>(out.data()[i] - 'A' + 'a');
  return out;
}

/// The run keyguard's scrubbing looks for too: shorter common runs happen by chance.
constexpr std::size_t kHeldRun = 12;

}  // namespace

std::string key_held_in_host(std::string_view host, const std::vector<NamedKey>& keys) {
  SecretBuffer name = lowered(host);
  for (const NamedKey& key : keys) {
    // A shorter value is no provider's key, and would only match words: `ollama` is both the
    // key and the host of many a local server.
    if (key.value.size() < kHeldRun) continue;
    SecretBuffer value = lowered(key.value);
    if (name.view().find(value.view()) != std::string_view::npos) return "the value of " + std::string(key.var);
    std::vector<bool> held = KeyRuns(value.view(), kHeldRun).runs_in(name.view());
    if (std::find(held.begin(), held.end(), true) != held.end()) return "part of the value of " + std::string(key.var);
  }
  return "";
}

std::string_view key_shape_in_host(std::string_view text) {
  if (KeyOwner owner = find_key_owner(text); owner.family) return owner.family->label;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t dot = std::min(text.find('.', start), text.size());
    if (KeyOwner owner = find_key_owner(text.substr(start, dot - start)); owner.family) return owner.family->label;
    start = dot + 1;
  }
  return "";
}

}  // namespace keyguard
