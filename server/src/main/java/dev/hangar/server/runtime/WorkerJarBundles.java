package dev.hangar.server.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The llama.cpp releases the built-in worker's jar carries, read from the {@code bundle.properties} the
 * worker's build writes beside each platform's libraries ({@code dev/hangar/worker/native/<platform>/}), for
 * the settings an admin reads. Blocks on the jar: call it off the event loops.
 */
final class WorkerJarBundles {

    private static final Pattern BUNDLE = Pattern.compile("dev/hangar/worker/native/[^/]+/bundle\\.properties");

    private WorkerJarBundles() {}

    /** Each distinct release the jar's bundles name (one, normally); empty for a jar without bundles or unreadable. */
    static List<String> llamaReleases(Path jar) {
        TreeSet<String> releases = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (BUNDLE.matcher(entry.getName()).matches()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        Properties bundle = new Properties();
                        bundle.load(in);
                        String release = bundle.getProperty("release");
                        if (release != null && !release.isBlank()) {
                            releases.add(release.strip());
                        }
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(releases);
    }
}
