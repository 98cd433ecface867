package dev.hangar.server.resource;

import java.util.List;

/** What still uses a resource (the endpoints deployed on it), so that its deletion is refused by name. */
public interface ResourceUsage {

    List<String> endpointsOn(String resourceId);
}
