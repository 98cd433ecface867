package dev.hangar.server.registry;

import java.util.List;

/** What still uses a model (the endpoints serving it), so that its deletion is refused by name. */
public interface ModelUsage {

    List<String> endpointsServing(String modelId);
}
