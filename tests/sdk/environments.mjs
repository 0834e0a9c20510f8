// The environments of the conformance test: one table per keyguard provider. Every key is made up
// (never a real one); every host is one the recording server answers on loopback. A row's `env` is
// the whole environment the SDKs and keyguard see, beside PATH and HOME (an empty directory).

const K = (tag, len = 48) => (`fake-${tag}-`.padEnd(len, '0'));   // a made-up key, never real
const GW = 'https://gw.example.test';
const GW2 = 'https://gw2.example.test';

const openai = 'sk-' + 'F'.repeat(49);
const anthropic = 'sk-ant-api03-' + 'F'.repeat(95);
const azure = 'f'.repeat(32);                        // Azure keys are 32 hex digits
const mistral = 'Zq'.repeat(16);                    // 32 characters, not hex (that is Azure's shape)
const google = 'AIza' + 'F'.repeat(35);
const bedrock = 'ABSK' + 'F'.repeat(128);

// Differences an open issue leaves (docs say so; the test prints them as known, not as agreement).
const BEDROCK_RUNTIME = 'open (issue 21): the Vercel AI SDK calls the Bedrock runtime, keyguard probes the control plane of the same region';

export const ENVIRONMENTS = {
  openai: [
    { row: 'key only', env: { OPENAI_API_KEY: openai } },
    { row: 'OPENAI_BASE_URL with /v1', env: { OPENAI_API_KEY: openai, OPENAI_BASE_URL: `${GW}/v1` } },
    { row: 'OPENAI_BASE_URL without /v1', env: { OPENAI_API_KEY: openai, OPENAI_BASE_URL: GW } },
    { row: 'OPENAI_BASE_URL with a path and port', env: { OPENAI_API_KEY: openai, OPENAI_BASE_URL: 'https://gw.example.test:8443/proxy/v1' } },
    { row: 'OPENAI_BASE_URL plain http on localhost', env: { OPENAI_API_KEY: openai, OPENAI_BASE_URL: 'http://localhost:4000/v1' } },
    { row: 'OPENAI_BASE_URL empty', env: { OPENAI_API_KEY: openai, OPENAI_BASE_URL: '' } },
    { row: 'OPENAI_API_BASE (LangChain)', env: { OPENAI_API_KEY: openai, OPENAI_API_BASE: `${GW}/v1` } },
    { row: 'OPENAI_API_BASE and OPENAI_BASE_URL', env: { OPENAI_API_KEY: openai, OPENAI_API_BASE: `${GW2}/v1`, OPENAI_BASE_URL: `${GW}/v1` } },
    { row: 'OPENAI_ORG_ID and OPENAI_PROJECT_ID', env: { OPENAI_API_KEY: openai, OPENAI_ORG_ID: 'org-fake000000000000000000', OPENAI_PROJECT_ID: 'proj_fake00000000000000000' }, known: { 'ai-sdk': 'docs/providers.md: keyguard sends OpenAI-Organization and OpenAI-Project as openai\'s SDKs and LangChain do; the Vercel AI SDK sends neither' } },
    { row: 'OPENAI_ORGANIZATION (LangChain)', env: { OPENAI_API_KEY: openai, OPENAI_ORGANIZATION: 'org-fake000000000000000000' } },
    { row: 'OPENAI_CUSTOM_HEADERS', env: { OPENAI_API_KEY: openai, OPENAI_BASE_URL: `${GW}/v1`, OPENAI_CUSTOM_HEADERS: 'cf-aig-authorization: Bearer fake-gateway-secret-0001\nx-portkey-provider: openai' } },
    { row: 'OPENAI_CUSTOM_HEADERS naming Authorization', env: { OPENAI_API_KEY: openai, OPENAI_BASE_URL: `${GW}/v1`, OPENAI_CUSTOM_HEADERS: 'Authorization: Bearer fake-gateway-secret-0006' } },
    { row: 'OPENAI_CUSTOM_HEADERS naming Host', env: { OPENAI_API_KEY: openai, OPENAI_BASE_URL: `${GW}/v1`, OPENAI_CUSTOM_HEADERS: 'Host: other.example.test' } },
    { row: 'OPENAI_CUSTOM_HEADERS naming Connection', env: { OPENAI_API_KEY: openai, OPENAI_BASE_URL: `${GW}/v1`, OPENAI_CUSTOM_HEADERS: 'Connection: keep-alive' } },
    { row: 'OPENAI_API_KEY empty', env: { OPENAI_API_KEY: '' } },
    { row: 'OPENAI_ADMIN_KEY only', env: { OPENAI_ADMIN_KEY: K('openai-admin') } },
  ],
  anthropic: [
    { row: 'key only', env: { ANTHROPIC_API_KEY: anthropic }, known: { anthropic: 'docs/providers.md, "The key\'s header": keyguard sends x-api-key, as Anthropic\'s Python SDK, the Vercel AI SDK and LangChain do; api.anthropic.com takes both' } },
    { row: 'ANTHROPIC_AUTH_TOKEN only', env: { ANTHROPIC_AUTH_TOKEN: K('anthropic-token') } },
    { row: 'ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN', env: { ANTHROPIC_API_KEY: anthropic, ANTHROPIC_AUTH_TOKEN: K('anthropic-token') } },
    { row: 'ANTHROPIC_BASE_URL without /v1', env: { ANTHROPIC_API_KEY: anthropic, ANTHROPIC_BASE_URL: GW } },
    { row: 'ANTHROPIC_BASE_URL with /v1', env: { ANTHROPIC_API_KEY: anthropic, ANTHROPIC_BASE_URL: `${GW}/v1` } },
    { row: 'ANTHROPIC_BASE_URL empty', env: { ANTHROPIC_API_KEY: anthropic, ANTHROPIC_BASE_URL: '' } },
    { row: 'ANTHROPIC_API_URL (LangChain)', env: { ANTHROPIC_API_KEY: anthropic, ANTHROPIC_API_URL: GW2 } },
    { row: 'ANTHROPIC_CUSTOM_HEADERS naming x-api-key', env: { ANTHROPIC_API_KEY: anthropic, ANTHROPIC_BASE_URL: GW, ANTHROPIC_CUSTOM_HEADERS: 'x-api-key: fake-gateway-secret-0007' } },
    { row: 'ANTHROPIC_API_KEY empty', env: { ANTHROPIC_API_KEY: '' } },
    { row: 'ANTHROPIC_CUSTOM_HEADERS', env: { ANTHROPIC_API_KEY: anthropic, ANTHROPIC_BASE_URL: GW, ANTHROPIC_CUSTOM_HEADERS: 'Helicone-Auth: Bearer fake-gateway-secret-0002\nx-extra-tag: conformance' } },
  ],
  azure: [
    { row: 'endpoint, dated version', env: { AZURE_OPENAI_API_KEY: azure, AZURE_OPENAI_ENDPOINT: 'https://myres.openai.azure.com', OPENAI_API_VERSION: '2024-10-21' } },
    { row: 'endpoint, no version', env: { AZURE_OPENAI_API_KEY: azure, AZURE_OPENAI_ENDPOINT: 'https://myres.openai.azure.com' } },
    { row: 'endpoint, OPENAI_API_VERSION=v1', env: { AZURE_OPENAI_API_KEY: azure, AZURE_OPENAI_ENDPOINT: 'https://myres.openai.azure.com', OPENAI_API_VERSION: 'v1' } },
    { row: 'endpoint, OPENAI_API_VERSION=preview', env: { AZURE_OPENAI_API_KEY: azure, AZURE_OPENAI_ENDPOINT: 'https://myres.openai.azure.com', OPENAI_API_VERSION: 'preview' } },
    { row: 'endpoint ending in /openai/v1', env: { AZURE_OPENAI_API_KEY: azure, AZURE_OPENAI_ENDPOINT: 'https://myres.openai.azure.com/openai/v1', OPENAI_API_VERSION: 'v1' } },
    { row: 'cognitiveservices endpoint', env: { AZURE_OPENAI_API_KEY: azure, AZURE_OPENAI_ENDPOINT: 'https://myres.cognitiveservices.azure.com', OPENAI_API_VERSION: '2024-10-21' } },
    { row: 'AZURE_RESOURCE_NAME and AZURE_API_KEY (AI SDK)', env: { AZURE_API_KEY: azure, AZURE_RESOURCE_NAME: 'myres' } },
    { row: 'AZURE_RESOURCE_NAME, dated version', env: { AZURE_API_KEY: azure, AZURE_RESOURCE_NAME: 'myres', OPENAI_API_VERSION: '2024-10-21' } },
    { row: 'LangChain instance, deployment and version', env: { AZURE_OPENAI_API_KEY: azure, AZURE_OPENAI_API_INSTANCE_NAME: 'myres', AZURE_OPENAI_API_DEPLOYMENT_NAME: 'my-deployment', AZURE_OPENAI_API_VERSION: '2024-10-21' } },
    { row: 'OPENAI_BASE_URL beside the endpoint', env: { AZURE_OPENAI_API_KEY: azure, AZURE_OPENAI_ENDPOINT: 'https://myres.openai.azure.com', OPENAI_BASE_URL: `${GW}/openai`, OPENAI_API_VERSION: '2024-10-21' } },
  ],
  gemini: [
    { row: 'GOOGLE_API_KEY', env: { GOOGLE_API_KEY: google } },
    { row: 'GEMINI_API_KEY', env: { GEMINI_API_KEY: 'AIza' + 'G'.repeat(35) } },
    { row: 'GOOGLE_API_KEY and GEMINI_API_KEY', env: { GOOGLE_API_KEY: google, GEMINI_API_KEY: 'AIza' + 'G'.repeat(35) } },
    { row: 'GOOGLE_GENERATIVE_AI_API_KEY (AI SDK)', env: { GOOGLE_GENERATIVE_AI_API_KEY: 'AIza' + 'H'.repeat(35) } },
    { row: 'GOOGLE_GEMINI_BASE_URL', env: { GOOGLE_API_KEY: google, GOOGLE_GEMINI_BASE_URL: GW } },
    { row: 'GOOGLE_GENAI_USE_VERTEXAI with GOOGLE_API_KEY', env: { GOOGLE_API_KEY: google, GOOGLE_GENAI_USE_VERTEXAI: 'true' } },
    { row: 'Vertex AI with project and location', env: { GOOGLE_API_KEY: google, GOOGLE_GENAI_USE_VERTEXAI: 'true', GOOGLE_CLOUD_PROJECT: 'fake-project', GOOGLE_CLOUD_LOCATION: 'us-central1' } },
  ],
  bedrock: [
    { row: 'API key and AWS_REGION', env: { AWS_BEARER_TOKEN_BEDROCK: bedrock, AWS_REGION: 'us-east-1' } },
    { row: 'API key and AWS_DEFAULT_REGION', env: { AWS_BEARER_TOKEN_BEDROCK: bedrock, AWS_DEFAULT_REGION: 'eu-west-1' } },
    { row: 'AWS_ENDPOINT_URL_BEDROCK', env: { AWS_BEARER_TOKEN_BEDROCK: bedrock, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_BEDROCK: GW }, known: { 'ai-sdk': BEDROCK_RUNTIME } },
    { row: 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME', env: { AWS_BEARER_TOKEN_BEDROCK: bedrock, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: GW }, known: { 'ai-sdk': BEDROCK_RUNTIME } },
    { row: 'AWS_ENDPOINT_URL', env: { AWS_BEARER_TOKEN_BEDROCK: bedrock, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: GW } },
  ],
  groq: [
    { row: 'key only', env: { GROQ_API_KEY: 'gsk_' + 'F'.repeat(52) } },
    { row: 'GROQ_BASE_URL host alone', env: { GROQ_API_KEY: 'gsk_' + 'F'.repeat(52), GROQ_BASE_URL: GW } },
    { row: 'GROQ_BASE_URL with a path', env: { GROQ_API_KEY: 'gsk_' + 'F'.repeat(52), GROQ_BASE_URL: `${GW}/groq` } },
    { row: 'GROQ_BASE_URL ending in /openai/v1', env: { GROQ_API_KEY: 'gsk_' + 'F'.repeat(52), GROQ_BASE_URL: `${GW}/openai/v1` } },
    { row: 'GROQ_BASE_URL empty', env: { GROQ_API_KEY: 'gsk_' + 'F'.repeat(52), GROQ_BASE_URL: '' } },
    { row: 'GROQ_CUSTOM_HEADERS', env: { GROQ_API_KEY: 'gsk_' + 'F'.repeat(52), GROQ_CUSTOM_HEADERS: 'x-portkey-api-key: fake-gateway-secret-0003' } },
  ],
  mistral: [
    { row: 'key only', env: { MISTRAL_API_KEY: mistral } },
    { row: 'MISTRAL_API_BASE', env: { MISTRAL_API_KEY: mistral, MISTRAL_API_BASE: `${GW}/v1` } },
    { row: 'MISTRAL_BASE_URL', env: { MISTRAL_API_KEY: mistral, MISTRAL_BASE_URL: `${GW}/v1` } },
  ],
  deepseek: [
    { row: 'key only', env: { DEEPSEEK_API_KEY: 'sk-' + 'f'.repeat(32) } },
    { row: 'DEEPSEEK_API_BASE with /v1', env: { DEEPSEEK_API_KEY: 'sk-' + 'f'.repeat(32), DEEPSEEK_API_BASE: `${GW}/v1` } },
    { row: 'DEEPSEEK_BASE_URL', env: { DEEPSEEK_API_KEY: 'sk-' + 'f'.repeat(32), DEEPSEEK_BASE_URL: `${GW}/v1` } },
  ],
  openrouter: [
    { row: 'key only', env: { OPENROUTER_API_KEY: 'sk-or-v1-' + 'f'.repeat(64) } },
    { row: 'OPENROUTER_BASE_URL', env: { OPENROUTER_API_KEY: 'sk-or-v1-' + 'f'.repeat(64), OPENROUTER_BASE_URL: `${GW}/api/v1` } },
    { row: 'OPENROUTER_API_BASE', env: { OPENROUTER_API_KEY: 'sk-or-v1-' + 'f'.repeat(64), OPENROUTER_API_BASE: `${GW}/api/v1` } },
  ],
  xai: [
    { row: 'key only', env: { XAI_API_KEY: 'xai-' + 'F'.repeat(80) } },
    { row: 'XAI_API_BASE', env: { XAI_API_KEY: 'xai-' + 'F'.repeat(80), XAI_API_BASE: `${GW}/v1` } },
    { row: 'XAI_BASE_URL', env: { XAI_API_KEY: 'xai-' + 'F'.repeat(80), XAI_BASE_URL: `${GW}/v1` } },
  ],
  together: [
    { row: 'TOGETHER_API_KEY', env: { TOGETHER_API_KEY: 'tgp_v1_' + 'F'.repeat(43) }, known: { together: 'docs/providers.md: keyguard checks api.together.xyz, the host of Together\'s Python SDK and the Vercel AI SDK; together-ai (TypeScript) calls api.together.ai, the same API under another name' } },
    { row: 'TOGETHER_AI_API_KEY (AI SDK)', env: { TOGETHER_AI_API_KEY: 'tgp_v1_' + 'G'.repeat(43) } },
    { row: 'TOGETHER_BASE_URL', env: { TOGETHER_API_KEY: 'tgp_v1_' + 'F'.repeat(43), TOGETHER_BASE_URL: `${GW}/v1` } },
    { row: 'TOGETHER_CUSTOM_HEADERS', env: { TOGETHER_API_KEY: 'tgp_v1_' + 'F'.repeat(43), TOGETHER_CUSTOM_HEADERS: 'x-portkey-api-key: fake-gateway-secret-0004' } },
  ],
  fireworks: [
    { row: 'key only', env: { FIREWORKS_API_KEY: 'fw_' + 'F'.repeat(24) } },
    { row: 'FIREWORKS_API_BASE', env: { FIREWORKS_API_KEY: 'fw_' + 'F'.repeat(24), FIREWORKS_API_BASE: `${GW}/inference/v1` } },
  ],
  perplexity: [
    { row: 'PERPLEXITY_API_KEY', env: { PERPLEXITY_API_KEY: 'pplx-' + 'F'.repeat(48) } },
    { row: 'PPLX_API_KEY', env: { PPLX_API_KEY: 'pplx-' + 'G'.repeat(48) } },
    { row: 'PERPLEXITY_API_BASE', env: { PERPLEXITY_API_KEY: 'pplx-' + 'F'.repeat(48), PERPLEXITY_API_BASE: GW } },
  ],
  cerebras: [
    { row: 'key only', env: { CEREBRAS_API_KEY: 'csk-' + 'f'.repeat(48) } },
    { row: 'CEREBRAS_BASE_URL host alone', env: { CEREBRAS_API_KEY: 'csk-' + 'f'.repeat(48), CEREBRAS_BASE_URL: GW } },
    { row: 'CEREBRAS_BASE_URL with /v1', env: { CEREBRAS_API_KEY: 'csk-' + 'f'.repeat(48), CEREBRAS_BASE_URL: `${GW}/v1` } },
    { row: 'CEREBRAS_BASE_URL with a path', env: { CEREBRAS_API_KEY: 'csk-' + 'f'.repeat(48), CEREBRAS_BASE_URL: `${GW}/cerebras` } },
    { row: 'CEREBRAS_CUSTOM_HEADERS', env: { CEREBRAS_API_KEY: 'csk-' + 'f'.repeat(48), CEREBRAS_CUSTOM_HEADERS: 'Helicone-Auth: Bearer fake-gateway-secret-0005' } },
  ],
  cohere: [
    { row: 'CO_API_KEY', env: { CO_API_KEY: K('cohere', 40) } },
    { row: 'COHERE_API_KEY', env: { COHERE_API_KEY: K('cohere2', 40) } },
    { row: 'CO_API_KEY and COHERE_API_KEY', env: { CO_API_KEY: K('cohere', 40), COHERE_API_KEY: K('cohere2', 40) } },
    { row: 'CO_API_URL', env: { CO_API_KEY: K('cohere', 40), CO_API_URL: GW } },
  ],
  huggingface: [
    { row: 'HF_TOKEN', env: { HF_TOKEN: 'hf_' + 'F'.repeat(34) } },
    { row: 'HUGGINGFACE_API_KEY (AI SDK)', env: { HUGGINGFACE_API_KEY: 'hf_' + 'G'.repeat(34) } },
    { row: 'HUGGING_FACE_HUB_TOKEN', env: { HUGGING_FACE_HUB_TOKEN: 'hf_' + 'H'.repeat(34) } },
    { row: 'HF_ENDPOINT', env: { HF_TOKEN: 'hf_' + 'F'.repeat(34), HF_ENDPOINT: GW } },
  ],
};

/** Names whose values are secrets: never printed, compared to find the key's header. */
export const isSecretVar = (name) => /KEY|TOKEN|CUSTOM_HEADERS/.test(name);

/** The default hosts of every provider and SDK, for the test certificate's names. */
export const DEFAULT_HOSTS = [
  'api.openai.com', 'api.anthropic.com', 'generativelanguage.googleapis.com', 'aiplatform.googleapis.com',
  'us-central1-aiplatform.googleapis.com', 'api.groq.com', 'api.cerebras.ai', 'api.together.xyz',
  'api.together.ai', 'api.mistral.ai', 'api.x.ai', 'api.deepseek.com', 'api.perplexity.ai',
  'api.fireworks.ai', 'api.cohere.com', 'api.cohere.ai', 'openrouter.ai', 'huggingface.co',
  'router.huggingface.co', 'api-inference.huggingface.co', 'myres.openai.azure.com',
  'myres.cognitiveservices.azure.com', '*.openai.azure.com', '*.cognitiveservices.azure.com',
  'bedrock-runtime.us-east-1.amazonaws.com', 'bedrock-runtime.eu-west-1.amazonaws.com',
  'bedrock.us-east-1.amazonaws.com', 'bedrock.eu-west-1.amazonaws.com', 'gw.example.test',
  'gw2.example.test', 'localhost',
];
