package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.Replica;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Picks the replica for a request by the power of two random choices: of two replicas drawn at
 * random, the one with fewer requests in flight. That keeps load even without a global queue and
 * without all requests piling on the one replica that looked idlest a moment ago. A replica that
 * just refused a connection or failed is suspect for a few seconds and skipped while others exist.
 *
 * <p>Counts live in memory, in this server only: they describe requests this gateway has open.
 * A count is removed when it returns to zero, so replicas that are gone leave nothing behind.
 */
@Component
class ReplicaBalancer {

    static final Duration SUSPECT_FOR = Duration.ofSeconds(5);

    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Instant> suspectUntil = new ConcurrentHashMap<>();
    private final Clock clock;

    ReplicaBalancer(Clock clock) {
        this.clock = clock;
    }

    /** The replica to try among {@code candidates}; empty when there are none. */
    Optional<Replica> pick(List<Replica> candidates) {
        List<Replica> pool = candidates;
        if (!suspectUntil.isEmpty()) {
            Instant now = clock.instant();
            suspectUntil.values().removeIf(until -> !until.isAfter(now));
            List<Replica> trusted = candidates.stream()
                    .filter(r -> !suspectUntil.containsKey(r.id()))
                    .toList();
            pool = trusted.isEmpty() ? candidates : trusted;
        }
        if (pool.size() <= 1) {
            return pool.stream().findFirst();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(pool.size());
        int second = (first + 1 + random.nextInt(pool.size() - 1)) % pool.size();
        Replica a = pool.get(first);
        Replica b = pool.get(second);
        return Optional.of(inFlight(b) < inFlight(a) ? b : a);
    }

    /** Counts a request as in flight on {@code replica} until the lease is closed. */
    Lease acquire(Replica replica) {
        return new Lease(this, replica.id(), inFlight.merge(replica.id(), 1, Integer::sum));
    }

    /** Skips {@code replica} for {@link #SUSPECT_FOR} while others are there. */
    void suspect(Replica replica) {
        suspectUntil.put(replica.id(), clock.instant().plus(SUSPECT_FOR));
    }

    int inFlight(Replica replica) {
        return inFlight.getOrDefault(replica.id(), 0);
    }

    /**
     * A request's hold on a replica's in-flight count.
     *
     * @param sharing the replica's requests in flight when this one was counted, itself included: its share of the replica's time
     */
    record Lease(ReplicaBalancer balancer, String replicaId, int sharing) implements AutoCloseable {

        @Override
        public void close() {
            balancer.inFlight.computeIfPresent(replicaId, (key, count) -> count <= 1 ? null : count - 1);
        }
    }
}
