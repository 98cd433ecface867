package dev.hangar.server.reconcile;

import dev.hangar.server.message.Message;
import java.util.Optional;

/**
 * A router endpoint's replica as the provider backend started it: requests go to the provider's base URL.
 *
 * @param caveat what the start could not check, for the endpoint's events (a provider without a model list)
 */
public record ProviderHandle(String replicaId, String address, Optional<Message> caveat) {}
