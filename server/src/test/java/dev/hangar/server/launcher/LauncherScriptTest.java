package dev.hangar.server.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./hangar} launcher choosing a JDK, run for real with {@code sh} against
 * JDK directories made by the test (a {@code release} file and executable {@code bin/java} and
 * {@code bin/javac}), and a PATH holding only the tools the script uses.
 */
class LauncherScriptTest {

    private static final Path LAUNCHER =
            Path.of("..", "hangar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path jvms;
    private Path tools;

    @BeforeEach
    void plainPathWithoutJava() throws IOException {
        jvms = Files.createDirectories(dir.resolve("jvm"));
        tools = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of(
                "sh",
                "sed",
                "dirname",
                "readlink",
                "head",
                "tr",
                "cat",
                "find",
                "mktemp",
                "rm",
                "tail",
                "mkdir",
                "touch")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(tools.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String exe : List.of("java", "javac")) {
            Path file = bin.resolve(exe);
            Files.writeString(file, "#!/bin/sh\necho fake\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    private record Result(int exit, String stdout, String stderr) {}

    private Result launcher(Map<String, String> env, String... args) throws Exception {
        return launcher(LAUNCHER, env, args);
    }

    private Result launcher(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", tools.toString());
        builder.environment().put("HOME", dir.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("launcher finished")
                .isTrue();
        return new Result(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void javaHomeOnJdk21StillFindsTheNewestJdkOf25OrLater() throws Exception {
        Path jdk21 = fakeJdk("jdk-21", "21.0.7");
        fakeJdk("temurin-25", "25.0.3");
        Path jdk26 = fakeJdk("jdk-26", "26.0.1");

        Result result = launcher(Map.of("JAVA_HOME", jdk21.toString(), "HANGAR_JVM_DIR", jvms.toString()), "java-home");

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(result.stdout().trim()).isEqualTo(jdk26.toString());
        assertThat(result.stderr()).contains("not a JDK >= 25");
    }

    @Test
    void javaHomeOf25OrLaterIsUsedAsItIs() throws Exception {
        Path jdk25 = fakeJdk("temurin-25", "25.0.3");
        fakeJdk("jdk-26", "26.0.1");

        Result result = launcher(Map.of("JAVA_HOME", jdk25.toString(), "HANGAR_JVM_DIR", jvms.toString()), "java-home");

        assertThat(result.stdout().trim()).isEqualTo(jdk25.toString());
    }

    @Test
    void noSuitableJdkExitsNonZeroSayingWhatToInstall() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        fakeJdk("jdk-21", "21.0.7");

        Result result = launcher(Map.of("JAVA_HOME", jdk17.toString(), "HANGAR_JVM_DIR", jvms.toString()), "serve");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("no JDK >= 25 found").contains("install");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Result result = launcher(Map.of(), "--help");

        assertThat(result.exit()).isZero();
        assertThat(result.stdout()).contains("serve").contains("test").contains("worker");
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * A copy of the launcher in a project of its own whose {@code mvnw} writes its arguments to
     * {@code mvnw.args}, prints a Maven log of two modules and ends with {@code exit}; a {@code node}
     * of {@code nodeVersion} on PATH (none when null).
     */
    private Path projectWithFakeMaven(int exit, String nodeVersion) throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.copy(LAUNCHER, project.resolve("hangar"));
        StringBuilder maven = new StringBuilder("#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/mvnw.args\"\n");
        maven.append("echo '[INFO] Building Hangar 0.1.0                                  [1/2]'\n");
        for (int i = 0; i < 300; i++) {
            maven.append("echo '[INFO] compiling file ").append(i).append("'\n");
        }
        maven.append("echo '[INFO] Building Hangar server 0.1.0                           [2/2]'\n");
        maven.append("echo '[ERROR] the last words of the build'\n");
        maven.append("mkdir -p server/target && echo jar > server/target/hangar-server.jar\n");
        maven.append("exit ").append(exit).append('\n');
        executable(project.resolve("mvnw"), maven.toString());
        if (nodeVersion != null) {
            executable(tools.resolve("node"), "#!/bin/sh\necho " + nodeVersion + "\n");
        }
        return project;
    }

    @Test
    void theBuildShowsOneLinePerModuleKeepsTheWholeLogInAFileAndNeverFormats() throws Exception {
        Path jdk = fakeJdk("temurin-25", "25.0.3");
        Path project = projectWithFakeMaven(0, "v22.12.0");

        Result result = launcher(project.resolve("hangar"), Map.of("JAVA_HOME", jdk.toString()), "build");

        assertThat(result.exit()).as(result.stderr()).isZero();
        Path log = project.resolve("target/build.log");
        assertThat(result.stderr())
                .contains("the whole build log: " + log)
                .contains("[1/2 Hangar 0.1.0]")
                .contains("[2/2 Hangar server 0.1.0]")
                .doesNotContain("compiling file");
        assertThat(result.stderr().lines().count()).isLessThan(10);
        assertThat(Files.readString(log)).contains("compiling file 0", "compiling file 299");
        assertThat(Files.readString(project.resolve("mvnw.args")))
                .contains("-Dspotless.apply.skip=true")
                .doesNotContain("spotless:apply");
    }

    @Test
    void aFailedBuildShowsTheEndOfItsLogAndWhereTheWholeLogIs() throws Exception {
        Path jdk = fakeJdk("temurin-25", "25.0.3");
        Path project = projectWithFakeMaven(1, "v22.12.0");

        Result result = launcher(project.resolve("hangar"), Map.of("JAVA_HOME", jdk.toString()), "build");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr())
                .contains("[ERROR] the last words of the build")
                .contains("build failed; the whole log is in " + project.resolve("target/build.log"));
    }

    @Test
    void formatIsItsOwnCommandAndTheTestCommandOnlyChecksTheFormatting() throws Exception {
        Path jdk = fakeJdk("temurin-25", "25.0.3");
        Path project = projectWithFakeMaven(0, "v22.12.0");

        launcher(project.resolve("hangar"), Map.of("JAVA_HOME", jdk.toString()), "format");
        assertThat(Files.readString(project.resolve("mvnw.args"))).contains("spotless:apply");

        launcher(project.resolve("hangar"), Map.of("JAVA_HOME", jdk.toString()), "test");
        assertThat(Files.readString(project.resolve("mvnw.args")))
                .contains("spotless:check")
                .contains("-Dspotless.apply.skip=true")
                .doesNotContain("spotless:apply");
    }

    @Test
    void aNodeOlderThanTheWebUiNeedsStopsTheBuildSayingWhichIsNeeded() throws Exception {
        Path jdk = fakeJdk("temurin-25", "25.0.3");
        Path project = projectWithFakeMaven(0, "v18.20.4");

        Result result = launcher(project.resolve("hangar"), Map.of("JAVA_HOME", jdk.toString()), "build");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("needs Node.js 20.19 or newer").contains("this one is v18.20.4");
        assertThat(project.resolve("mvnw.args")).doesNotExist();
    }

    @Test
    void noNodeAtAllStopsTheBuildSayingWhatToInstall() throws Exception {
        Path jdk = fakeJdk("temurin-25", "25.0.3");
        Path project = projectWithFakeMaven(0, null);

        Result result = launcher(project.resolve("hangar"), Map.of("JAVA_HOME", jdk.toString()), "build");

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("there is no 'node' on PATH");
    }
}
