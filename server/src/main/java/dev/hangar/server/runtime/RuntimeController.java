package dev.hangar.server.runtime;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The runtime catalog: what each runtime accepts, whether it is installed here, and its engine arguments. */
@RestController
@RequestMapping("/api/v1/runtimes")
@Tag(name = "Runtimes", description = "Runtimes, their engine-argument schemas and whether this machine has them")
class RuntimeController {

    record RuntimeView(
            String name,
            String displayName,
            boolean builtIn,
            Set<String> formats,
            Set<String> tasks,
            Set<String> devices,
            Installation installation,
            boolean launchable,
            String notLaunchableReason,
            String notLaunchableReasonCode,
            List<EngineArg> engineArgs) {}

    private final RuntimeCatalog catalog;
    private final RuntimeInstallations installations;

    RuntimeController(RuntimeCatalog catalog, RuntimeInstallations installations) {
        this.catalog = catalog;
        this.installations = installations;
    }

    @GetMapping
    @Operation(summary = "Every runtime, built-in first")
    List<RuntimeView> list() {
        return catalog.all().stream().map(this::view).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One runtime")
    RuntimeView get(@PathVariable String name) {
        return view(catalog.find(name).orElseThrow(() -> ApiException.notFound(MessageCode.NOUN_RUNTIME, name)));
    }

    private RuntimeView view(RuntimeSpec runtime) {
        return new RuntimeView(
                runtime.name(),
                runtime.displayName(),
                runtime.builtIn(),
                runtime.formats(),
                runtime.tasks(),
                runtime.devices(),
                installations.of(runtime),
                runtime.notLaunchableReason().isEmpty(),
                runtime.notLaunchableReason().orElse(null),
                runtime.notLaunchableReasonCode().orElse(null),
                runtime.engineArgs());
    }
}
