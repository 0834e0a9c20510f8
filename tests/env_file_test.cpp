// .env files: compose's syntax, table by table, with compose's own documented examples.
#include "env_file.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace keyguard {
namespace {

using Vars = std::vector<std::pair<std::string, std::string>>;

/// Parses TEXT against the environment ENTRIES; the variables, or a failure of the test.
Vars parse(std::string_view text, std::vector<std::string_view> entries = {}) {
  Environment env(std::move(entries));
  std::vector<EnvFileVar> vars;
  EnvFileError err;
  bool parsed = parse_env_file(text, env, &vars, &err);
  EXPECT_TRUE(parsed) << "line " << err.line << ": " << err.reason;
  Vars out;
  for (const EnvFileVar& var : vars) out.emplace_back(var.name, std::string(var.value.view()));
  return out;
}

struct Row {
  std::string_view text;
  Vars expected;
};

void expect_rows(const std::vector<Row>& rows, std::vector<std::string_view> entries = {}) {
  for (const Row& row : rows) EXPECT_EQ(parse(row.text, entries), row.expected) << row.text;
}

// https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax
// (formerly https://docs.docker.com/compose/env-file/): every example of its syntax list, verbatim.
TEST(EnvFile, ReadsEveryExampleOfComposesSyntaxPageAsComposeDocumentsIt) {
  expect_rows({
      {"VAR=VAL", {{"VAR", "VAL"}}},
      {"VAR=\"VAL\"", {{"VAR", "VAL"}}},
      {"VAR='VAL'", {{"VAR", "VAL"}}},
      {"VAR=VAL # comment", {{"VAR", "VAL"}}},
      {"VAR=VAL# not a comment", {{"VAR", "VAL# not a comment"}}},
      {"VAR=\"VAL # not a comment\"", {{"VAR", "VAL # not a comment"}}},
      {"VAR=\"VAL\" # comment", {{"VAR", "VAL"}}},
      {"VAR='$OTHER'", {{"VAR", "$OTHER"}}},
      {"VAR='${OTHER}'", {{"VAR", "${OTHER}"}}},
      {"VAR='Let\\'s go!'", {{"VAR", "Let's go!"}}},
      {"VAR=\"{\\\"hello\\\": \\\"json\\\"}\"", {{"VAR", "{\"hello\": \"json\"}"}}},
      {"VAR=\"some\\tvalue\"", {{"VAR", "some\tvalue"}}},
      {"VAR='some\\tvalue'", {{"VAR", "some\\tvalue"}}},
      {"VAR=some\\tvalue", {{"VAR", "some\\tvalue"}}},
  });
}

// The same page's interpolation list, with VAR set, set but empty, and unset.
TEST(EnvFile, InterpolatesEveryFormOfComposesInterpolationList) {
  const std::vector<Row> set = {
      {"X=${VAR}", {{"X", "value"}}},
      {"X=${VAR:-default}", {{"X", "value"}}},
      {"X=${VAR-default}", {{"X", "value"}}},
      {"X=${VAR:?error}", {{"X", "value"}}},
      {"X=${VAR?error}", {{"X", "value"}}},
      {"X=${VAR:+replacement}", {{"X", "replacement"}}},
      {"X=${VAR+replacement}", {{"X", "replacement"}}},
      {"X=$VAR", {{"X", "value"}}},
  };
  expect_rows(set, {"VAR=value"});
  const std::vector<Row> empty = {
      {"X=${VAR}", {{"X", ""}}},
      {"X=${VAR:-default}", {{"X", "default"}}},
      {"X=${VAR-default}", {{"X", ""}}},
      {"X=${VAR?error}", {{"X", ""}}},
      {"X=${VAR:+replacement}", {{"X", ""}}},
      {"X=${VAR+replacement}", {{"X", "replacement"}}},
  };
  expect_rows(empty, {"VAR="});
  const std::vector<Row> unset = {
      {"X=${VAR}", {{"X", ""}}},  // compose warns and substitutes an empty string
      {"X=$VAR", {{"X", ""}}},
      {"X=${VAR:-default}", {{"X", "default"}}},
      {"X=${VAR-default}", {{"X", "default"}}},
      {"X=${VAR:+replacement}", {{"X", ""}}},
      {"X=${VAR+replacement}", {{"X", ""}}},
  };
  expect_rows(unset);
}

TEST(EnvFile, InterpolatesNestedFormsAsComposeDocumentsThem) {
  expect_rows({
                  {"X=${VARIABLE:-${FOO}}", {{"X", "foo"}}},
                  {"X=${VARIABLE:-${FOO:-default}}", {{"X", "foo"}}},
                  {"X=${VARIABLE:-a${FOO}b}c", {{"X", "afoobc"}}},
                  {"X=${VARIABLE:-${UNSET:-default}}", {{"X", "default"}}},
              },
              {"FOO=foo"});
  expect_rows({
                  {"X=${VARIABLE:-${FOO}}", {{"X", "set"}}},
                  {"X=${VARIABLE?$FOO}", {{"X", "set"}}},
              },
              {"FOO=foo", "VARIABLE=set"});
}

// The page's basic example: `COMPOSE_DEBUG=${DEV_MODE:-false}`, with DEV_MODE=true and without.
TEST(EnvFile, ReadsComposesBasicDefaultExample) {
  const char* text = "## define COMPOSE_DEBUG based on DEV_MODE, defaults to false\nCOMPOSE_DEBUG=${DEV_MODE:-false}\n";
  EXPECT_EQ(parse(text, {"DEV_MODE=true"}), (Vars{{"COMPOSE_DEBUG", "true"}}));
  EXPECT_EQ(parse(text), (Vars{{"COMPOSE_DEBUG", "false"}}));
}

TEST(EnvFile, KeepsADollarThatStartsNoReferenceAndReadsDoubleDollarAsOne) {
  expect_rows({
      {"X=$$VAR", {{"X", "$VAR"}}},
      {"X=\"\\$VAR\"", {{"X", "$VAR"}}},  // \$ in double quotes: a literal dollar, as compose
      {"X=cost: 5$", {{"X", "cost: 5$"}}},
      {"X=$1 and $ and $-", {{"X", "$1 and $ and $-"}}},
      {"X=p4$$w0rd", {{"X", "p4$w0rd"}}},
  });
}

TEST(EnvFile, ReadsCommentsBlankLinesExportAndSpacesAsCompose) {
  expect_rows({
      {"# a comment\n\n   \nA=1\n  # indented comment\nB=2\n", {{"A", "1"}, {"B", "2"}}},
      {"export A=1\nexport\tB=2", {{"A", "1"}, {"B", "2"}}},
      {"A = spaced  \n", {{"A", "spaced"}}},                   // around '=' and at the end: trimmed
      {"A=   leading", {{"A", "leading"}}},
      {"A=  \"  kept  \"  ", {{"A", "  kept  "}}},             // quoted: spaces inside stay
      {"A=x\t# tab then hash", {{"A", "x\t# tab then hash"}}},  // only " #" starts a comment
      {"A=", {{"A", ""}}},
      {"A=\"\"\nB=''", {{"A", ""}, {"B", ""}}},
      {"A: yaml-like", {{"A", "yaml-like"}}},
      {"A=1\r\nB=\"2\"\r\n", {{"A", "1"}, {"B", "2"}}},        // CRLF
      {"\xEF\xBB\xBF" "A=1", {{"A", "1"}}},                     // a byte order mark
      {"A.B-C[0]=1", {{"A.B-C[0]", "1"}}},
      {"exported=1", {{"exported", "1"}}},
      {"A=a=b=c", {{"A", "a=b=c"}}},
  });
}

TEST(EnvFile, ReadsMultiLineQuotedValuesAndEscapesInDoubleQuotesOnly) {
  expect_rows({
      {"KEY=\"-----BEGIN KEY-----\nabc\n-----END KEY-----\"\nNEXT=1",
       {{"KEY", "-----BEGIN KEY-----\nabc\n-----END KEY-----"}, {"NEXT", "1"}}},
      {"A='first line\nsecond line'", {{"A", "first line\nsecond line"}}},
      {"A=\"a\\nb\\rc\\\\d\\\"e\"", {{"A", "a\nb\rc\\d\"e"}}},
      {"A=\"\\0101\\x41\\q\"", {{"A", "A\\x41\\q"}}},  // octal as \0NNN; unknown escapes stay
      {"A='a\\\\b\\nc'", {{"A", "a\\\\b\\nc"}}},       // single quotes: only \' is read
      {"A=\"x\" # note\nB=2", {{"A", "x"}, {"B", "2"}}},
  });
}

// compose-go's own fixture dotenv/fixtures/quoted.env, with the values its tests expect.
TEST(EnvFile, ReadsComposeGosQuotedFixture) {
  const char* text =
      "OPTION_A='1'\nOPTION_B='2'\nOPTION_C=''\nOPTION_D='\\n'\nOPTION_E=\"1\"\nOPTION_F=\"2\"\nOPTION_G=\"\"\n"
      "OPTION_H=\"\\n\"\nOPTION_I = \"echo 'asd'\" # Inline comment\nOPTION_J = 'first line\nsecond line\nthird line\n"
      "and so on'\nOPTION_K='Let\\'s go!'\nOPTION_Z = \"last value\"\n";
  EXPECT_EQ(parse(text), (Vars{{"OPTION_A", "1"},
                               {"OPTION_B", "2"},
                               {"OPTION_C", ""},
                               {"OPTION_D", "\\n"},
                               {"OPTION_E", "1"},
                               {"OPTION_F", "2"},
                               {"OPTION_G", ""},
                               {"OPTION_H", "\n"},
                               {"OPTION_I", "echo 'asd'"},
                               {"OPTION_J", "first line\nsecond line\nthird line\nand so on"},
                               {"OPTION_K", "Let's go!"},
                               {"OPTION_Z", "last value"}}));
}

TEST(EnvFile, ResolvesFromTheEnvironmentFirstThenEarlierLines) {
  // As compose: the environment wins in interpolation too; then what the files set so far.
  EXPECT_EQ(parse("A=file\nB=$A", {"A=env"}), (Vars{{"A", "file"}, {"B", "env"}}));
  EXPECT_EQ(parse("A=file\nB=${A}-x\nC='$A'", {}), (Vars{{"A", "file"}, {"B", "file-x"}, {"C", "$A"}}));
  EXPECT_EQ(parse("B=$A\nA=later"), (Vars{{"B", ""}, {"A", "later"}}));  // not yet set
}

TEST(EnvFile, KeepsOneEntryPerNameWithTheLastValue) {
  EXPECT_EQ(parse("A=1\nB=2\nA=3"), (Vars{{"A", "3"}, {"B", "2"}}));
}

TEST(EnvFile, LetsALaterFileReplaceAnEarlierOnesValue) {
  Environment env;
  std::vector<EnvFileVar> vars;
  EnvFileError err;
  ASSERT_TRUE(parse_env_file("A=first\nB=only-first", env, &vars, &err));
  ASSERT_TRUE(parse_env_file("A=second\nC=${B}", env, &vars, &err));
  ASSERT_EQ(vars.size(), 3u);
  EXPECT_EQ(vars[0].value.view(), "second");
  EXPECT_EQ(vars[2].value.view(), "only-first");
}

TEST(EnvFile, TakesANameAloneFromTheEnvironmentWhereItAlreadyIs) {
  EXPECT_EQ(parse("OPENAI_API_KEY\nA=1", {"OPENAI_API_KEY=x"}), (Vars{{"A", "1"}}));
  EXPECT_EQ(parse("UNSET_NAME\nexport ALSO  \nA=1"), (Vars{{"A", "1"}}));
}

TEST(EnvFile, RefusesALineThatDoesNotParseNamingItsLineAndNeverItsContent) {
  struct Bad {
    std::string_view text;
    std::size_t line;
  };
  const Bad rows[] = {
      {"A=1\nB=\"sk-secret-value", 2},                    // never closed, named by its first line
      {"A=1\n\nB='sk-secret-value\nmore\n", 3},
      {"sk-secret/value", 1},                            // a value alone is no name
      {"A B=sk-secret-value", 1},                        // a space in the name
      {"=sk-secret-value", 1},                           // no name
      {"A=1\nKEY$=sk-secret-value", 2},
      {"A=\"sk-secret\" value", 1},                      // text after the closing quote
      {"A=${-sk-secret-value}", 1},                      // no name after ${
      {"A=${B/sk-secret/value}", 1},                     // a form compose does not support
      {"A=${B:sk-secret-value}", 1},
      {"A=${B", 1},                                      // unclosed
      {"# c\nA=${UNSET:?sk-secret-value}", 2},           // required, unset
      {"A=${EMPTY:?sk-secret-value}", 1},                // required, empty
      {"A=${UNSET?sk-secret-value}", 1},
      {"A=\"\\0000sk-secret-value\"", 1},                // a NUL byte cannot be in the environment
  };
  Environment env({"EMPTY="});
  for (const Bad& row : rows) {
    std::vector<EnvFileVar> vars;
    EnvFileError err;
    EXPECT_FALSE(parse_env_file(row.text, env, &vars, &err))
        << row.text;
    EXPECT_EQ(err.line, row.line) << row.text;
    EXPECT_FALSE(err.reason.empty()) << row.text;
    EXPECT_EQ(err.reason.find("secret"), std::string::npos) << err.reason;
  }
}

TEST(EnvFile, BoundsNestingSoThatNoInputExhaustsTheStack) {
  std::string text = "A=";
  for (int i = 0; i < 100000; ++i) text += "${U:-";
  text += "x";
  for (int i = 0; i < 100000; ++i) text += "}";
  std::vector<EnvFileVar> vars;
  EnvFileError err;
  EXPECT_FALSE(parse_env_file(text, Environment(), &vars, &err));
  EXPECT_EQ(err.line, 1u);
}

TEST(EnvFile, RefusesMoreVariablesThanAnyEnvFileSets) {
  std::string text;
  for (std::size_t i = 0; i <= kMostEnvFileVars; ++i) text += "V" + std::to_string(i) + "=1\n";
  std::vector<EnvFileVar> vars;
  EnvFileError err;
  EXPECT_FALSE(parse_env_file(text, Environment(), &vars, &err));
  EXPECT_EQ(err.line, kMostEnvFileVars + 1);
}

TEST(EnvFile, GivesTheEnvironmentPrecedenceOverTheFiles) {
  Environment env({"OPENAI_API_KEY=from-env", "EMPTY="});
  std::vector<EnvFileVar> vars;
  vars.push_back({"OPENAI_API_KEY", Secret("from-file")});
  vars.push_back({"EMPTY", Secret("from-file")});  // set but empty is set, as in compose
  vars.push_back({"GROQ_API_KEY", Secret("gsk-from-file")});
  std::vector<SecretBuffer> entries = env_file_entries(vars, env);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].view(), "GROQ_API_KEY=gsk-from-file");
  Environment combined = env.with_env_file(entries);
  EXPECT_EQ(combined.get("OPENAI_API_KEY"), "from-env");
  EXPECT_EQ(combined.get("GROQ_API_KEY"), "gsk-from-file");
  EXPECT_TRUE(combined.from_env_file("GROQ_API_KEY"));
  EXPECT_FALSE(combined.from_env_file("OPENAI_API_KEY"));
  EXPECT_FALSE(env.from_env_file("GROQ_API_KEY"));
}

}  // namespace
}  // namespace keyguard
