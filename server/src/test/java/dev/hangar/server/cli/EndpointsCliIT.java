package dev.hangar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.StandInProvider;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code hangar deploy} and {@code hangar endpoints …} run as a user runs them, against a real server and worker. */
class EndpointsCliIT extends ServerTest {

    private HangarCli hangar() {
        return new HangarCli(baseUrl(), adminKey());
    }

    @Test
    void deployFollowsTheStepsToRunningThenListShowLogsScaleStopAndRemove() {
        String model = unique("CLI-Tiny");
        Deployments.readyTinyGguf(admin(), SOURCES, model);
        String name = model.toLowerCase(Locale.ROOT);
        try {
            HangarCli.Run deployed = hangar().run("deploy", model, "--arg", "ctx-size=256");

            assertThat(deployed.exit()).as(deployed.err()).isZero();
            assertThat(deployed.out())
                    .contains("deploying " + name + ": model " + model + " on llama.cpp")
                    .contains("[ok] Validate configuration", "[ok] Fetch model", "[ok] Load model")
                    .contains("[ok] Prepare runtime", "[ok] Start server", "100% [ok] Verify and register")
                    .contains(name + " is Running: 1/1 replicas ready")
                    .contains("  #0 http://127.0.0.1:")
                    .contains("curl " + baseUrl() + "/v1/chat/completions -H \"Authorization: Bearer $HANGAR_API_KEY\"")
                    .contains("/v1/chat/completions", "\"model\":\"" + name + "\"");

            HangarCli.Run list = hangar().run("endpoints", "list", "-q", name);
            assertThat(list.out())
                    .contains("NAME", "STATE", "READY")
                    .containsPattern(name + " +Running +1/1 +llama.cpp");

            HangarCli.Run show = hangar().run("endpoints", "show", name);
            assertThat(show.out())
                    .contains("engineArgs    ctx-size=256")
                    .contains("[ok] Start server")
                    .containsPattern("0 +rep_\\w+ +ready +http://127.0.0.1:\\d+")
                    .contains("replica #0 ready");

            HangarCli.Run logs = hangar().run("endpoints", "logs", name, "--tail", "50");
            assertThat(logs.exit()).as(logs.err()).isZero();
            assertThat(logs.out()).contains("hangar worker ready");
            HangarCli.Run noSuchReplica = hangar().run("endpoints", "logs", name, "--replica", "3");
            assertThat(noSuchReplica.exit()).isEqualTo(1);
            assertThat(noSuchReplica.err()).contains("has no replica '3'; it has #0 rep_");

            HangarCli.Run scaled = hangar().run("endpoints", "scale", name, "2");
            assertThat(scaled.out())
                    .contains("replica bounds widened from 1..1 to 1..2")
                    .contains(name + ": 2 replica(s) wanted");
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(
                                    hangar().run("endpoints", "show", name).out())
                            .contains("serving " + name + " on 2 replica(s): http://127.0.0.1:"));

            HangarCli.Run stopped = hangar().run("endpoints", "stop", name, "--wait");
            assertThat(stopped.exit()).as(stopped.err()).isZero();
            assertThat(stopped.out()).startsWith("stopping " + name + "…\n").endsWith(name + " is Stopped\n");
            assertThat(hangar().run("endpoints", "list", "-q", name).out()).containsPattern(name + " +Stopped +0/2");

            HangarCli.Run removed = hangar().run("endpoints", "rm", name);
            assertThat(removed.out()).contains("deleted endpoint " + name);
            HangarCli.Run gone = hangar().run("endpoints", "show", name);
            assertThat(gone.exit()).isEqualTo(1);
            assertThat(gone.err())
                    .contains("No endpoint '" + name + "'", "HTTP 404")
                    .doesNotContain("Exception");
        } finally {
            admin().delete("/api/v1/endpoints/" + name);
        }
    }

    @Test
    void aRouterEndpointIsListedShownAndRemovedWithItsProviderInPlaceOfAModel() throws Exception {
        String name = unique("cli-router");
        try (StandInProvider provider = new StandInProvider("sk-cli", List.of("hosted-model"))) {
            var created = admin().postJson(
                            "/api/v1/endpoints",
                            "{\"name\":\"" + name + "\",\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\""
                                    + provider.baseUrl() + "\",\"model\":\"hosted-model\",\"apiKey\":\"sk-cli\"}}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            Deployments.awaitState(admin(), name, Duration.ofSeconds(30), "Running");

            assertThat(hangar().run("endpoints", "list", "-q", name).out())
                    .containsPattern(name + " +Running +1/1 +openai-compatible +hosted-model at http://loca");
            HangarCli.Run show = hangar().run("endpoints", "show", name);
            assertThat(show.exit()).as(show.err()).isZero();
            assertThat(show.out())
                    .contains("upstream      hosted-model at " + provider.baseUrl())
                    .contains("resource      local/-")
                    .doesNotContain("sk-cli");
            HangarCli.Run removed = hangar().run("endpoints", "rm", name);
            assertThat(removed.out()).contains("deleted endpoint " + name, "serving hosted-model at");
        } finally {
            admin().delete("/api/v1/endpoints/" + name);
        }
    }

    @Test
    void aModelWhoseFileIsGoneFailsTheDeploymentAndTheCliSaysWhyWithTheLastEvents() throws Exception {
        String model = unique("vanishing");
        Deployments.readyTinyGguf(admin(), SOURCES, model);
        Files.delete(SOURCES.resolve(model + ".gguf"));
        try {
            HangarCli.Run failed = hangar().run("deploy", model);

            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.out())
                    .contains("[!!] Validate configuration")
                    .contains("files of model " + model + " are gone")
                    .contains("last events:")
                    .contains("created by admin");
            assertThat(failed.err())
                    .containsPattern(model + " is NoAppFile: Validate configuration failed: files of model " + model
                            + " are gone")
                    .doesNotContain("Exception");
        } finally {
            admin().delete("/api/v1/endpoints/" + model);
        }
    }

    @Test
    void aRuntimeThatDoesNotFitTheModelIsRefusedWithTheServersReason() {
        String model = unique("gguf");
        Deployments.readyTinyGguf(admin(), SOURCES, model);

        HangarCli.Run refused = hangar().run("deploy", model, "--runtime", "vllm");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .contains("vllm does not serve gguf for text-generation models", "llama.cpp, llama-server", "HTTP 400")
                .doesNotContain("Exception");
        assertThat(admin().get("/api/v1/endpoints/" + model).status()).isEqualTo(404);
    }
}
