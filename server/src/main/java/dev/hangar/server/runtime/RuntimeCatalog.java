package dev.hangar.server.runtime;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The runtimes Hangar deploys on, with the engine arguments users actually set (flag names and
 * defaults from each runtime's documentation) and the command line each replica starts with: data,
 * read at start from {@code runtimes/} ({@link RuntimeFileReader}); docs/runtimes.md lists them.
 */
@Component
public class RuntimeCatalog {

    private final List<RuntimeSpec> runtimes;

    /** The server's own catalog; an unusable runtime file keeps the server from starting, naming the file and field. */
    public RuntimeCatalog() {
        this.runtimes = new RuntimeFileReader(RuntimeFileReader.BUILT_IN).read();
    }

    public List<RuntimeSpec> all() {
        return runtimes;
    }

    public Optional<RuntimeSpec> find(String name) {
        return runtimes.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Runtimes that accept a model of this format and task, in catalog order (built-in first). */
    public List<RuntimeSpec> fitting(String format, String task) {
        return runtimes.stream().filter(r -> r.accepts(format, task)).toList();
    }
}
