package dev.hangar.server.endpoint;

/**
 * Where a router endpoint forwards its requests.
 *
 * @param baseUrl the provider's OpenAI-compatible base URL, up to and including its version path,
 *     e.g. {@code https://api.openai.com/v1}; the gateway appends {@code /chat/completions} and so on
 * @param model the model name the provider knows, sent in place of the endpoint's name
 * @param apiKeySet whether a provider API key is stored (the key itself is never shown)
 */
public record Upstream(String baseUrl, String model, boolean apiKeySet) {}
