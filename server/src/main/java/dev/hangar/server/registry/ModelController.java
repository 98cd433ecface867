package dev.hangar.server.registry;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import dev.hangar.server.core.Visibility;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The model registry API. */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Register, inspect, scan and list models")
class ModelController {

    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    record CreateModelRequest(
            @NotBlank
            @Pattern(
                    regexp = NAME_PATTERN,
                    message = "must be 1-128 of A-Z, a-z, 0-9, '.', '_', '-', starting with a letter or digit")
            String name,

            @NotNull @Valid ModelSource source,
            Visibility visibility,
            @Size(max = 2000) String description,
            @Size(max = 64) String task,
            @Size(max = 256) String license) {}

    record UpdateModelRequest(
            @Size(max = 2000) String description,
            Visibility visibility,
            @Size(max = 64) String task,
            @Size(max = 256) String license) {}

    private final ModelService models;

    ModelController(ModelService models) {
        this.models = models;
    }

    @PostMapping
    @Operation(summary = "Register a model; the import (header check and scan) runs in the background, follow `status`")
    ResponseEntity<Model> create(
            @Valid @RequestBody CreateModelRequest request, @AuthenticationPrincipal AuthenticatedUser caller) {
        Model model = models.register(
                caller,
                new ModelService.NewModel(
                        request.name(),
                        request.source(),
                        request.visibility(),
                        request.description(),
                        request.task(),
                        request.license()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/models/" + model.id()))
                .body(model);
    }

    @GetMapping
    @Operation(summary = "List the models you may see, filtered and sorted")
    Page<Model> list(
            @RequestParam Optional<@Size(max = 200) String> q,
            @RequestParam Optional<ModelFormat> format,
            @RequestParam Optional<@Size(max = 64) String> architecture,
            @RequestParam Optional<@Size(max = 64) String> task,
            @RequestParam Optional<Visibility> visibility,
            @RequestParam Optional<ModelStatus> status,
            @RequestParam(defaultValue = "newest") ModelQuery.Sort sort,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(PageRequest.MAX_SIZE) int size,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return models.list(
                caller,
                new ModelQuery(q, format, architecture, task, visibility, status, sort, new PageRequest(page, size)));
    }

    @GetMapping("/{idOrName}")
    @Operation(summary = "A model with its metadata and files")
    Model get(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return models.get(caller, idOrName);
    }

    @GetMapping("/{idOrName}/events")
    @Operation(summary = "The model's status changes, oldest first, each with its reason")
    List<ModelEvent> events(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return models.events(caller, idOrName);
    }

    @PatchMapping("/{idOrName}")
    @Operation(summary = "Change description, visibility, task or license (owner or admin)")
    Model update(
            @PathVariable String idOrName,
            @Valid @RequestBody UpdateModelRequest request,
            @AuthenticationPrincipal AuthenticatedUser caller) {
        return models.update(
                caller,
                idOrName,
                new ModelService.ModelChanges(
                        request.description(), request.visibility(), request.task(), request.license()));
    }

    @PutMapping(value = "/{idOrName}/files/{*file}", consumes = "*/*")
    @Operation(
            summary =
                    "Upload one file of a model registered with source type 'upload'; resume with ?offset=<bytes the server has>")
    Map<String, Object> upload(
            @PathVariable String idOrName,
            @PathVariable String file,
            @RequestParam(defaultValue = "0") @Min(0) long offset,
            HttpServletRequest request,
            @AuthenticationPrincipal AuthenticatedUser caller)
            throws IOException {
        String name = file.startsWith("/") ? file.substring(1) : file;
        long received = models.receive(
                caller, idOrName, name, offset, request.getContentLengthLong(), request.getInputStream());
        return Map.of("file", name, "received", received);
    }

    @GetMapping("/{idOrName}/upload")
    @Operation(summary = "What an upload has received so far, per file")
    ModelService.UploadState uploadState(
            @PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return models.uploadState(caller, idOrName);
    }

    @PostMapping("/{idOrName}/upload/complete")
    @Operation(summary = "End an upload; the import (header check, scan) starts")
    ResponseEntity<Model> completeUpload(
            @PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return ResponseEntity.accepted().body(models.completeUpload(caller, idOrName));
    }

    @PostMapping("/{idOrName}/reimport")
    @Operation(summary = "Import a failed model again")
    ResponseEntity<Model> reimport(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        return ResponseEntity.accepted().body(models.reimport(caller, idOrName));
    }

    @DeleteMapping("/{idOrName}")
    @Operation(summary = "Remove a model from the registry; files registered in place stay where they are")
    ResponseEntity<Void> delete(@PathVariable String idOrName, @AuthenticationPrincipal AuthenticatedUser caller) {
        models.delete(caller, idOrName);
        return ResponseEntity.noContent().build();
    }
}
