package de.kherud.llama;

/** Where java-llama.cpp keeps this platform's native library among its resources (its own rule, package-private there). */
public final class NativeLibraryResource {
    private NativeLibraryResource() {}

    /** The resource path of the library for this OS and architecture, e.g. {@code /de/kherud/llama/Linux/x86_64/libjllama.so}. */
    public static String path() {
        return "/de/kherud/llama/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/"
                + System.mapLibraryName("jllama");
    }

    /** The system property the library's loader reads a directory holding an already extracted copy from. */
    public static final String DIRECTORY_PROPERTY = "de.kherud.llama.lib.path";
}
