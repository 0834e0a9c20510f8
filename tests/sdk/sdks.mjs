// Each SDK's basic call, its client built from the environment alone. What a call passes in code
// is what the SDK cannot run without (a model id, Anthropic's max_tokens, Hugging Face's token);
// `in_code` says so for each SDK, so the report can name it.

const messages = [{ role: 'user', content: 'hi' }];

async function aiSdk(pkg, factory, model) {
  const { generateText } = await import('ai');
  const provider = (await import(pkg))[factory];
  return generateText({ model: provider(model), prompt: 'hi', maxRetries: 0 });
}

/** provider name (keyguard's) → the SDKs that talk to it */
export const SDKS = {
  openai: [
    { sdk: 'openai', pkg: 'openai', in_code: 'model',
      call: async () => { const { OpenAI } = await import('openai');
        return new OpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/openai', in_code: 'model',
      call: () => aiSdk('@ai-sdk/openai', 'openai', 'gpt-4o-mini') },
    { sdk: 'langchain', pkg: '@langchain/openai', in_code: 'model',
      call: async () => { const { ChatOpenAI } = await import('@langchain/openai');
        return new ChatOpenAI({ model: 'gpt-4o-mini' }).invoke('hi'); } },
  ],
  anthropic: [
    { sdk: 'anthropic', pkg: '@anthropic-ai/sdk', in_code: 'model, max_tokens',
      call: async () => { const { Anthropic } = await import('@anthropic-ai/sdk');
        return new Anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 8, messages }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/anthropic', in_code: 'model',
      call: () => aiSdk('@ai-sdk/anthropic', 'anthropic', 'claude-sonnet-4-5') },
    { sdk: 'langchain', pkg: '@langchain/anthropic', in_code: 'model',
      call: async () => { const { ChatAnthropic } = await import('@langchain/anthropic');
        return new ChatAnthropic({ model: 'claude-sonnet-4-5' }).invoke('hi'); } },
  ],
  azure: [
    { sdk: 'openai', pkg: 'openai', in_code: 'model (the deployment)',
      call: async () => { const { AzureOpenAI } = await import('openai');
        return new AzureOpenAI().chat.completions.create({ model: 'my-deployment', messages }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/azure', in_code: 'model (the deployment)',
      call: () => aiSdk('@ai-sdk/azure', 'azure', 'my-deployment') },
    { sdk: 'langchain', pkg: '@langchain/openai', in_code: 'the deployment, as the others take it for the model',
      call: async () => { const { AzureChatOpenAI } = await import('@langchain/openai');
        return new AzureChatOpenAI({ azureOpenAIApiDeploymentName: 'my-deployment' }).invoke('hi'); } },
  ],
  gemini: [
    { sdk: 'google-genai', pkg: '@google/genai', in_code: 'model',
      call: async () => { const { GoogleGenAI } = await import('@google/genai');
        return new GoogleGenAI({}).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/google', in_code: 'model',
      call: () => aiSdk('@ai-sdk/google', 'google', 'gemini-2.5-flash') },
    { sdk: 'langchain', pkg: '@langchain/google-genai', in_code: 'model',
      call: async () => { const { ChatGoogleGenerativeAI } = await import('@langchain/google-genai');
        return new ChatGoogleGenerativeAI({ model: 'gemini-2.5-flash', maxRetries: 0 }).invoke('hi'); } },
  ],
  bedrock: [
    { sdk: 'ai-sdk', pkg: '@ai-sdk/amazon-bedrock', in_code: 'model',
      call: () => aiSdk('@ai-sdk/amazon-bedrock', 'bedrock', 'anthropic.claude-3-haiku-20240307-v1:0') },
  ],
  groq: [
    { sdk: 'groq', pkg: 'groq-sdk', in_code: 'model',
      call: async () => { const { Groq } = await import('groq-sdk');
        return new Groq().chat.completions.create({ model: 'llama-3.1-8b-instant', messages }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/groq', in_code: 'model',
      call: () => aiSdk('@ai-sdk/groq', 'groq', 'llama-3.1-8b-instant') },
    { sdk: 'langchain', pkg: '@langchain/groq', in_code: 'model',
      call: async () => { const { ChatGroq } = await import('@langchain/groq');
        return new ChatGroq({ model: 'llama-3.1-8b-instant' }).invoke('hi'); } },
  ],
  mistral: [
    { sdk: 'mistral', pkg: '@mistralai/mistralai', in_code: 'model',
      call: async () => { const { Mistral } = await import('@mistralai/mistralai');
        return new Mistral().chat.complete({ model: 'mistral-small-latest', messages }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/mistral', in_code: 'model',
      call: () => aiSdk('@ai-sdk/mistral', 'mistral', 'mistral-small-latest') },
    { sdk: 'langchain', pkg: '@langchain/mistralai', in_code: 'model',
      call: async () => { const { ChatMistralAI } = await import('@langchain/mistralai');
        return new ChatMistralAI({ model: 'mistral-small-latest', maxRetries: 0 }).invoke('hi'); } },
  ],
  deepseek: [
    { sdk: 'ai-sdk', pkg: '@ai-sdk/deepseek', in_code: 'model',
      call: () => aiSdk('@ai-sdk/deepseek', 'deepseek', 'deepseek-chat') },
    { sdk: 'langchain', pkg: '@langchain/deepseek', in_code: 'model',
      call: async () => { const { ChatDeepSeek } = await import('@langchain/deepseek');
        return new ChatDeepSeek({ model: 'deepseek-chat' }).invoke('hi'); } },
  ],
  openrouter: [
    { sdk: 'ai-sdk', pkg: '@openrouter/ai-sdk-provider', in_code: 'model',
      call: () => aiSdk('@openrouter/ai-sdk-provider', 'openrouter', 'openai/gpt-4o-mini') },
  ],
  xai: [
    { sdk: 'ai-sdk', pkg: '@ai-sdk/xai', in_code: 'model',
      call: () => aiSdk('@ai-sdk/xai', 'xai', 'grok-3') },
    { sdk: 'langchain', pkg: '@langchain/xai', in_code: 'model',
      call: async () => { const { ChatXAI } = await import('@langchain/xai');
        return new ChatXAI({ model: 'grok-3' }).invoke('hi'); } },
  ],
  together: [
    { sdk: 'together', pkg: 'together-ai', in_code: 'model',
      call: async () => { const { Together } = await import('together-ai');
        return new Together().chat.completions.create({ model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', messages }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/togetherai', in_code: 'model',
      call: () => aiSdk('@ai-sdk/togetherai', 'togetherai', 'meta-llama/Llama-3.3-70B-Instruct-Turbo') },
  ],
  fireworks: [
    { sdk: 'ai-sdk', pkg: '@ai-sdk/fireworks', in_code: 'model',
      call: () => aiSdk('@ai-sdk/fireworks', 'fireworks', 'accounts/fireworks/models/llama-v3p1-8b-instruct') },
  ],
  perplexity: [
    { sdk: 'ai-sdk', pkg: '@ai-sdk/perplexity', in_code: 'model',
      call: () => aiSdk('@ai-sdk/perplexity', 'perplexity', 'sonar') },
  ],
  cerebras: [
    { sdk: 'cerebras', pkg: '@cerebras/cerebras_cloud_sdk', in_code: 'model',
      call: async () => { const { Cerebras } = await import('@cerebras/cerebras_cloud_sdk');
        return new Cerebras({ warmTCPConnection: false }).chat.completions.create({ model: 'llama3.1-8b', messages }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/cerebras', in_code: 'model',
      call: () => aiSdk('@ai-sdk/cerebras', 'cerebras', 'llama3.1-8b') },
  ],
  cohere: [
    { sdk: 'cohere', pkg: 'cohere-ai', in_code: 'model',
      call: async () => { const { CohereClientV2 } = await import('cohere-ai');
        return new CohereClientV2({}).chat({ model: 'command-r-plus', messages }, { maxRetries: 0 }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/cohere', in_code: 'model',
      call: () => aiSdk('@ai-sdk/cohere', 'cohere', 'command-r-plus') },
  ],
  huggingface: [
    { sdk: 'huggingface', pkg: '@huggingface/inference', in_code: 'model, the token (from HF_TOKEN: the client reads no variable)',
      call: async () => { const { InferenceClient } = await import('@huggingface/inference');
        return new InferenceClient(process.env.HF_TOKEN).chatCompletion({ model: 'meta-llama/Llama-3.1-8B-Instruct', provider: 'hf-inference', messages }); } },
    { sdk: 'ai-sdk', pkg: '@ai-sdk/huggingface', in_code: 'model',
      call: () => aiSdk('@ai-sdk/huggingface', 'huggingface', 'meta-llama/Llama-3.1-8B-Instruct') },
  ],
};
