package dev.hangar.server.dataset;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import dev.hangar.server.core.Visibility;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dataset registry API. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Register JSONL and CSV datasets, read their rows, columns and schema, list them")
class DatasetController {

    record CreateDatasetRequest(
            @NotBlank
            @Pattern(
                    regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}",
                    message = "must be 1-128 of A-Z, a-z, 0-9, '.', '_', '-', starting with a letter or digit")
            String name,

            @NotNull @Valid DatasetSource source,
            Visibility visibility,
            @Size(max = 2000) String description,
            DatasetFormat format) {}

    record UpdateDatasetRequest(@Size(max = 2000) String description, Visibility visibility) {}

    private final DatasetService datasets;

    DatasetController(DatasetService datasets) {
        this.datasets = datasets;
    }

    @PostMapping
    @Operation(
            summary = "Register a JSONL or CSV file, or a directory of them, in place; the files are read in the"
                    + " background, follow `status`")
    ResponseEntity<Dataset> create(
            @Valid @RequestBody CreateDatasetRequest request, @AuthenticationPrincipal AuthenticatedUser caller) {
        Dataset dataset = datasets.register(
                caller,
                new DatasetService.NewDataset(
                        request.name(),
                        request.source(),
                        request.visibility(),
                        request.description(),
                        Optional.ofNullable(request.format())));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/datasets/" + dataset.id()))
                .body(dataset);
    }

    @GetMapping
    @Operation(summary = "List the datasets you may see, filtered and sorted")
    Page<Dataset> list(
            @RequestParam Optional<@Size(max = 200) String> q,
            @RequestParam Optional<DatasetFormat> format,
            @RequestParam Optional<DatasetSchema> schema,
            @RequestParam Optional<Visibility> visibility,
            @RequestParam Optional<DatasetStatus> status,
            @RequestParam(defaultValue = "newest") DatasetQuery.Sort sort,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(PageRequest.MAX_SIZE) int size,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return datasets.list(
                caller, new DatasetQuery(q, format, schema, visibility, status, sort, new PageRequest(page, size)));
    }

    @GetMapping("/{idOrName}")
    @Operation(summary = "A dataset with its totals and, per file, its rows and columns")
    Dataset get(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return datasets.get(caller, idOrName);
    }

    @GetMapping("/{idOrName}/events")
    @Operation(summary = "The dataset's status changes, oldest first, each with its reason")
    List<DatasetEvent> events(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return datasets.events(caller, idOrName);
    }

    @PatchMapping("/{idOrName}")
    @Operation(summary = "Change description or visibility (owner or admin)")
    Dataset update(
            @PathVariable String idOrName,
            @Valid @RequestBody UpdateDatasetRequest request,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return datasets.update(
                caller, idOrName, new DatasetService.DatasetChanges(request.description(), request.visibility()));
    }

    @PostMapping("/{idOrName}/reimport")
    @Operation(summary = "Read a ready or failed dataset's files again, e.g. after they changed")
    ResponseEntity<Dataset> reimport(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return ResponseEntity.accepted().body(datasets.reimport(caller, idOrName));
    }

    @DeleteMapping("/{idOrName}")
    @Operation(summary = "Remove a dataset from the registry; its files stay where they are")
    ResponseEntity<Void> delete(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        datasets.delete(caller, idOrName);
        return ResponseEntity.noContent().build();
    }
}
