package dev.hangar.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Hangar's version as the build recorded it in {@code META-INF/build-info.properties}. */
public final class HangarVersion implements IVersionProvider {

    /** The version, or {@code "dev"} when running from classes the build did not stamp. */
    public static String current() {
        try (InputStream in = HangarVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hangar " + current(), "java " + Runtime.version()};
    }
}
