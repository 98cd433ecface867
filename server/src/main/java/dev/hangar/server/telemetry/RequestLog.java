package dev.hangar.server.telemetry;

import dev.hangar.server.home.HangarHome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's request log: one JSON line per routed request (its number, time, key, user,
 * endpoint, replica, status, latency, time to first token, tokens, cost, load), in a file per UTC
 * day under {@code logs/requests/} ({@code 2026-12-05.jsonl}), for a person finding out what
 * happened, for tools that ship logs, and for metering: it is written before usage is counted, so
 * the usage a crash took with it is read back from here at the next start. The metering thread
 * appends; files older than
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
    private final JsonMapper json;
    private final ObjectWriter writer;
    private final ObjectReader reader;
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
        this.json = json;
        this.writer = json.writer().withRootValueSeparator("");
        this.reader = json.readerFor(GatewayRequest.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.lost = Counter.builder("hangar.gateway.request.log.lost")
                .description("Routed requests the request log could not write (they are still in usage and metrics)")
                .register(meters);
    }

    Path directory() {
        return directory;
    }

    /**
     * Appends the requests, numbered from {@code firstSeq} on, and flushes them to the file (to
     * the operating system, which keeps them when the process is killed).
     */
    synchronized void append(List<GatewayRequest> requests, long firstSeq) {
        int written = 0;
        try {
            for (GatewayRequest request : requests) {
                if (out == null
                        || !request.at().isBefore(dayEnds)
                        || request.at().isBefore(dayStarts)) {
                    open(dayOf(request.at()));
                }
                write(firstSeq + written, request);
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
        int deleted = 0;
        for (var old : days().headMap(dayOf(before)).entrySet()) {
            if (!old.getKey().equals(day) && delete(old.getValue())) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Deletes the oldest days until the log is no larger than {@code maxBytes} (never the day
     * being written, even when it alone is larger); answers how many.
     */
    synchronized int deleteOldestPast(long maxBytes) {
        NavigableMap<LocalDate, Path> days = days();
        long total = 0;
        for (Path file : days.values()) {
            total += size(file);
        }
        int deleted = 0;
        for (var oldest : days.entrySet()) {
            if (total <= maxBytes || oldest.getKey().equals(day)) {
                break;
            }
            long size = size(oldest.getValue());
            if (delete(oldest.getValue())) {
                total -= size;
                deleted++;
            }
        }
        return deleted;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("request log: cannot delete {}: {}", file, e.toString());
            return false;
        }
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

    /**
     * Reads back the requests numbered after {@code seq}, in the files of the days from the day
     * before {@code seq}'s on (a number holds the time it was given, see {@link RequestNumbers}).
     * Lines that do not parse (the last one, cut by a crash) and lines written before requests
     * were numbered are skipped.
     */
    synchronized void readAfter(long seq, Consumer<LoggedRequest> reader) {
        LocalDate firstDay = dayOf(RequestNumbers.timeOf(seq)).minusDays(1);
        for (Path file : days().tailMap(firstDay).values()) {
            try (Stream<String> lines = Files.lines(file)) {
                lines.map(this::parse)
                        .flatMap(Optional::stream)
                        .filter(logged -> logged.seq() > seq)
                        .forEach(reader);
            } catch (IOException | UncheckedIOException e) {
                log.warn("request log: cannot read {} back: {}", file, e.toString());
            }
        }
    }

    /** A request read back from the log, with its number. */
    record LoggedRequest(long seq, GatewayRequest request) {}

    private Optional<LoggedRequest> parse(String line) {
        try {
            JsonNode node = json.readTree(line);
            JsonNode seq = node.get("seq");
            if (seq == null || !seq.isIntegralNumber()) {
                return Optional.empty();
            }
            return Optional.of(new LoggedRequest(seq.asLong(), reader.readValue(node)));
        } catch (RuntimeException unreadable) { // a JacksonException: a line cut short
            return Optional.empty();
        }
    }

    /** The log's files by day, oldest first. */
    private NavigableMap<LocalDate, Path> days() {
        NavigableMap<LocalDate, Path> days = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return days;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    days.put(LocalDate.parse(name.substring(0, name.length() - SUFFIX.length())), file);
                } catch (DateTimeParseException notOurs) {
                    // a file someone put there: left alone
                }
            }
        } catch (IOException e) {
            log.warn("request log: cannot list {}: {}", directory, e.toString());
        }
        return days;
    }

    private void open(LocalDate requestDay) throws IOException {
        close();
        Files.createDirectories(directory);
        Path file = file(requestDay);
        endLineCutShort(file);
        out = writer.createGenerator(
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), JsonEncoding.UTF8);
        day = requestDay;
        dayStarts = requestDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        dayEnds = requestDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Ends a last line a killed process left unfinished, so that the next line is not glued to it. */
    private static void endLineCutShort(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            if (size > 0 && channel.read(last, size - 1) == 1 && last.get(0) != '\n') {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
            }
        }
    }

    /** One line: its number, then the fields of {@link GatewayRequest}, in its order and with its names. */
    private void write(long seq, GatewayRequest request) {
        out.writeStartObject();
        out.writeNumberProperty("seq", seq);
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
        out.writeStringProperty("adapter", request.adapter());
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
