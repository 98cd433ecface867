package dev.hangar.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every runtime of the catalog against its golden file ({@code runtimes-golden/<name>.json}): the
 * schema the API serves for it, and for each recorded launch request the exact process it starts
 * (argv, environment, files, commands after start). A change to a runtime's data shows here as a
 * difference; the failure message holds the whole actual file, to review and commit.
 */
class RuntimeGoldenTest {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final LaunchRequest.BuiltInWorker WORKER = new LaunchRequest.BuiltInWorker(
            Path.of("/opt/jdk/bin/java"),
            Path.of("/opt/hangar/hangar-worker.jar"),
            Optional.of(Path.of("/cache/hangar-worker.jsa")));

    private static final RuntimeCatalog CATALOG = new RuntimeCatalog();

    /** One launch request of a golden file; model arguments are given as the path the launch receives. */
    record Case(String name, Map<String, Object> engineArgs, Map<String, String> modelPaths, int gpus, int threads) {}

    static Stream<RuntimeSpec> runtimes() {
        return CATALOG.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void servesAndLaunchesExactlyAsRecorded(RuntimeSpec runtime) throws IOException {
        JsonNode golden = golden(runtime.name());
        List<Case> cases = new ArrayList<>();
        golden.get("launches").forEach(c -> cases.add(JSON.treeToValue(c.get("request"), Case.class)));

        JsonNode actual = JSON.readTree(JSON.writeValueAsString(describe(runtime, cases)));

        assertThat(actual)
                .as(
                        "runtimes-golden/%s.json differs; the actual file is:%n%s",
                        runtime.name(), JSON.writeValueAsString(actual))
                .isEqualTo(golden);
    }

    @Test
    void everyEngineArgumentOfALaunchableRuntimeIsRenderedInSomeGoldenLaunch() throws IOException {
        for (RuntimeSpec runtime : CATALOG.all()) {
            if (runtime.notLaunchableReason().isPresent() || runtime.router()) {
                continue;
            }
            List<String> covered = new ArrayList<>();
            golden(runtime.name())
                    .get("launches")
                    .forEach(c -> c.at("/request/engineArgs").propertyNames().forEach(covered::add));
            assertThat(covered)
                    .as(runtime.name() + ": a golden launch sets every argument")
                    .containsAll(
                            runtime.engineArgs().stream().map(EngineArg::name).toList());
        }
    }

    private static JsonNode golden(String runtime) throws IOException {
        String resource = "/runtimes-golden/" + runtime + ".json";
        try (InputStream in = RuntimeGoldenTest.class.getResourceAsStream(resource)) {
            assertThat(in)
                    .as("a golden file " + resource + " for runtime " + runtime)
                    .isNotNull();
            return JSON.readTree(in);
        }
    }

    static Map<String, Object> describe(RuntimeSpec runtime, List<Case> cases) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("served", served(runtime));
        List<Object> launches = new ArrayList<>();
        for (Case c : cases) {
            Map<String, Object> launch = new LinkedHashMap<>();
            launch.put("request", c);
            launch.put("launch", launched(runtime, c));
            launches.add(launch);
        }
        file.put("launches", launches);
        return file;
    }

    /** What {@code GET /api/v1/runtimes} serves for the runtime, less its installation, plus what only the server reads. */
    private static Map<String, Object> served(RuntimeSpec runtime) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", runtime.name());
        view.put("displayName", runtime.displayName());
        view.put("builtIn", runtime.builtIn());
        view.put("formats", new TreeSet<>(runtime.formats()));
        view.put("tasks", new TreeSet<>(runtime.tasks()));
        view.put("devices", new TreeSet<>(runtime.devices()));
        view.put("launchable", runtime.notLaunchableReason().isEmpty());
        view.put("notLaunchableReason", runtime.notLaunchableReason().orElse(null));
        view.put("notLaunchableReasonCode", runtime.notLaunchableReasonCode().orElse(null));
        view.put("engineArgs", runtime.engineArgs());
        view.put("probe", runtime.probe());
        view.put("healthPath", runtime.healthPath());
        view.put("readinessTimeout", runtime.readinessTimeout().toString());
        view.put("concurrencyArg", runtime.concurrencyArg());
        view.put("router", runtime.router());
        return view;
    }

    private static Object launched(RuntimeSpec runtime, Case c) {
        Map<String, Object> validated = new LinkedHashMap<>(EngineArgValidator.validate(runtime, c.engineArgs()));
        validated.putAll(c.modelPaths());
        LaunchSpec spec;
        try {
            spec = runtime.launch(new LaunchRequest(
                    Path.of("/models/m"),
                    "chat-bot",
                    validated,
                    "127.0.0.1",
                    8101,
                    c.gpus(),
                    c.threads(),
                    Path.of("/var/hangar/replicas/r1"),
                    WORKER,
                    "tok_golden"));
        } catch (IllegalStateException e) {
            return Map.of("refused", e.getMessage());
        }
        Map<String, Object> launch = new LinkedHashMap<>();
        launch.put("argv", spec.argv());
        launch.put("env", new TreeMap<>(spec.env()));
        launch.put("workDir", spec.workDir().toString());
        launch.put("files", new TreeMap<>(spec.files()));
        launch.put("afterStart", spec.afterStart());
        launch.put("healthPath", spec.healthPath());
        launch.put("readinessTimeout", spec.readinessTimeout().toString());
        return launch;
    }
}
