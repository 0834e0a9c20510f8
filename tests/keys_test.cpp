// Tables for loading, cleaning and checking keys (docs/keys.md).
#include "key_sources.h"
#include "keys.h"

#include <gtest/gtest.h>

#include "harness.h"
#include "text.h"

namespace keyguard {
namespace {

const std::string kProj = "sk-proj-" + std::string(156, 'A');  // 164 characters, as real ones
const std::string kAnt = "sk-ant-api03-" + std::string(95, 'b');  // 108
const std::string kGoogle = "AIza" + std::string(35, 'C');        // 39
const std::string kAzure = "0123456789abcdef0123456789abcdef";   // 32 hex

struct CleanCase {
  std::string raw;
  bool from_file;
  std::string clean;
  std::vector<std::string> fixes;
};

TEST(Keys, CleansEveryPastingMistake) {
  const std::string k = "sk-test123";
  const CleanCase cases[] = {
      {k, false, k, {}},
      {k + "\n", false, k, {"removed a trailing newline"}},
      {k + "\r\n", false, k, {"removed a trailing CRLF"}},
      {k + "\r", false, k, {"removed a trailing carriage return"}},
      {"  " + k + "\t", false, k, {"removed a trailing tab", "removed a leading space"}},
      {k + "\xC2\xA0", false, k, {"removed a trailing no-break space"}},
      {"\xE2\x80\x8B" + k, false, k, {"removed a leading zero-width space"}},
      {"\xEF\xBB\xBF" + k, false, k, {"removed a leading byte-order mark"}},
      {"\"" + k + "\"", false, k, {"removed surrounding double quotes"}},
      {"'" + k + "'", false, k, {"removed surrounding single quotes"}},
      {"`" + k + "`", false, k, {"removed surrounding backquotes"}},
      {"\xE2\x80\x9C" + k + "\xE2\x80\x9D", false, k, {"removed surrounding curly double quotes"}},
      {"\xE2\x80\x98" + k + "\xE2\x80\x99", false, k, {"removed surrounding curly single quotes"}},
      {"\"" + k + "'", false, "\"" + k + "'", {}},  // quotes that do not match stay
      {"Bearer " + k, false, k, {"removed a leading 'Bearer '"}},
      {"bearer " + k, false, k, {"removed a leading 'Bearer '"}},
      {"BEARER " + k, false, k, {"removed a leading 'Bearer '"}},
      {"OPENAI_API_KEY=" + k, false, k, {"removed a leading 'OPENAI_API_KEY=' (a whole .env line was pasted as the value)"}},
      {"export OPENAI_API_KEY=" + k, false, k,
       {"removed a leading 'export OPENAI_API_KEY=' (a whole .env line was pasted as the value)"}},
      {"OPENAI_API_KEY=\"" + k + "\"\n", false, k,
       {"removed a trailing newline", "removed a leading 'OPENAI_API_KEY=' (a whole .env line was pasted as the value)",
        "removed surrounding double quotes"}},
      {"\"Bearer " + k + "\"", false, k, {"removed surrounding double quotes", "removed a leading 'Bearer '"}},
      {"\" " + k + " \"", false, k, {"removed surrounding double quotes", "removed a trailing space", "removed a leading space"}},
      // Files end with a newline: no fix for that one, a fix for anything more.
      {k + "\n", true, k, {}},
      {k + "\r\n", true, k, {}},
      {k + "\n\n", true, k, {"removed a trailing newline"}},
      {k, true, k, {}},
      {"", false, "", {}},
      {"\n", false, "", {"removed a trailing newline"}},
  };
  for (const CleanCase& c : cases) {
    CleanedKey cleaned = clean_key(c.raw, "OPENAI_API_KEY", c.from_file);
    EXPECT_EQ(cleaned.key.view(), c.clean) << "raw: " << c.raw;
    EXPECT_EQ(cleaned.fixes, c.fixes) << "raw: " << c.raw;
  }
}

TEST(Keys, LeavesAnotherVariablesPrefixAlone) {
  CleanedKey cleaned = clean_key("ANTHROPIC_API_KEY=abc", "OPENAI_API_KEY", false);
  EXPECT_EQ(cleaned.key.view(), "ANTHROPIC_API_KEY=abc");
  EXPECT_TRUE(cleaned.fixes.empty());
}

struct TextCase {
  std::string key;
  bool ok;
  std::string message_part;
};

TEST(Keys, RefusesKeysThatCannotBeRealAnywhere) {
  const TextCase cases[] = {
      {kProj, true, ""},
      {"local-server-key", true, ""},
      {"EMPTY", true, ""},  // vLLM's documented stand-in for local servers
      {"", false, "is empty"},
      {"sk-abc\x01" "def", false, "control character"},
      {"sk-abc\x7f" "def", false, "control character"},
      {"sk-abc def", false, "space inside"},
      {"sk-abc\tdef", false, "control character"},
      {"sk-abc\xC3\xA9" "def", false, "non-ASCII"},
      {"None", false, "placeholder"},
      {"none", false, "placeholder"},
      {"null", false, "placeholder"},
      {"NULL", false, "placeholder"},
      {"undefined", false, "placeholder"},
      {"nil", false, "placeholder"},
      {"$OPENAI_API_KEY", false, "placeholder"},
      {"${OPENAI_API_KEY}", false, "placeholder"},
      {"%OPENAI_API_KEY%", false, "placeholder"},
      {"{{ openai_key }}", false, "space inside"},
      {"{{openai_key}}", false, "placeholder"},
      {"<your-api-key>", false, "placeholder"},
      {"<KEY>", false, "placeholder"},
      {"sk-...", false, "placeholder"},
      {"sk-xxxx", false, "placeholder"},
      {"sk-XXXXXXXXXXXXXXXX", false, "placeholder"},
      {"sk-proj-xxxxxxxxxxxxxxxxxxxx", false, "placeholder"},
      {"sk-ant-...abc", false, "placeholder"},
      {"sk-****", false, "placeholder"},
      {"your-api-key", false, "placeholder"},
      {"YOUR_OPENAI_API_KEY_HERE", false, "placeholder"},
      {"yourkey", false, "placeholder"},
      {"changeme", false, "placeholder"},
      {"CHANGEME", false, "placeholder"},
      {"TODO", false, "placeholder"},
      {"REPLACE_ME", false, "placeholder"},
      {"replace-me", false, "placeholder"},
      {"placeholder", false, "placeholder"},
      {"xxxxxxxx", false, "placeholder"},
      {"https://api.openai.com/v1", false, "URL"},
      {"http://localhost:8080", false, "URL"},
  };
  for (const TextCase& c : cases) {
    std::optional<Failure> problem = check_key_text(c.key);
    EXPECT_EQ(!problem, c.ok) << c.key;
    if (!c.ok && problem) {
      EXPECT_EQ(problem->outcome, Outcome::misconfigured) << c.key;
      EXPECT_NE(problem->message.find(c.message_part), std::string::npos) << c.key << " -> " << problem->message;
    }
  }
}

TEST(Keys, NamesThePositionButNeverTheCharacter) {
  std::optional<Failure> problem = check_key_text("sk-abc\xC3\xA9" "def");
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->message.find("position 7"), std::string::npos) << problem->message;
  EXPECT_EQ(problem->message.find("sk-abc"), std::string::npos);
}

struct ShapeCase {
  std::string provider;
  std::string key;
  bool ok;
  std::string message_part;  // of the error, or of the single warning
};

const std::string kGroq = "gsk_" + std::string(52, 'G');
const std::string kXai = "xai-" + std::string(80, 'X');
const std::string kOpenRouter = "sk-or-v1-" + std::string(64, 'a');
const std::string kDeepSeek = "sk-" + std::string(32, 'd');
const std::string kTogether = "tgp_v1_" + std::string(43, 'T');
const std::string kPerplexity = "pplx-" + std::string(48, 'P');
const std::string kHf = "hf_" + std::string(34, 'H');
const std::string kBedrockLong = "ABSK" + std::string(128, 'B');

TEST(Keys, SpotsAKeyInTheWrongVariableAndNamesTheRightOne) {
  const ShapeCase cases[] = {
      {"openai", kAnt, false, "belongs in ANTHROPIC_API_KEY"},
      {"openai", kGoogle, false, "belongs in GOOGLE_API_KEY"},
      {"openai", "AQ.Ab8RN6abcdefghijklmnopqrstuvwxyz", false, "belongs in GOOGLE_API_KEY"},
      {"openai", kAzure, false, "belongs in AZURE_OPENAI_API_KEY"},
      {"anthropic", kProj, false, "belongs in OPENAI_API_KEY"},
      {"anthropic", "sk-" + std::string(48, 'a'), false, "belongs in OPENAI_API_KEY"},
      {"anthropic", kGoogle, false, "belongs in GOOGLE_API_KEY"},
      {"anthropic", kAzure, false, "belongs in AZURE_OPENAI_API_KEY"},
      {"gemini", kProj, false, "belongs in OPENAI_API_KEY"},
      {"gemini", kAnt, false, "belongs in ANTHROPIC_API_KEY"},
      {"gemini", kAzure, false, "belongs in AZURE_OPENAI_API_KEY"},
      {"azure", kProj, false, "belongs in OPENAI_API_KEY"},
      {"azure", kAnt, false, "belongs in ANTHROPIC_API_KEY"},
      {"azure", kGoogle, false, "belongs in GOOGLE_API_KEY"},
      {"openai", kGroq, false, "belongs in GROQ_API_KEY"},
      {"openai", kOpenRouter, false, "belongs in OPENROUTER_API_KEY"},
      {"openai", kBedrockLong, false, "belongs in AWS_BEARER_TOKEN_BEDROCK"},
      {"groq", kProj, false, "belongs in OPENAI_API_KEY"},
      {"groq", kXai, false, "belongs in XAI_API_KEY"},
      {"anthropic", kDeepSeek, false,
       "looks like an OpenAI key, which belongs in OPENAI_API_KEY (or, if it is a DeepSeek key, in DEEPSEEK_API_KEY), not here"},
      {"mistral", kTogether, false, "belongs in TOGETHER_API_KEY"},
      {"cohere", kPerplexity, false, "belongs in PERPLEXITY_API_KEY"},
      {"together", kHf, false, "belongs in HF_TOKEN"},
      {"anthropic", "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + std::string(200, 'Q'), false,
       "belongs in AWS_BEARER_TOKEN_BEDROCK"},
      {"bedrock", kGoogle, false, "belongs in GOOGLE_API_KEY"},
  };
  for (const ShapeCase& c : cases) {
    std::vector<std::string> warnings;
    std::optional<Failure> problem = check_key_shape(*find_provider(c.provider), c.key, &warnings);
    ASSERT_TRUE(problem) << c.provider << " " << c.key;
    EXPECT_EQ(problem->outcome, Outcome::misconfigured);
    EXPECT_NE(problem->message.find(c.message_part), std::string::npos) << problem->message;
  }
}

TEST(Keys, RefusesAnAdminKeyWhereAnAppKeyBelongs) {
  const ShapeCase cases[] = {
      {"openai", "sk-admin-" + std::string(150, 'a'), false, "admin key"},
      {"anthropic", "sk-ant-admin01-" + std::string(90, 'a'), false, "admin key"},
  };
  for (const ShapeCase& c : cases) {
    std::vector<std::string> warnings;
    std::optional<Failure> problem = check_key_shape(*find_provider(c.provider), c.key, &warnings);
    ASSERT_TRUE(problem) << c.provider << " " << c.key;
    EXPECT_NE(problem->message.find(c.message_part), std::string::npos) << problem->message;
  }
}

TEST(Keys, DoubtsAnUnusualShapeWithoutFailingIt) {
  const ShapeCase cases[] = {
      {"openai", kProj, true, ""},
      {"openai", "sk-" + std::string(48, 'a'), true, ""},
      {"openai", "sk-svcacct-" + std::string(153, 'a'), true, ""},
      {"openai", "sk-proj-" + std::string(40, 'a'), true, "looks truncated: 48 characters"},
      {"openai", "sk-proj-" + std::string(400, 'a'), true, "unusually long"},
      {"openai", "org-" + std::string(20, 'a'), true, "does not start with"},
      {"anthropic", kAnt, true, ""},
      {"anthropic", "sk-ant-api03-" + std::string(20, 'b'), true, "looks truncated"},
      {"anthropic", "abc" + std::string(50, 'x') + "y", true, "does not start with sk-ant-"},
      {"gemini", kGoogle, true, ""},
      {"gemini", "AQ.Ab8RN6abcdefghijklmnopqrstuvwxyz", true, ""},
      {"gemini", "AIza" + std::string(20, 'C'), true, "looks truncated"},
      {"azure", kAzure, true, ""},
      {"azure", std::string(84, 'Z'), true, ""},
      {"azure", std::string(40, 'Z'), true, "does not look like Azure OpenAI keys (40 characters, where they have 32 or 84)"},
      // DeepSeek's sk- keys share OpenAI's prefix: a tie in shape is never a misplaced key.
      {"openai", kDeepSeek, true, "has the shape of a DeepSeek key; if it is one, it belongs in DEEPSEEK_API_KEY"},
      {"deepseek", kDeepSeek, true, ""},
      {"deepseek", "sk-" + std::string(48, 'a'), true, "unusually long: 51 characters, where sk- keys have 35"},
      {"deepseek", kProj, true, "has the shape of an OpenAI project key; if it is one, it belongs in OPENAI_API_KEY"},
      {"groq", kGroq, true, ""},
      {"groq", "gsk_" + std::string(20, 'g'), true, "looks truncated"},
      {"mistral", std::string(32, 'm'), true, ""},
      {"mistral", std::string(20, 'm'), true, "does not look like Mistral keys (20 characters, where they have 32)"},
      {"together", kTogether, true, ""},
      {"together", std::string(64, 'f'), true, ""},
      // Unconfirmed prefixes (csk-, fw_) neither fail a key nor doubt one that lacks them.
      {"cerebras", "csk-" + std::string(40, 'c'), true, ""},
      {"cerebras", std::string(40, 'c'), true, ""},
      {"fireworks", std::string(40, 'f'), true, ""},
      {"openai", "fw_" + std::string(40, 'f'), true, "does not start with sk-"},
      {"groq", "csk-" + std::string(40, 'c'), true, "does not start with gsk_"},
      {"huggingface", kHf, true, ""},
      {"bedrock", kBedrockLong, true, ""},
  };
  for (const ShapeCase& c : cases) {
    std::vector<std::string> warnings;
    std::optional<Failure> problem = check_key_shape(*find_provider(c.provider), c.key, &warnings);
    EXPECT_FALSE(problem) << c.key << ": " << problem->message;
    if (c.message_part.empty()) {
      EXPECT_TRUE(warnings.empty()) << c.provider << " " << c.key << ": " << (warnings.empty() ? "" : warnings[0]);
    } else {
      ASSERT_EQ(warnings.size(), 1u) << c.key;
      EXPECT_NE(warnings[0].find(c.message_part), std::string::npos) << warnings[0];
    }
  }
}

TEST(Keys, LoadsFromTheVariable) {
  std::string entry = "OPENAI_API_KEY=" + kProj;
  Environment env({entry});
  LoadedKey loaded = load_key(*find_provider("openai"), env);
  EXPECT_TRUE(loaded.configured);
  EXPECT_EQ(loaded.raw.view(), kProj);
  EXPECT_FALSE(loaded.from_file);
  EXPECT_FALSE(loaded.failure);
}

TEST(Keys, LoadsFromTheFileTwin) {
  testing::TempDir dir;
  std::string path = dir.write("key", kProj + "\n");
  std::string entry = "OPENAI_API_KEY_FILE=" + path;
  LoadedKey loaded = load_key(*find_provider("openai"), Environment({entry}));
  EXPECT_TRUE(loaded.from_file);
  EXPECT_EQ(loaded.raw.view(), kProj + "\n");
  EXPECT_EQ(loaded.var, "OPENAI_API_KEY");
  EXPECT_EQ(loaded.source, "OPENAI_API_KEY_FILE");
}

TEST(Keys, RefusesBothTheVariableAndItsFile) {
  LoadedKey loaded = load_key(*find_provider("openai"), Environment({"OPENAI_API_KEY=a", "OPENAI_API_KEY_FILE=/x"}));
  ASSERT_TRUE(loaded.failure);
  EXPECT_EQ(loaded.failure->outcome, Outcome::misconfigured);
  EXPECT_EQ(loaded.failure->exit, ExitCode::ok);  // the outcome's own: 78
  EXPECT_EQ(loaded.failure->message, "set one of OPENAI_API_KEY or OPENAI_API_KEY_FILE, not both");
}

TEST(Keys, RefusesAnUnreadableFileOrOneFarLongerThanAKeyNamingIt) {
  testing::TempDir dir;
  std::string huge = dir.write("huge", std::string(8 * 1024 + 1, 'a'));
  std::string fits = dir.write("fits", std::string(8 * 1024, 'a'));
  struct Case {
    std::string path;
    int exit;
    std::string part;
  } cases[] = {
      {dir.path() + "/missing", 66, "No such file or directory"},
      {dir.path(), 66, "is a directory"},
      {huge, 78, "holds more than 8192 bytes, far more than any API key, so it is not a key file"},
      {fits, 0, ""},
  };
  for (const Case& c : cases) {
    std::string entry = "OPENAI_API_KEY_FILE=" + c.path;
    LoadedKey loaded = load_key(*find_provider("openai"), Environment({entry}));
    // The code the failure asks for: its own, else its outcome's.
    int exit = !loaded.failure                           ? 0
               : loaded.failure->exit != ExitCode::ok    ? status_of(loaded.failure->exit)
                                                         : status_of(exit_code_of(loaded.failure->outcome, false));
    EXPECT_EQ(exit, c.exit) << c.path;
    if (c.exit && loaded.failure) {
      EXPECT_NE(loaded.failure->message.find(c.path), std::string::npos) << loaded.failure->message;
      EXPECT_NE(loaded.failure->message.find(c.part), std::string::npos) << loaded.failure->message;
    }
  }
}

TEST(Keys, PrefersGoogleApiKeyOverGeminiApiKeyAsTheSdkDoes) {
  LoadedKey loaded = load_key(*find_provider("gemini"), Environment({"GEMINI_API_KEY=b", "GOOGLE_API_KEY=a"}));
  EXPECT_EQ(loaded.var, "GOOGLE_API_KEY");
  EXPECT_EQ(loaded.raw.view(), "a");
  loaded = load_key(*find_provider("gemini"), Environment({"GEMINI_API_KEY=b"}));
  EXPECT_EQ(loaded.var, "GEMINI_API_KEY");
  EXPECT_EQ(loaded.raw.view(), "b");
}

TEST(Keys, TreatsAnEmptyVariableAsUnset) {
  LoadedKey loaded = load_key(*find_provider("openai"), Environment({"OPENAI_API_KEY="}));
  EXPECT_FALSE(loaded.configured);
  loaded = load_key(*find_provider("gemini"), Environment({"GOOGLE_API_KEY=", "GEMINI_API_KEY=b"}));
  EXPECT_EQ(loaded.var, "GEMINI_API_KEY");
  EXPECT_EQ(loaded.raw.view(), "b");
  testing::TempDir dir;
  std::string file = "OPENAI_API_KEY_FILE=" + dir.write("key", "k\n");
  loaded = load_key(*find_provider("openai"), Environment({"OPENAI_API_KEY=", file}));
  EXPECT_FALSE(loaded.failure) << loaded.failure->message;
  EXPECT_TRUE(loaded.from_file);
}

TEST(Keys, FindsAKeyHeldInAHostNameWhateverItsCase) {
  const std::string opaque = "abcdefghijklmnop-qrstuvwxyz";
  std::vector<NamedKey> keys = {{"AZURE_OPENAI_API_KEY", kAzure}, {"OPENAI_API_KEY", kProj}, {"CO_API_KEY", opaque},
                                {"TOGETHER_API_KEY", "ollama"}};
  struct Row {
    std::string host;
    std::string held;
  };
  const Row rows[] = {
      {kAzure, "the value of AZURE_OPENAI_API_KEY"},
      {kAzure + ".openai.azure.com", "the value of AZURE_OPENAI_API_KEY"},
      {"0123456789ABCDEF0123456789ABCDEF.openai.azure.com", "the value of AZURE_OPENAI_API_KEY"},  // DNS ignores case
      {"gw-" + kAzure.substr(4, 12) + ".example", "part of the value of AZURE_OPENAI_API_KEY"},
      {"gw-" + kAzure.substr(4, 11) + ".example", ""},  // 11 in a row: chance
      {"x." + ascii_lower(kProj.substr(20, 30)) + ".example", "part of the value of OPENAI_API_KEY"},
      {opaque, "the value of CO_API_KEY"},
      {"ollama", ""},  // a value under 12 characters is no key: the key and the host of a local server
      {"contoso-openai-prod.openai.azure.com", ""},
      {"bedrock.us-east-1.amazonaws.com", ""},
  };
  for (const Row& row : rows) EXPECT_EQ(key_held_in_host(row.host, keys), row.held) << row.host;
}

TEST(Keys, CallsAHostValueShapedLikeAnyProvidersKeyAKey) {
  struct Row {
    std::string text;
    std::string label;
  };
  const Row rows[] = {
      {kAzure, "an Azure OpenAI key"},
      {kAzure + ".openai.azure.com", "an Azure OpenAI key"},
      {kBedrockLong, "an Amazon Bedrock API key"},
      {"sk-" + std::string(40, 'z'), "an OpenAI key"},
      {"csk-" + std::string(20, 'c'), "a Cerebras key"},  // unconfirmed shapes count here
      {kGoogle, "a Google API key"},
      {"us-east-1", ""},
      {"contoso-openai-prod", ""},
      {"bedrock.us-east-1.amazonaws.com", ""},
      {"0123456789abcdef", ""},  // 16 hex digits: no key's length
  };
  for (const Row& row : rows) EXPECT_EQ(key_shape_in_host(row.text), row.label) << row.text;
}

}  // namespace
}  // namespace keyguard
