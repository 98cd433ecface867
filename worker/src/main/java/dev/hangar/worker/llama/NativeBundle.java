package dev.hangar.worker.llama;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The llama.cpp libraries the worker jar carries for one platform, as the build put them there
 * ({@code worker/native/bundle.mjs}, which holds the table of platforms and their npm packages): the llama.cpp
 * release, the file to load ({@code libllama.v0.5.0.so}), every file the folder holds (ggml's libraries and its CPU
 * backends, under the names their SONAME and NEEDED entries expect) and a hash of their contents.
 *
 * @param platform {@code <os>-<arch>} as node names them ({@code linux-x64}, {@code darwin-arm64}, {@code win32-x64})
 */
public record NativeBundle(
        String platform, String release, String npmPackage, String library, List<String> files, String sha256) {

    private static final String ROOT = "/dev/hangar/worker/native/";

    public NativeBundle {
        files = List.copyOf(files);
    }

    /** The bundle for the platform this JVM runs on; empty when the jar carries none for it. */
    public static Optional<NativeBundle> forThisPlatform() {
        return forPlatform(platform(System.getProperty("os.name"), System.getProperty("os.arch")));
    }

    public static Optional<NativeBundle> forPlatform(String platform) {
        try (InputStream in = NativeBundle.class.getResourceAsStream(ROOT + platform + "/bundle.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.of(new NativeBundle(
                    platform,
                    properties.getProperty("release"),
                    properties.getProperty("package"),
                    properties.getProperty("library"),
                    Arrays.asList(properties.getProperty("files").split(",")),
                    properties.getProperty("sha256")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Java's {@code os.name} and {@code os.arch} in node's words, which name the npm packages and the folders. */
    public static String platform(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux")
                ? "linux"
                : name.startsWith("mac") || name.startsWith("darwin")
                        ? "darwin"
                        : name.startsWith("windows") ? "win32" : name.replace(' ', '_');
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return os + "-" + arch;
    }

    /** The resource path of one of the bundle's files. */
    public String resource(String file) {
        return ROOT + platform + "/" + file;
    }

    /** The cache folder's name: one per release and content, so an update never reuses an older extraction. */
    public String folderName() {
        return "llama-" + release + "-" + sha256.substring(0, 16);
    }
}
