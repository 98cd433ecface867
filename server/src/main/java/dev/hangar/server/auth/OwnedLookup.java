package dev.hangar.server.auth;

import dev.hangar.server.core.Visibility;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Finds things users own (models, datasets) by id or name with the same rules everywhere: the
 * caller's own thing of that name first, else the one public thing of that name; a private thing is
 * seen only by its owner and admins (anyone else gets the same 404 as for a missing one), and only
 * they may change it.
 *
 * @param kind what the thing is called in messages ({@code noun.model})
 * @param publicByName public rows of a name; two are enough to know the name is ambiguous
 * @param describe how a row is named in the 403 message, e.g. {@code 'llama' (alice)}
 * @param <R> a stored row of the thing
 */
public record OwnedLookup<R>(
        MessageCode kind,
        Function<String, Optional<R>> byId,
        BiFunction<String, String, Optional<R>> byOwnerAndName,
        Function<String, List<R>> publicByName,
        Function<R, String> ownerId,
        Function<R, Visibility> visibility,
        Function<R, String> describe) {

    /** The row the caller may see, or a 404. */
    public R visible(AuthenticatedUser caller, String idOrName) {
        return byId.apply(idOrName)
                .or(() -> byOwnerAndName.apply(caller.userId(), idOrName))
                .filter(row -> usableBy(row, caller.userId(), caller.isAdmin()))
                .or(() -> onlyOne(publicByName.apply(idOrName)))
                .orElseThrow(() -> ApiException.notFound(kind, idOrName));
    }

    /** Whether the user may see and use the row: they own it, it is public, or they are an admin. */
    public boolean usableBy(R row, String userId, boolean admin) {
        return admin || ownerId.apply(row).equals(userId) || visibility.apply(row) == Visibility.PUBLIC;
    }

    /** The row the caller may change (they own it, or are an admin); a 404 or 403 otherwise. */
    public R owned(AuthenticatedUser caller, String idOrName) {
        return ownedTo(caller, idOrName, MessageCode.PURPOSE_CHANGE);
    }

    /**
     * The row the caller owns (or any, for an admin), for what only its owner may do or see, such as
     * {@code purpose.readEvents}; a 404 or 403 otherwise.
     */
    public R ownedTo(AuthenticatedUser caller, String idOrName, MessageCode purpose) {
        R row = visible(caller, idOrName);
        if (!ownedBy(row, caller)) {
            throw new ApiException(
                    ProblemType.FORBIDDEN,
                    MessageCode.OWNER_ONLY.with(
                            "what", kind.with(), "name", describe.apply(row), "purpose", purpose.with()));
        }
        return row;
    }

    /** Whether the caller owns the row or is an admin, and so sees all of it. */
    public boolean ownedBy(R row, AuthenticatedUser caller) {
        return caller.isAdmin() || ownerId.apply(row).equals(caller.userId());
    }

    /**
     * Refuses {@code name} for a thing of the caller's that is new or being made public when it is
     * the name of another user's public one: names resolve to the caller's own first and then to
     * the public one, so a second public thing of a name would break its resolution for everyone
     * and a private one would hijack it for its owner's keys.
     */
    public void refuseOthersPublicName(AuthenticatedUser caller, String name) {
        publicByName.apply(name).stream()
                .filter(row -> !ownerId.apply(row).equals(caller.userId()))
                .findFirst()
                .ifPresent(row -> {
                    throw new ApiException(
                            ProblemType.CONFLICT,
                            MessageCode.PUBLIC_NAME_TAKEN.with(
                                    "name", name, "what", kind.with(), "other", describe.apply(row)));
                });
    }

    /**
     * The 409 for a thing of the caller's refused by the database's unique index on public names:
     * another user's thing of {@code name} was made public between {@link #refuseOthersPublicName}
     * and the write.
     */
    public ApiException publicNameJustTaken(String name) {
        return new ApiException(
                ProblemType.CONFLICT, MessageCode.PUBLIC_NAME_JUST_TAKEN.with("what", kind.with(), "name", name));
    }

    private static <R> Optional<R> onlyOne(List<R> found) {
        return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
    }
}
