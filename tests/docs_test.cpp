// The documentation says what the code does: the provider table of docs/providers.md and the
// code's table agree (names, key variables, base URL variables and defaults, each probe's
// method, path and query); the README names every provider with its key variables and every
// exit status of --help; the links between the pages point at pages and headings that exist.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "manual.h"
#include "options.h"
#include "providers.h"
#include "text.h"

namespace keyguard {
namespace {

const std::filesystem::path kSource = KEYGUARD_SOURCE_DIR;

std::string read_page(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

/// The lines of PAGE under the heading HEADING (a whole line, "## Exit status"), up to the next
/// heading of the same or a higher level; outside code blocks.
std::vector<std::string> section_lines(const std::filesystem::path& page, const std::string& heading) {
  std::ifstream file(page);
  std::string line;
  std::vector<std::string> lines;
  std::size_t level = heading.find(' ');
  bool inside = false, code = false;
  while (std::getline(file, line)) {
    if (line.rfind("```", 0) == 0) code = !code;
    if (!code && line.rfind("#", 0) == 0) {
      std::size_t hashes = line.find_first_not_of('#');
      if (line == heading) {
        inside = true;
        continue;
      }
      if (hashes != std::string::npos && hashes <= level) inside = false;
    }
    if (inside) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line.substr(1));
  std::string cell;
  while (std::getline(in, cell, '|')) cells.push_back(cell);
  return cells;
}

std::vector<std::string> variables_in(const std::string& cell) {
  std::vector<std::string> out;
  static const std::regex kVariable("`([A-Z][A-Z0-9_]+)`");
  for (std::sregex_iterator it(cell.begin(), cell.end(), kVariable), end; it != end; ++it) out.push_back((*it)[1]);
  return out;
}

std::string name_in(const std::string& cell) {
  std::smatch match;
  return std::regex_search(cell, match, std::regex("`([a-z]+)`")) ? std::string(match[1]) : "";
}

struct ProvidersPageRow {
  std::string name;
  std::vector<std::string> key_vars;
  std::vector<std::string> base_vars;
  std::vector<std::string> templates;
  std::string default_base;
  std::string probe;  ///< "GET {base}/v1/models?limit=1"
};

std::vector<ProvidersPageRow> providers_page_rows() {
  std::vector<ProvidersPageRow> rows;
  for (const std::string& line : section_lines(kSource / "docs/providers.md", "# Providers and variables")) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells = cells_of(line);
    if (cells.size() < 4) continue;
    ProvidersPageRow row;
    std::smatch match;
    row.name = name_in(cells[0]);
    row.key_vars = variables_in(cells[1]);
    // The base URL cell: variables, then "→ `template`" for those that fill one, then the
    // default in parentheses or "(required)". The probe variables (OPENAI_API_VERSION) are
    // in the probe cell, not here.
    std::string base = cells[2];
    std::string before_template = base.substr(0, base.find("→"));
    row.base_vars = variables_in(before_template);
    static const std::regex kTemplate("→ `([^`]+)`");
    for (std::sregex_iterator it(base.begin(), base.end(), kTemplate), end; it != end; ++it) row.templates.push_back((*it)[1]);
    if (std::regex_search(base, match, std::regex("\\(`(https://[^`]+)`\\)"))) row.default_base = match[1];
    if (std::regex_search(cells[3], match, std::regex("`((GET|POST) \\{base\\}[^`]*)`"))) row.probe = match[1];
    rows.push_back(row);
  }
  return rows;
}

std::string probe_of(const Provider& provider) {
  std::string text = std::string(provider.probe.method) + " {base}" + std::string(provider.probe.path);
  for (const ProbeQuery& query : provider.probe.query)
    text += (&query == &provider.probe.query.front() ? "?" : "&") + std::string(query.name) + "=" +
            (query.env_vars.empty() ? std::string(query.default_value) : "$" + std::string(query.env_vars.front()));
  return text;
}

TEST(Docs, ProvidersPageListsEveryProviderOfTheTableInItsOrder) {
  std::vector<std::string> page_names, code_names;
  for (const ProvidersPageRow& row : providers_page_rows()) page_names.push_back(row.name);
  for (const Provider& provider : providers()) code_names.emplace_back(provider.name);
  EXPECT_EQ(page_names, code_names);
}

TEST(Docs, ProvidersPageNamesEachProvidersVariablesDefaultAndProbeAsTheCodeDoes) {
  for (const ProvidersPageRow& row : providers_page_rows()) {
    const Provider* provider = find_provider(row.name);
    ASSERT_NE(provider, nullptr) << row.name;
    std::vector<std::string> key_vars, base_vars, templates;
    for (const KeyVar& var : provider->key_vars) key_vars.emplace_back(var.name);
    for (const BaseSource& source : provider->base_sources) {
      base_vars.emplace_back(source.var);
      if (!source.url_template.empty() && (templates.empty() || templates.back() != source.url_template))
        templates.emplace_back(source.url_template);
    }
    EXPECT_EQ(row.key_vars, key_vars) << row.name;
    EXPECT_EQ(row.base_vars, base_vars) << row.name;
    EXPECT_EQ(row.templates, templates) << row.name;
    EXPECT_EQ(row.default_base, std::string(provider->default_base_url)) << row.name;
    EXPECT_EQ(row.probe, probe_of(*provider)) << row.name;
  }
}

TEST(Docs, ProvidersPageNamesTheSdksThatReadEachVariableOnlySomeRead) {
  std::set<std::string> page, code;
  for (const std::string& line : section_lines(kSource / "docs/providers.md", "## When SDKs read differently")) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells = cells_of(line);
    ASSERT_GE(cells.size(), 3u) << line;
    std::vector<std::string> vars = variables_in(cells[0]);
    ASSERT_EQ(vars.size(), 1u) << line;
    page.insert(vars[0] + " " + name_in(cells[1]) + " " + std::string(trim_blanks(cells[2])));
  }
  for (const Provider& provider : providers()) {
    for (const KeyVar& var : provider.key_vars)
      if (!var.read_by.empty())
        code.insert(std::string(var.name) + " " + std::string(provider.name) + " " + std::string(var.read_by));
    for (const BaseSource& source : provider.base_sources)
      if (!source.read_by.empty())
        code.insert(std::string(source.var) + " " + std::string(provider.name) + " " + std::string(source.read_by));
  }
  EXPECT_EQ(page, code);
}

TEST(Docs, ReadmeNamesEveryProviderWithItsKeyVariablesInTheTablesOrder) {
  std::vector<std::string> page, code;
  for (const std::string& line : section_lines(kSource / "README.md", "## Providers")) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells = cells_of(line);
    ASSERT_GE(cells.size(), 3u) << line;
    std::string row = name_in(cells[0]) + " |" + cells[1] + "|";
    for (const std::string& var : variables_in(cells[2])) row += " " + var;
    page.push_back(row);
  }
  for (const Provider& provider : providers()) {
    std::string row = std::string(provider.name) + " | " + std::string(provider.display_name) + " |";
    for (const KeyVar& var : provider.key_vars) row += " " + std::string(var.name);
    code.push_back(row);
  }
  EXPECT_EQ(page, code);
}

