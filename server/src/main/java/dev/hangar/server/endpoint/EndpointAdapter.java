package dev.hangar.server.endpoint;

/**
 * A LoRA adapter an endpoint serves beside its model: a registry model, and the name clients call
 * it by ({@code model: "ENDPOINT:NAME"}), the registry model's name when the endpoint was configured.
 */
public record EndpointAdapter(String name, String modelId) {}
