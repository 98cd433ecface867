package dev.hangar.server.registry;

import java.util.OptionalLong;

/**
 * The most bytes one user's uploaded models may take in the model store. One server-wide limit
 * today ({@link ServerWideStorageQuota}); limits stored per user replace that implementation.
 */
public interface StorageQuota {

    /** The user's limit in bytes; empty when they have none. */
    OptionalLong bytesFor(String userId);
}