/// The exit codes named at the start of a line of --help's "Exit status:", and after a
/// semicolon in one ("126  COMMAND is not executable; 127 COMMAND was not found").
std::set<int> help_exit_codes() {
  std::string help = usage_text();
  std::size_t section = help.find("\nExit status:\n");
  EXPECT_NE(section, std::string::npos);
  std::string text = help.substr(section);
  std::set<int> codes;
  static const std::regex kCode("(?:\n  |; )([0-9]+) ");
  for (std::sregex_iterator it(text.begin(), text.end(), kCode), end; it != end; ++it) codes.insert(std::stoi((*it)[1]));
  return codes;
}

TEST(Docs, ReadmeListsEveryExitStatusOfTheHelp) {
  std::set<int> page;
  for (const std::string& line : section_lines(kSource / "README.md", "## Exit status")) {
    if (line.rfind("| ", 0) != 0 || line.rfind("| code", 0) == 0) continue;
    std::string first = cells_of(line).at(0);
    static const std::regex kNumber("[0-9]+");
    for (std::sregex_iterator it(first.begin(), first.end(), kNumber), end; it != end; ++it)
      page.insert(std::stoi(it->str()));
  }
  std::set<int> help = help_exit_codes();
  EXPECT_GE(help.size(), 11u);
  EXPECT_EQ(page, help);
}

/// The anchor GitHub gives a heading: lower case, spaces to hyphens, other punctuation dropped.
std::string anchor_of(const std::string& heading) {
  std::string out;
  for (char c : heading.substr(heading.find_first_not_of("# "))) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || u >= 0x80) out += static_cast<char>(std::tolower(u));
    else if (c == ' ') out += '-';
  }
  return out;
}

std::set<std::string> anchors_of(const std::filesystem::path& page) {
  std::set<std::string> anchors;
  std::ifstream file(page);
  std::string line;
  bool code = false;
  while (std::getline(file, line)) {
    if (line.rfind("```", 0) == 0) code = !code;
    if (!code && line.rfind("#", 0) == 0) anchors.insert(anchor_of(line));
  }
  return anchors;
}

std::vector<std::filesystem::path> pages() {
  std::vector<std::filesystem::path> out = {kSource / "README.md", kSource / "bench/README.md"};
  for (const auto& entry : std::filesystem::directory_iterator(kSource / "docs"))
    if (entry.path().extension() == ".md") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Docs, LinksBetweenPagesPointAtPagesAndHeadingsThatExist) {
  static const std::regex kLink("\\]\\(([^)\\s]+)\\)");
  std::size_t checked = 0;
  for (const std::filesystem::path& page : pages()) {
    std::string text = read_page(page);
    for (std::sregex_iterator it(text.begin(), text.end(), kLink), end; it != end; ++it) {
      std::string target = (*it)[1];
      if (target.find("://") != std::string::npos) continue;
      std::string file = target.substr(0, target.find('#'));
      std::string anchor = target.find('#') == std::string::npos ? "" : target.substr(target.find('#') + 1);
      std::filesystem::path resolved = file.empty() ? page : page.parent_path() / file;
      ++checked;
      ASSERT_TRUE(std::filesystem::exists(resolved)) << page << " links to " << target;
      if (!anchor.empty()) {
        EXPECT_TRUE(anchors_of(resolved).count(anchor)) << page << " links to " << target << ": no such heading";
      }
    }
  }
  EXPECT_GT(checked, 20u);
}

TEST(Docs, IndexLinksEveryPageOfDocs) {
  std::string index = read_page(kSource / "docs/README.md");
  for (const std::filesystem::path& page : pages()) {
    if (page.parent_path() != kSource / "docs" || page.filename() == "README.md") continue;
    EXPECT_NE(index.find("](" + page.filename().string() + ")"), std::string::npos) << page.filename();
  }
}

}  // namespace
}  // namespace keyguard
