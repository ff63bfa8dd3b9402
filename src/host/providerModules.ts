/**
 * The provider classes and, through them, both SDKs (nine tenths of the host bundle). The build
 * puts them in a bundle of their own (`dist/providers.js`) that `loadProviderModules` loads on
 * the first request, so activating the extension does not pay for parsing them.
 */
export { AnthropicProvider } from '../providers/anthropicProvider';
export { OpenAICompatibleProvider } from '../providers/openaiProvider';
