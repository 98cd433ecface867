package dev.hangar.server.dataset;

/** A dataset file that is not what its format says, with where (line or row) it goes wrong. */
final class InvalidDatasetFile extends Exception {

    InvalidDatasetFile(String message) {
        super(message);
    }
}
