package dev.hangar.server.reconcile;

import dev.hangar.server.core.FileTrees;
import dev.hangar.server.home.HangarHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What an endpoint's replicas leave on disk, under {@code $HANGAR_HOME/endpoints/<endpoint id>/}:
 * each replica's working directory {@code <replica id>/} (an Ollama copy of the model, a Modelfile)
 * and its log {@code <replica id>.log} with the rotated ones. Removed with the replica when it is
 * scaled away and with the endpoint when it is deleted, so that the disk does not fill with them.
 */
@Component
class EndpointFiles {

    private static final Logger log = LoggerFactory.getLogger(EndpointFiles.class);

    private final Path root;

    EndpointFiles(HangarHome home) {
        this.root = home.endpointsDirectory();
    }

    Path directory(String endpointId) {
        return root.resolve(endpointId);
    }

    void removeEndpoint(String endpointId) {
        remove(List.of(directory(endpointId)), "endpoint " + endpointId);
    }

    void removeReplica(String endpointId, String replicaId) {
        Path directory = directory(endpointId);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> replicaFiles = entries.filter(entry -> {
                        String name = entry.getFileName().toString();
                        return name.equals(replicaId) || name.startsWith(replicaId + ".log");
                    })
                    .toList();
            remove(replicaFiles, "replica " + replicaId + " of endpoint " + endpointId);
        } catch (IOException e) {
            log.warn(
                    "the files of replica {} of endpoint {} could not be listed: {}",
                    replicaId,
                    endpointId,
                    e.getMessage());
        }
    }

    private static void remove(List<Path> paths, String owner) {
        for (Path path : paths) {
            try {
                FileTrees.delete(path);
            } catch (IOException e) {
                // The endpoint or replica is gone either way; what is left only takes space, an admin can remove it.
                log.warn("the files of {} could not all be removed from {}: {}", owner, path, e.getMessage());
            }
        }
    }
}
