package dev.hangar.server.imports;

/** An imported thing's stored row: its API view and what the view does not show. */
public interface ImportedRow<V> {

    V artifact();

    String ownerId();

    /** The fingerprint of its files when it was imported; null before. */
    String fingerprint();
}
