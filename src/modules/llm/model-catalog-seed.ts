// The model catalog shipped with Signalbox: prices in USD per 1M tokens (input/output), context windows and
// capabilities, as published by the vendors in 2025. Edit rows through the API; re-seeding never overwrites edits.
export type CatalogSeedRow = {
  modelId: string
  vendor: string
  name: string
  contextWindow: number
  maxOutputTokens: number
  inputCostPerM: number
  outputCostPerM: number
  supportsTools: boolean
  supportsVision: boolean
  supportsJsonSchema: boolean
}

const row = (
  modelId: string,
  vendor: string,
  name: string,
  contextWindow: number,
  maxOutputTokens: number,
  inputCostPerM: number,
  outputCostPerM: number,
  caps: { tools?: boolean; vision?: boolean; jsonSchema?: boolean },
): CatalogSeedRow => ({
  modelId,
  vendor,
  name,
  contextWindow,
  maxOutputTokens,
  inputCostPerM,
  outputCostPerM,
  supportsTools: caps.tools ?? false,
  supportsVision: caps.vision ?? false,
  supportsJsonSchema: caps.jsonSchema ?? false,
})

const all = { tools: true, vision: true, jsonSchema: true }
const textOnly = { tools: true, jsonSchema: true }

export const modelCatalogSeed: CatalogSeedRow[] = [
  // OpenAI (api.openai.com model ids)
  row('gpt-4o', 'openai', 'GPT-4o', 128_000, 16_384, 2.5, 10, all),
  row('gpt-4o-mini', 'openai', 'GPT-4o mini', 128_000, 16_384, 0.15, 0.6, all),
  row('gpt-4.1', 'openai', 'GPT-4.1', 1_047_576, 32_768, 2, 8, all),
  row('gpt-4.1-mini', 'openai', 'GPT-4.1 mini', 1_047_576, 32_768, 0.4, 1.6, all),
  row('gpt-4.1-nano', 'openai', 'GPT-4.1 nano', 1_047_576, 32_768, 0.1, 0.4, all),
  row('o3-mini', 'openai', 'o3-mini', 200_000, 100_000, 1.1, 4.4, textOnly),
  row('o4-mini', 'openai', 'o4-mini', 200_000, 100_000, 1.1, 4.4, all),
  row('o3', 'openai', 'o3', 200_000, 100_000, 2, 8, all),
  row('gpt-5', 'openai', 'GPT-5', 400_000, 128_000, 1.25, 10, all),
  row('gpt-5-mini', 'openai', 'GPT-5 mini', 400_000, 128_000, 0.25, 2, all),
  row('gpt-5-nano', 'openai', 'GPT-5 nano', 400_000, 128_000, 0.05, 0.4, all),
  row('text-embedding-3-small', 'openai', 'Embedding 3 small', 8_191, 0, 0.02, 0, {}),
  row('text-embedding-3-large', 'openai', 'Embedding 3 large', 8_191, 0, 0.13, 0, {}),
  // Anthropic through OpenRouter (OpenRouter model ids)
  row('anthropic/claude-3-haiku', 'anthropic', 'Claude 3 Haiku (OpenRouter)', 200_000, 4_096, 0.25, 1.25, { tools: true, vision: true }),
  row('anthropic/claude-3.5-haiku', 'anthropic', 'Claude 3.5 Haiku (OpenRouter)', 200_000, 8_192, 0.8, 4, { tools: true, vision: true }),
  row('anthropic/claude-3.7-sonnet', 'anthropic', 'Claude 3.7 Sonnet (OpenRouter)', 200_000, 64_000, 3, 15, { tools: true, vision: true }),
  row('anthropic/claude-sonnet-4', 'anthropic', 'Claude Sonnet 4 (OpenRouter)', 200_000, 64_000, 3, 15, { tools: true, vision: true }),
  row('anthropic/claude-opus-4', 'anthropic', 'Claude Opus 4 (OpenRouter)', 200_000, 32_000, 15, 75, { tools: true, vision: true }),
  // Groq (api.groq.com model ids)
  row('llama-3.3-70b-versatile', 'groq', 'Llama 3.3 70B (Groq)', 131_072, 32_768, 0.59, 0.79, { tools: true }),
  row('llama-3.1-8b-instant', 'groq', 'Llama 3.1 8B instant (Groq)', 131_072, 131_072, 0.05, 0.08, { tools: true }),
  row('openai/gpt-oss-120b', 'groq', 'gpt-oss 120B (Groq)', 131_072, 65_536, 0.15, 0.75, textOnly),
  row('qwen/qwen3-32b', 'groq', 'Qwen3 32B (Groq)', 131_072, 40_960, 0.29, 0.59, { tools: true }),
  // Mistral (api.mistral.ai model ids)
  row('mistral-large-latest', 'mistral', 'Mistral Large', 128_000, 32_768, 2, 6, { tools: true, jsonSchema: true }),
  row('mistral-medium-latest', 'mistral', 'Mistral Medium 3', 128_000, 32_768, 0.4, 2, all),
  row('mistral-small-latest', 'mistral', 'Mistral Small', 128_000, 32_768, 0.1, 0.3, all),
  row('codestral-latest', 'mistral', 'Codestral', 256_000, 32_768, 0.3, 0.9, { tools: true, jsonSchema: true }),
  row('open-mistral-nemo', 'mistral', 'Mistral NeMo', 128_000, 32_768, 0.15, 0.15, { tools: true }),
  // Llama and Qwen through OpenRouter
  row('meta-llama/llama-3.3-70b-instruct', 'meta', 'Llama 3.3 70B Instruct (OpenRouter)', 131_072, 16_384, 0.13, 0.4, { tools: true }),
  row('meta-llama/llama-3.1-8b-instruct', 'meta', 'Llama 3.1 8B Instruct (OpenRouter)', 131_072, 16_384, 0.02, 0.03, { tools: true }),
  row('meta-llama/llama-4-maverick', 'meta', 'Llama 4 Maverick (OpenRouter)', 1_048_576, 16_384, 0.15, 0.6, { tools: true, vision: true }),
  row('qwen/qwen-2.5-72b-instruct', 'qwen', 'Qwen2.5 72B Instruct (OpenRouter)', 32_768, 16_384, 0.12, 0.39, { tools: true }),
  row('qwen/qwen3-235b-a22b', 'qwen', 'Qwen3 235B A22B (OpenRouter)', 131_072, 40_960, 0.13, 0.6, { tools: true }),
  // Local models (Ollama, llama.cpp): no per-token price
  row('llama3.2', 'ollama', 'Llama 3.2 3B (Ollama)', 131_072, 8_192, 0, 0, { tools: true, jsonSchema: true }),
  row('qwen2.5', 'ollama', 'Qwen2.5 7B (Ollama)', 32_768, 8_192, 0, 0, { tools: true, jsonSchema: true }),
  row('local-analyser', 'local', 'Signalbox local analyser (rules)', 0, 0, 0, 0, { jsonSchema: true }),
]
