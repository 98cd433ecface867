package dev.hangar.server.dataset;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Where a dataset's files are: {@code local}, a file or directory on this machine registered in place. */
public record DatasetSource(
        @NotNull @Pattern(regexp = "local", message = "must be 'local'; other dataset sources are not available yet")
        String type,

        @NotBlank @Size(max = 4096) String path) {}
