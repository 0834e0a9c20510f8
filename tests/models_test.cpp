// Model targets and close ids, and the --model entries (docs/models.md).
#include "close_names.h"
#include "models.h"

#include <gtest/gtest.h>

#include <string>

#include "options.h"

namespace keyguard {
namespace {

TEST(Models, PercentEncodesTheIdIntoTheRoute) {
  EXPECT_EQ(model_target(*find_provider("openai"), "/v1", "ft:gpt-4o-mini:acme::abc"), "/v1/models/ft%3Agpt-4o-mini%3Aacme%3A%3Aabc");
  EXPECT_EQ(model_target(*find_provider("openai"), "/v1", "my org/model x"), "/v1/models/my%20org%2Fmodel%20x");
  EXPECT_EQ(model_target(*find_provider("anthropic"), "", "claude-sonnet-4-5"), "/v1/models/claude-sonnet-4-5");
  EXPECT_EQ(model_target(*find_provider("gemini"), "", "models/gemini-2.0-flash"), "/v1beta/models/gemini-2.0-flash");
  EXPECT_EQ(model_target(*find_provider("bedrock"), "", "anthropic.claude-3-haiku-20240307-v1:0"),
            "/foundation-models/anthropic.claude-3-haiku-20240307-v1%3A0");
  EXPECT_EQ(model_target(*find_provider("deepseek"), "", ""), "/models");
}

TEST(Models, AsksAboutBedrockInferenceProfilesAsProfilesAndFoundationModelsAsModels) {
  const Provider& bedrock = *find_provider("bedrock");
  struct Row {
    std::string id, target;
  };
  for (const Row& row : {
           Row{"us.anthropic.claude-3-5-sonnet-20241022-v2:0", "/inference-profiles/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0"},
           Row{"us-gov.anthropic.claude-3-haiku-20240307-v1:0", "/inference-profiles/us-gov.anthropic.claude-3-haiku-20240307-v1%3A0"},
           Row{"global.anthropic.claude-sonnet-4-20250514-v1:0", "/inference-profiles/global.anthropic.claude-sonnet-4-20250514-v1%3A0"},
           Row{"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3",
               "/inference-profiles/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3"},
           // Foundation models, dots in their version included.
           Row{"anthropic.claude-3-haiku-20240307-v1:0", "/foundation-models/anthropic.claude-3-haiku-20240307-v1%3A0"},
           Row{"minimax.minimax-m2.5", "/foundation-models/minimax.minimax-m2.5"},
           Row{"us.example", "/foundation-models/us.example"},
       })
    EXPECT_EQ(model_target(bedrock, "", row.id), row.target) << row.id;
}

TEST(Models, KeepsOddIdsInsideTheirPathSegment) {
  const Provider& openai = *find_provider("openai");
  struct Row {
    std::string_view id, target;
  } rows[] = {
      {"a/../b", "/v1/models/a%2F..%2Fb"},
      {"x?limit=1", "/v1/models/x%3Flimit%3D1"},
      {"x#frag", "/v1/models/x%23frag"},
      {"%2e%2e", "/v1/models/%252e%252e"},
      {"...", "/v1/models/..."},
      {"a\\b", "/v1/models/a%5Cb"},
  };
  for (const Row& row : rows) EXPECT_EQ(model_target(openai, "/v1", row.id), row.target) << row.id;
  // Bedrock's ARNs hold ':' and '/', as its SDKs encode them in the modelIdentifier label.
  EXPECT_EQ(model_target(*find_provider("bedrock"), "",
                         "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123"),
            "/foundation-models/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aprovisioned-model%2Fabc123");
}

TEST(Models, ReadsAnIdAsADotSegmentOnlyWhenItDecodesToOne) {
  struct Row {
    std::string_view id;
    bool dot;
  } rows[] = {
      {"", true},        {".", true},        {"..", true},      {"%2e", true},     {"%2E", true},
      {"%2e%2E", true},  {".%2e", true},     {"%2e.", true},    {"...", false},    {"%2e%2e%2e", false},
      {"%252e", false},  {"./", false},      {"a.", false},     {"gpt-4.1", false}, {"%2", false},
  };
  for (const Row& row : rows) EXPECT_EQ(is_dot_segment(row.id), row.dot) << "'" << row.id << "'";
}

TEST(Models, SuggestsUpToThreeCloseIdsClosestFirst) {
  std::vector<std::string> ids = {"gpt-4o", "gpt-4o-mini", "gpt-4.1-mini", "o1-mini", "text-embedding-3-small", "gpt-4o-mini-tts"};
  EXPECT_EQ(close_ids("gpt-4o-mni", ids), (std::vector<std::string>{"gpt-4o-mini", "gpt-4o", "gpt-4.1-mini"}));
  EXPECT_EQ(close_ids("text-embedding-3-smal", ids), std::vector<std::string>{"text-embedding-3-small"});
  EXPECT_TRUE(close_ids("claude-3-opus", ids).empty());
  EXPECT_TRUE(close_ids("gpt-4o", {"gpt-4o"}).empty()) << "the id itself is no suggestion";
}

TEST(Models, SuggestsIdsWithinEightEditsHoweverLongTheId) {
  const std::string model = "a-fine-tuned-model-with-a-long-name-" + std::string(24, 'x');  // 60 bytes
  auto edited = [&](std::size_t edits) {
    std::string id = model;
    for (std::size_t i = 0; i < edits; ++i) id[36 + i] = 'y';
    return id;
  };
  EXPECT_EQ(close_ids(model, {edited(8)}), std::vector<std::string>{edited(8)});
  EXPECT_TRUE(close_ids(model, {edited(9)}).empty()) << "a third of 60 would allow 20 edits";
  // Short ids keep a third of their length, at least 2.
  EXPECT_EQ(close_ids("o1-mni", {"o1-mini", "o3-mini"}), (std::vector<std::string>{"o1-mini", "o3-mini"}));
}

TEST(Models, SuggestsNothingForOrFromAnIdLongerThan128Bytes) {
  const std::string long_model(129, 'm');
  EXPECT_TRUE(close_ids(long_model, {std::string(128, 'm')}).empty());
  EXPECT_TRUE(close_ids("gpt-4o-mini", {"gpt-4o-mini-" + std::string(117, 'x')}).empty()) << "129 bytes, holding the id";
  EXPECT_EQ(close_ids("gpt-4o-mini", {"gpt-4o-mini-" + std::string(116, 'x')}).size(), 1u) << "128 bytes";
}

TEST(Models, LooksAtTheFirstThousandIdsOfAList) {
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back("unrelated-" + std::to_string(i));
  ids.push_back("gpt-4o-mini");
  EXPECT_TRUE(close_ids("gpt-4o-mni", ids).empty());
  ids.erase(ids.begin());
  EXPECT_EQ(close_ids("gpt-4o-mni", ids), std::vector<std::string>{"gpt-4o-mini"});
}

struct ModelOption {
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::string err;  ///< empty: parses
};

TEST(Models, ReadsModelEntriesAndRefusesBadOnesNamingThem) {
  const ModelOption cases[] = {
      {{"--model", "openai=gpt-4o-mini,anthropic=claude-sonnet-4-5"}, {}, ""},
      {{}, {"KEYGUARD_MODELS=gemini=models/gemini-2.0-flash"}, ""},
      {{"--model", "openai"}, {}, "bad entry 'openai' in --model: write PROVIDER=MODEL (openai=gpt-4o-mini)"},
      {{"--model", "llama=x"}, {}, "unknown provider 'llama' in --model entry 'llama=x' (known: openai, anthropic, azure, gemini, groq, mistral, deepseek, openrouter, xai, together, fireworks, perplexity, cerebras, cohere, huggingface, bedrock)"},
      {{"--model", "OpenAI=gpt-4o"}, {}, "unknown provider 'OpenAI' in --model entry 'OpenAI=gpt-4o'; did you mean openai?"},
      {{"--model", "openai="}, {}, "bad entry 'openai=' in --model: the model is empty"},
      {{}, {"KEYGUARD_MODELS=openai"}, "bad entry 'openai' in KEYGUARD_MODELS: write PROVIDER=MODEL (openai=gpt-4o-mini)"},
      {{"--model", ","}, {}, "--model names no model"},
      {{"--model", "openai=.."}, {}, "bad entry 'openai=..' in --model: the model id is a path step ('.' or '..' once decoded), not a name; keyguard would be asking about another path"},
      {{}, {"KEYGUARD_MODELS=openai=gpt-4o,gemini=models/%2e"}, "bad entry 'gemini=models/%2e' in KEYGUARD_MODELS: the model id is a path step ('.' or '..' once decoded), not a name; keyguard would be asking about another path"},
      {{"--model", "openai=" + std::string(257, 'x')}, {}, "bad entry for openai in --model: a model id of 257 bytes is not one (at most 256)"},
      {{"--model", "openai=gpt-4o,openai=sk-ant-api03-abcdefghijklmnop"}, {}, "entry 2 of --model (openai, 36 bytes, not shown) holds an API key or has the shape of one, not a model id; name the model there (openai=gpt-4o-mini) and keep keys in their variables"},
      {{"--model", "llama=gsk_abc"}, {}, "entry 1 of --model (13 bytes, not shown) holds an API key or has the shape of one, not a model id; name the model there (openai=gpt-4o-mini) and keep keys in their variables"},
      {{"--model", "gemini=models/AIzaSyExample"}, {}, "entry 1 of --model (gemini, 27 bytes, not shown) holds an API key or has the shape of one, not a model id; name the model there (openai=gpt-4o-mini) and keep keys in their variables"},
      {{"--model", "mistral=ft:x:Wq3Z9tLmPa7Rk2"}, {"MISTRAL_API_KEY=Wq3Z9tLmPa7Rk2Vn8Bc4Xy6Hd1Fg5Jk0"}, "entry 1 of --model (mistral, 27 bytes, not shown) holds an API key or has the shape of one, not a model id; name the model there (openai=gpt-4o-mini) and keep keys in their variables"},
      {{"--model", "mistral=Wq3Z9tLmPa7"}, {"MISTRAL_API_KEY=Wq3Z9tLmPa7Rk2Vn8Bc4Xy6Hd1Fg5Jk0"}, ""},
  };
  for (const ModelOption& c : cases) {
    std::vector<std::string_view> args(c.args.begin(), c.args.end()), env(c.env.begin(), c.env.end());
    Options options;
    std::string err;
    bool ok = parse_options(args, Environment(env), &options, &err);
    EXPECT_EQ(ok, c.err.empty()) << err;
    EXPECT_EQ(err, c.err);
  }
  Options options;
  std::string err;
  std::vector<std::string_view> args = {"--model", "openai=gpt-4o-mini,openai=gpt-4o,openai=gpt-4o-mini"};
  ASSERT_TRUE(parse_options(args, Environment(std::vector<std::string_view>{}), &options, &err)) << err;
  EXPECT_EQ(options.models, (std::vector<std::pair<std::string, std::string>>{{"openai", "gpt-4o-mini"}, {"openai", "gpt-4o"}}));
}

TEST(Models, TakesAtMost64ModelEntries) {
  std::string list;
  for (int i = 0; i < 64; ++i) list += (list.empty() ? "" : ",") + std::string("openai=model-") + std::to_string(i);
  for (bool over : {false, true}) {
    std::string value = over ? list + ",openai=model-64" : list;
    std::vector<std::string_view> args = {"--model", value};
    Options options;
    std::string err;
    EXPECT_EQ(parse_options(args, Environment(std::vector<std::string_view>{}), &options, &err), !over) << err;
    EXPECT_EQ(err, over ? "--model lists 65 models; at most 64 are checked in one run" : "");
  }
}

}  // namespace
}  // namespace keyguard
