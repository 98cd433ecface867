package dev.hangar.server.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs the independent checks of one request and refuses every offending field at once (one 400
 * whose {@code errors[]} names them all), so that a form shows all its mistakes, not the first.
 * A check that fails otherwise (a 404, 409, 403) ends the request: with the fields refused before
 * it, if any (the fields are the request's first problem), else as it failed.
 */
public final class FieldChecks {

    private final List<FieldProblem> problems = new ArrayList<>();

    /** The check's result, or empty when it refused fields, which are kept for {@link #refuseAny()}. */
    public <T> Optional<T> check(Supplier<T> check) {
        try {
            return Optional.of(check.get());
        } catch (ApiException e) {
            if (e.type() != ProblemType.VALIDATION || e.errors().isEmpty()) {
                refuseAny();
                throw e;
            }
            problems.addAll(e.errors());
            return Optional.empty();
        }
    }

    public void run(Runnable check) {
        check(() -> {
            check.run();
            return true;
        });
    }

    /** Throws the 400 naming every field refused so far, if any was. */
    public void refuseAny() {
        if (!problems.isEmpty()) {
            throw ApiException.invalidFields(problems);
        }
    }
}
