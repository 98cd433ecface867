package dev.hangar.server.registry;

import dev.hangar.formats.pickle.PickleScanResult;
import dev.hangar.formats.pickle.PickleScanner;
import dev.hangar.server.core.BoundedProcess;
import dev.hangar.server.core.ExecutableSearch;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.imports.ImportRefused;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The security scan a model passes before it is deployable, after its headers were validated:
 * every pickle file ({@code .bin .pt .pth .ckpt .pkl}) walked for code it would run on load, and a
 * virus scan with ClamAV ({@code clamdscan}, else {@code clamscan}) where it is installed: first in
 * HANGAR_RUNTIME_PATH's directories, then on the PATH. Findings quarantine the model; a scanner
 * that is missing is reported as skipped; one that fails or does not finish fails the import.
 */
@Component
class ModelScanner {

    private static final Duration CLAMAV_TIMEOUT = Duration.ofMinutes(30);
    private static final List<String> CLAMAV = List.of("clamdscan", "clamscan");

    private final String searchPath;
    private final Duration timeout;

    @Autowired
    ModelScanner(HangarProperties properties) {
        this(properties.runtime().searchPath(), CLAMAV_TIMEOUT);
    }

    ModelScanner(List<Path> searchPath, Duration timeout) {
        this.searchPath = searchPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        this.timeout = timeout;
    }

    /** The outcome: clean (with what was checked and what was skipped), or findings that quarantine the model. */
    record Verdict(boolean clean, List<Message> notes) {
        Message summary() {
            return MessageCode.LIST_NOTES.join(notes);
        }
    }

    private static final Set<String> PICKLE_EXTENSIONS = Set.of(".bin", ".pt", ".pth", ".ckpt", ".pkl");

    Verdict scan(Path root, List<Path> files) throws IOException, ImportRefused {
        List<Message> notes = new ArrayList<>();
        notes.add(MessageCode.SCAN_HEADERS_VALID.with());
        List<String> findings = new ArrayList<>();
        int pickles = 0;
        for (Path file : files) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (PICKLE_EXTENSIONS.stream().anyMatch(name::endsWith)) {
                pickles++;
                PickleScanResult result = PickleScanner.scan(file);
                if (result.verdict() == PickleScanResult.Verdict.UNSAFE) {
                    result.findings().stream().limit(5).forEach(f -> findings.add(file.getFileName() + ": " + f));
                }
            }
        }
        if (!findings.isEmpty()) {
            return new Verdict(
                    false, List.of(MessageCode.SCAN_UNSAFE_PICKLE.with("findings", String.join("; ", findings))));
        }
        if (pickles > 0) {
            notes.add(MessageCode.SCAN_PICKLES_SAFE.with("count", pickles));
        }
        Optional<Path> clamav = clamav();
        if (clamav.isEmpty()) {
            notes.add(MessageCode.SCAN_VIRUS_SKIPPED.with());
            return new Verdict(true, notes);
        }
        return clamav(clamav.get(), root, notes);
    }

    /** Hangar's own directories win over the PATH, whichever of the two scanners each holds. */
    private Optional<Path> clamav() {
        for (String name : CLAMAV) {
            Optional<Path> own = ExecutableSearch.find(searchPath, name);
            if (own.isPresent()) {
                return own;
            }
        }
        return CLAMAV.stream()
                .map(ExecutableSearch::find)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private Verdict clamav(Path scanner, Path root, List<Message> notes) throws IOException, ImportRefused {
        List<String> command = new ArrayList<>(List.of(scanner.toString(), "--no-summary", "--infected"));
        if (scanner.getFileName().toString().equals("clamscan")) {
            command.add("--recursive");
        } else {
            command.add("--fdpass");
        }
        command.add(root.toString());
        BoundedProcess.Outcome outcome = BoundedProcess.run(command, timeout, 16 * 1024);
        if (outcome.exitCode().isEmpty()) {
            throw new ImportRefused(MessageCode.SCAN_VIRUS_TIMEOUT.with("timeout", timeout));
        }
        String output = outcome.output();
        return switch (outcome.exitCode().get()) {
            case 0 -> {
                notes.add(MessageCode.SCAN_VIRUS_CLEAN.with("scanner", scanner.getFileName()));
                yield new Verdict(true, notes);
            }
            case 1 -> new Verdict(false, List.of(MessageCode.SCAN_VIRUS_FOUND.with("output", output)));
            default ->
                throw new ImportRefused(MessageCode.SCAN_VIRUS_FAILED.with(
                        "scanner",
                        scanner.getFileName(),
                        "code",
                        outcome.exitCode().get(),
                        "output",
                        output));
        };
    }
}
