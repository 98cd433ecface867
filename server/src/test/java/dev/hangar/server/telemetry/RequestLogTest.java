package dev.hangar.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The request log: a JSON line per request in a file per UTC day, old days deleted, a failing disk counted. */
class RequestLogTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path home;

    @Test
    void writesOneJsonLinePerRequestInTheFileOfItsUtcDay() throws IOException {
        RequestLog log = new RequestLog(home.resolve("requests"), json, meters);
        log.append(
                List.of(
                        request(Instant.parse("2026-12-04T23:59:59.5Z"), "key_a", 200),
                        request(Instant.parse("2026-12-05T00:00:00.1Z"), "key_b", 429)),
                1);
        log.append(List.of(request(Instant.parse("2026-12-05T08:00:00Z"), null, 200)), 3);
        log.close();

        assertThat(lines("2026-12-04.jsonl")).singleElement().satisfies(line -> {
            assertThat(line.get("seq").asLong()).isEqualTo(1);
            assertThat(line.get("at").asString()).isEqualTo("2026-12-04T23:59:59.500Z");
            assertThat(line.get("apiKeyId").asString()).isEqualTo("key_a");
            assertThat(line.get("endpointName").asString()).isEqualTo("chat");
            assertThat(line.get("status").asInt()).isEqualTo(200);
            assertThat(line.get("promptTokens").asLong()).isEqualTo(7);
            assertThat(line.get("ttftMs").asDouble()).isEqualTo(3.5);
        });
        assertThat(lines("2026-12-05.jsonl"))
                .extracting(
                        line -> line.get("status").asInt(),
                        line -> line.get("seq").asLong())
                .containsExactly(tuple(429, 2L), tuple(200, 3L));
    }

    @Test
    void writesEveryFieldOfTheRequestUnderItsNameNullsIncluded() throws IOException {
        GatewayRequest unanswered = new GatewayRequest(
                Instant.parse("2026-12-05T10:00:00.123456789Z"),
                null,
                "usr_a",
                "ep_1",
                "chat",
                null,
                "embedding",
                503,
                0.25,
                null,
                0,
                0,
                true,
                0,
                3,
                2,
                0,
                null);
        GatewayRequest answered = request(Instant.parse("2026-12-05T10:00:01Z"), "key_a", 200);
        RequestLog log = new RequestLog(home.resolve("requests"), json, meters);
        log.append(List.of(unanswered, answered), 41);
        log.close();

        assertThat(Files.readString(home.resolve("requests/2026-12-05.jsonl")))
                .isEqualTo("{\"seq\":41," + json.writeValueAsString(unanswered).substring(1) + "\n" + "{\"seq\":42,"
                        + json.writeValueAsString(answered).substring(1) + "\n")
                .startsWith("{\"seq\":41,\"at\":\"2026-12-05T10:00:00.123456789Z\",\"apiKeyId\":null,");
    }

    @Test
    void deletesTheDaysBeforeTheRetentionOnlyAndLeavesOtherFilesAlone() throws IOException {
        RequestLog log = new RequestLog(home.resolve("requests"), json, meters);
        log.append(
                List.of(
                        request(Instant.parse("2026-09-01T10:00:00Z"), "key_a", 200),
                        request(Instant.parse("2026-09-02T10:00:00Z"), "key_a", 200)),
                1);
        log.close();
        Files.writeString(home.resolve("requests/notes.jsonl"), "{}\n");

        assertThat(log.deleteBefore(Instant.parse("2026-09-02T05:00:00Z"))).isEqualTo(1);

        try (var files = Files.list(home.resolve("requests"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("2026-09-02.jsonl", "notes.jsonl");
        }
    }

    @Test
    void theRequestLogDropsItsOldestDaysPastItsCap() throws IOException {
        RequestLog log = new RequestLog(home.resolve("requests"), json, meters);
        for (int day = 1; day <= 4; day++) {
            log.append(List.of(request(Instant.parse("2026-09-0" + day + "T10:00:00Z"), "key_a", 200)), day);
        }
        long oneDay = Files.size(home.resolve("requests/2026-09-04.jsonl"));

        assertThat(log.deleteOldestPast(2 * oneDay + 10)).isEqualTo(2);
        assertThat(log.deleteOldestPast(0))
                .as("the day being written stays, even alone past the cap")
                .isEqualTo(1);

        try (var files = Files.list(home.resolve("requests"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("2026-09-04.jsonl");
        }
    }

    @Test
    void readsBackTheRequestsNumberedAfterOneAndSkipsALineCutShort() throws IOException {
        RequestLog log = new RequestLog(home.resolve("requests"), json, meters);
        long first = new RequestNumbers(java.time.Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC))
                .next(3);
        log.append(
                List.of(
                        request(Instant.parse("2026-12-05T10:00:00Z"), "key_a", 200),
                        request(Instant.parse("2026-12-05T10:00:01Z"), "key_b", 200)),
                first);
        log.close();
        Files.writeString(
                home.resolve("requests/2026-12-05.jsonl"),
                "{\"seq\":99999999999999999,\"at\":\"20",
                StandardOpenOption.APPEND);
        log.append(List.of(request(Instant.parse("2026-12-05T10:00:02Z"), "key_c", 200)), first + 2);
        log.close();

        List<RequestLog.LoggedRequest> read = new ArrayList<>();
        log.readAfter(first, read::add);

        assertThat(read)
                .extracting(
                        RequestLog.LoggedRequest::seq,
                        logged -> logged.request().apiKeyId())
                .containsExactly(tuple(first + 1, "key_b"), tuple(first + 2, "key_c"));
        assertThat(read.getFirst().request()).isEqualTo(request(Instant.parse("2026-12-05T10:00:01Z"), "key_b", 200));
    }

    @Test
    void countsWhatItCannotWriteAndWritesAgainOnceItCan() throws IOException {
        Path directory = home.resolve("requests");
        Files.writeString(directory, "a file where the directory should be");
        RequestLog log = new RequestLog(directory, json, meters);

        log.append(
                List.of(
                        request(Instant.parse("2026-12-05T10:00:00Z"), "key_a", 200),
                        request(Instant.parse("2026-12-05T10:00:01Z"), "key_a", 200)),
                1);
        assertThat(meters.get("hangar.gateway.request.log.lost").counter().count())
                .isEqualTo(2);

        Files.delete(directory);
        log.append(List.of(request(Instant.parse("2026-12-05T10:00:02Z"), "key_a", 200)), 3);
        log.close();
        assertThat(lines("2026-12-05.jsonl")).hasSize(1);
        assertThat(meters.get("hangar.gateway.request.log.lost").counter().count())
                .isEqualTo(2);
    }

    private List<JsonNode> lines(String file) throws IOException {
        return Files.readAllLines(home.resolve("requests").resolve(file)).stream()
                .map(json::readTree)
                .toList();
    }

    private static GatewayRequest request(Instant at, String key, int status) {
        return new GatewayRequest(
                at, key, "usr_a", "ep_1", "chat", "rep_1", "chat", status, 12.5, 3.5, 7, 2, false, 0.001, 1, 0, 1,
                null);
    }
}
