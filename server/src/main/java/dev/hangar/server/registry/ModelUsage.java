package dev.hangar.server.registry;

import dev.hangar.server.message.Message;
import java.util.List;

/**
 * What uses a model (the endpoints serving it): its owner's own endpoints keep it from being
 * deleted, while other users' endpoints are stopped when its owner withdraws it.
 */
public interface ModelUsage {

    /** The names of the endpoints of {@code ownerId} that serve the model. */
    List<String> endpointsOfOwnerServing(String modelId, String ownerId);

    /**
     * Stops the endpoints of users other than {@code ownerId} that serve the model, with {@code why}
     * as their reason and in their events; answers their names.
     */
    List<String> withdrawFromOthers(String modelId, String ownerId, Message why);
}
