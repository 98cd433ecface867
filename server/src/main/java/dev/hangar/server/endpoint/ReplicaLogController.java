package dev.hangar.server.endpoint;

import dev.hangar.server.auth.AuthenticatedUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A replica's log: its last lines as JSON, or with {@code follow=true} the last lines and then each
 * new line as it is written, as Server-Sent Events (one {@code data:} per line) until the client
 * goes away.
 */
@RestController
@RequestMapping("/api/v1/endpoints/{idOrName}/replicas/{replicaId}/logs")
@Tag(name = "Endpoints")
class ReplicaLogController {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLogController.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Duration LONGEST_FOLLOW = Duration.ofHours(1);

    /** The last lines of one replica's log, oldest first. */
    record LogTail(String replica, String file, List<String> lines) {}

    private final EndpointService endpoints;
    private final ReplicaLogReader logs;

    ReplicaLogController(EndpointService endpoints, ReplicaLogReader logs) {
        this.endpoints = endpoints;
        this.logs = logs;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The last `tail` lines of a replica's log (stdout and stderr of its process)")
    LogTail tail(
            @PathVariable String idOrName,
            @PathVariable String replicaId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(10_000) int tail,
            @AuthenticationPrincipal AuthenticatedUser caller)
            throws IOException {
        Replica replica = endpoints.replica(caller, idOrName, replicaId);
        return new LogTail(replica.id(), replica.logFile(), logs.tail(Path.of(replica.logFile()), tail));
    }

    @GetMapping(params = "follow=true", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "The last `tail` lines, then new lines as Server-Sent Events while the client listens")
    SseEmitter follow(
            @PathVariable String idOrName,
            @PathVariable String replicaId,
            @RequestParam(defaultValue = "100") @Min(0) @Max(10_000) int tail,
            @AuthenticationPrincipal AuthenticatedUser caller)
            throws IOException {
        Replica replica = endpoints.replica(caller, idOrName, replicaId);
        Path file = Path.of(replica.logFile());
        List<String> last = logs.tail(file, tail);
        ReplicaLogReader.LogLines follow = logs.follow(file, Files.exists(file) ? Files.size(file) : 0);
        SseEmitter emitter = new SseEmitter(LONGEST_FOLLOW.toMillis());
        Thread.ofVirtual().name("log-follow-" + replica.id()).start(() -> stream(emitter, last, follow));
        return emitter;
    }

    private static void stream(SseEmitter emitter, List<String> first, ReplicaLogReader.LogLines follow) {
        try {
            for (String line : first) {
                emitter.send(SseEmitter.event().data(line));
            }
            long quietPolls = 0;
            while (true) {
                List<String> lines = follow.poll();
                for (String line : lines) {
                    emitter.send(SseEmitter.event().data(line));
                }
                quietPolls = lines.isEmpty() ? quietPolls + 1 : 0;
                if (quietPolls * POLL.toMillis() >= KEEP_ALIVE.toMillis()) {
                    // A comment every while tells a gone client from a quiet log.
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    quietPolls = 0;
                }
                Thread.sleep(POLL);
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("log follower ended: {}", e.getMessage());
            emitter.complete();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        }
    }
}
