package dev.hangar.server.telemetry;

import dev.hangar.server.home.HangarHome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's request log: one JSON line per routed request (time, key, user, endpoint, replica,
 * status, latency, time to first token, tokens, cost, load), in a file per UTC day under
 * {@code logs/requests/} ({@code 2026-12-05.jsonl}), for a person finding out what happened and
 * for tools that ship logs. The metering thread appends; files older than
 * {@code HANGAR_REQUEST_LOG_RETENTION} are deleted. A request the log cannot take (disk full) is
 * still counted in usage and metrics, and in {@code hangar_gateway_request_log_lost_total}.
 *
 * <p>Each line is written field by field on one generator per file: serializing each request as
 * a bean (a generator and a byte array per line) took more CPU than the rest of metering together.
 */
@Component
class RequestLog {

    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final ObjectWriter writer;
    private final Counter lost;
    private LocalDate day;
    private Instant dayStarts = Instant.MAX;
    private Instant dayEnds = Instant.MIN;
    private JsonGenerator out;
    private boolean failing;

    @Autowired
    RequestLog(HangarHome home, JsonMapper json, MeterRegistry meters) {
        this(home.logsDirectory().resolve("requests"), json, meters);
    }

    RequestLog(Path directory, JsonMapper json, MeterRegistry meters) {
        this.directory = directory;
        this.writer = json.writer().withRootValueSeparator("");
        this.lost = Counter.builder("hangar.gateway.request.log.lost")
                .description("Routed requests the request log could not write (they are still in usage and metrics)")
                .register(meters);
    }

    Path directory() {
        return directory;
    }

    /** Appends the requests and flushes them to the file. */
    synchronized void append(List<GatewayRequest> requests) {
        int written = 0;
        try {
            for (GatewayRequest request : requests) {
                if (out == null
                        || !request.at().isBefore(dayEnds)
                        || request.at().isBefore(dayStarts)) {
                    open(dayOf(request.at()));
                }
                write(request);
                written++;
            }
            out.flush();
            if (failing) {
                failing = false;
                log.info("request log: writing to {} again", directory);
            }
        } catch (IOException | RuntimeException e) { // a JacksonException carries the disk's IOException
            lost.increment(requests.size() - written);
            close();
            if (!failing) {
                failing = true;
                log.error(
                        "request log: cannot write to {} ({}); requests are still counted in usage and metrics,"
                                + " and the ones not logged in hangar_gateway_request_log_lost_total",
                        directory,
                        e.toString());
            }
        }
    }

    /** Deletes the days before {@code before}'s day (never the day being written); answers how many. */
    synchronized int deleteBefore(Instant before) {
        LocalDate first = dayOf(before);
        int deleted = 0;
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    LocalDate fileDay = LocalDate.parse(name.substring(0, name.length() - SUFFIX.length()));
                    if (fileDay.isBefore(first) && !fileDay.equals(day) && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (DateTimeParseException notOurs) {
                    // a file someone put there: left alone
                }
            }
        } catch (IOException e) {
            log.warn("request log: cannot delete old days in {}: {}", directory, e.toString());
        }
        return deleted;
    }

    /** Closes the day being written; the next append opens its day again. */
    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (RuntimeException e) {
                log.warn("request log: closing {} failed: {}", file(day), e.toString());
            }
            out = null;
        }
    }

    private void open(LocalDate requestDay) throws IOException {
        close();
        Files.createDirectories(directory);
        out = writer.createGenerator(
                Files.newOutputStream(file(requestDay), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                JsonEncoding.UTF8);
        day = requestDay;
        dayStarts = requestDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        dayEnds = requestDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** One line: the fields of {@link GatewayRequest}, in its order and with its names. */
    private void write(GatewayRequest request) {
        out.writeStartObject();
        out.writeStringProperty("at", request.at().toString());
        out.writeStringProperty("apiKeyId", request.apiKeyId());
        out.writeStringProperty("userId", request.userId());
        out.writeStringProperty("endpointId", request.endpointId());
        out.writeStringProperty("endpointName", request.endpointName());
        out.writeStringProperty("replicaId", request.replicaId());
        out.writeStringProperty("kind", request.kind());
        out.writeNumberProperty("status", request.status());
        out.writeNumberProperty("latencyMs", request.latencyMs());
        if (request.ttftMs() == null) {
            out.writeNullProperty("ttftMs");
        } else {
            out.writeNumberProperty("ttftMs", request.ttftMs());
        }
        out.writeNumberProperty("promptTokens", request.promptTokens());
        out.writeNumberProperty("completionTokens", request.completionTokens());
        out.writeBooleanProperty("tokensEstimated", request.tokensEstimated());
        out.writeNumberProperty("cost", request.cost());
        out.writeNumberProperty("inFlight", request.inFlight());
        out.writeNumberProperty("queued", request.queued());
        out.writeNumberProperty("replicas", request.replicas());
        out.writeEndObject();
        out.writeRaw('\n');
    }

    private Path file(LocalDate fileDay) {
        return directory.resolve(fileDay + SUFFIX);
    }

    private static LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
