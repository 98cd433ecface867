package dev.hangar.server.endpoint;

import dev.hangar.server.core.ColumnText;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.SqlFilter;
import dev.hangar.server.core.UtcTimestamps;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.home.CredentialCipher;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.StoredParams;
import dev.hangar.server.runtime.RuntimeSpec;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code endpoints}, {@code replicas} and {@code endpoint_events} tables. */
@Repository
public class EndpointRepository {

    private static final String SELECT = "select e.*, u.username as owner, m.name as model_name,"
            + " c.name as cluster_name, r.name as resource_name, r.price_per_hour,"
            + " up.base_url as upstream_url, up.model as upstream_model, up.api_key as upstream_key,"
            + " up.prompt_price_per_million, up.completion_price_per_million,"
            + " (select count(*) from replicas x where x.endpoint_id = e.id and x.state = 'ready') as ready_replicas"
            + " from endpoints e join users u on u.id = e.owner_id left join models m on m.id = e.model_id"
            + " join clusters c on c.id = e.cluster_id left join resources r on r.id = e.resource_id"
            + " left join endpoint_upstreams up on up.endpoint_id = e.id ";

    /**
     * An endpoint's row with what the API view does not show.
     *
     * @param pricePerHour what one replica costs an hour, from its resource; null for a router endpoint
     * @param upstreamApiKey a router endpoint's provider API key, sealed by {@code CredentialCipher}; null when none
     */
    public record Row(
            Endpoint endpoint,
            String ownerId,
            String clusterId,
            String resourceId,
            BigDecimal pricePerHour,
            String upstreamApiKey,
            DesiredState desired,
            int generation,
            List<Instant> failureTimes) {

        /**
         * The {@code Authorization} header for a router endpoint's provider, its key opened; empty
         * when it has none. {@link IllegalStateException} when the key cannot be opened.
         */
        public Optional<String> upstreamAuthorization(CredentialCipher cipher) {
            return Optional.ofNullable(upstreamApiKey).map(key -> "Bearer " + cipher.open(key));
        }
    }

    /**
     * What a new endpoint is made of: the request as the user sent it, and what the service resolved
     * from it: its model (none for a router), how its replicas are launched, and how many.
     */
    record NewEndpoint(
            String id,
            String ownerId,
            CreateEndpointRequest request,
            String modelId,
            Launch launch,
            int minReplicas,
            int maxReplicas,
            Instant at) {

        String name() {
            return request.name();
        }

        /** The replicas it starts with: its minimum, and at least one. */
        int replicas() {
            return Math.max(1, minReplicas);
        }
    }

    /** How an endpoint's replicas are launched: runtime, engine arguments, env and LoRA adapters, and where. */
    record Launch(
            String runtime,
            Map<String, Object> engineArgs,
            Map<String, String> env,
            String clusterId,
            String resourceId,
            List<EndpointAdapter> adapters) {

        Launch(
                String runtime,
                Map<String, Object> engineArgs,
                Map<String, String> env,
                String clusterId,
                String resourceId) {
            this(runtime, engineArgs, env, clusterId, resourceId, List.of());
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final EndpointChanges changes;

    EndpointRepository(JdbcClient jdbc, JsonMapper json, EndpointChanges changes) {
        this.jdbc = jdbc;
        this.json = json;
        this.changes = changes;
    }

    /**
     * A router endpoint's upstream as stored.
     *
     * @param apiKey sealed by {@code CredentialCipher}; null when the provider needs none
     */
    record StoredUpstream(String baseUrl, String model, String apiKey, TokenPricing pricing) {}

    /** What one user owns: endpoints, and the replicas they may run together (each at its maxReplicas, a router at none). */
    record Holdings(long endpoints, long replicas) {}

    Holdings holdings(String ownerId) {
        return jdbc.sql("select count(*) as endpoints,"
                        + " coalesce(sum(case when runtime = ? then 0 else max_replicas end), 0) as replicas"
                        + " from endpoints where owner_id = ?")
                .params(RuntimeSpec.ROUTER, ownerId)
                .query((rs, row) -> new Holdings(rs.getLong("endpoints"), rs.getLong("replicas")))
                .single();
    }

    /** A new endpoint and, for a router, its upstream: both or neither. */
    @Transactional
    void insert(NewEndpoint e, StoredUpstream upstream) {
        insert(e);
        if (upstream != null) {
            jdbc.sql("insert into endpoint_upstreams (base_url, model, api_key, prompt_price_per_million,"
                            + " completion_price_per_million, endpoint_id) values (?, ?, ?, ?, ?, ?)")
                    .params(upstreamColumns(e.id(), upstream))
                    .update();
        }
    }

    /** Replaces a router endpoint's upstream; the gateway uses it from its next request. */
    void updateUpstream(String id, StoredUpstream upstream, Instant at) {
        jdbc.sql("update endpoint_upstreams set base_url = ?, model = ?, api_key = ?, prompt_price_per_million = ?,"
                        + " completion_price_per_million = ? where endpoint_id = ?")
                .params(upstreamColumns(id, upstream))
                .update();
        jdbc.sql("update endpoints set updated_at = ? where id = ?")
                .params(UtcTimestamps.column(at), id)
                .update();
        changes.changed();
    }

    /** The upstream's columns in the order both statements above name them, the endpoint's id last. */
    private static Object[] upstreamColumns(String endpointId, StoredUpstream upstream) {
        TokenPricing pricing = upstream.pricing();
        return new Object[] {
            upstream.baseUrl(),
            upstream.model(),
            upstream.apiKey(),
            pricing == null ? null : pricing.promptPerMillionTokens(),
            pricing == null ? null : pricing.completionPerMillionTokens(),
            endpointId
        };
    }

    private void insert(NewEndpoint e) {
        jdbc.sql("insert into endpoints (id, owner_id, name, description, visibility, public_name, model_id, runtime,"
                        + " engine_args, env, adapters, cluster_id, resource_id, min_replicas, max_replicas, replicas,"
                        + " desired, generation, state, progress, failure_times, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', 1, 'Building', ?, '', ?,"
                        + " ?)")
                .params(
                        e.id(),
                        e.ownerId(),
                        e.name(),
                        e.request().description(),
                        e.request().visibilityOrPrivate().toString(),
                        e.request().visibilityOrPrivate() == Visibility.PUBLIC ? e.name() : null,
                        e.modelId(),
                        e.launch().runtime(),
                        json.writeValueAsString(e.launch().engineArgs()),
                        json.writeValueAsString(e.launch().env()),
                        json.writeValueAsString(e.launch().adapters()),
                        e.launch().clusterId(),
                        e.launch().resourceId(),
                        e.minReplicas(),
                        e.maxReplicas(),
                        e.replicas(),
                        json.writeValueAsString(Progress.notStarted()),
                        UtcTimestamps.column(e.at()),
                        UtcTimestamps.column(e.at()))
                .update();
        changes.changed();
    }

    public Optional<Row> findById(String id) {
        return jdbc.sql(SELECT + "where e.id = ?").param(id).query(this::map).optional();
    }

    Optional<Row> findByOwnerAndName(String ownerId, String name) {
        return jdbc.sql(SELECT + "where e.owner_id = ? and e.name = ?")
                .params(ownerId, name)
                .query(this::map)
                .optional();
    }

    List<Row> findPublicByName(String name) {
        return jdbc.sql(SELECT + "where e.name = ? and e.visibility = 'public' fetch first 2 rows only")
                .param(name)
                .query(this::map)
                .list();
    }

    /** The id of every endpoint, oldest first: what the reconciler goes over each pass. */
    public List<String> ids() {
        return jdbc.sql("select id from endpoints order by created_at")
                .query(String.class)
                .list();
    }

    /**
     * Whether the endpoint is still asked to run at {@code generation} and, when {@code state} is
     * given, still in it: work started for that generation stops when this turns false.
     */
    public boolean stillWanted(String id, int generation, EndpointState state) {
        return findById(id)
                .map(r -> r.generation() == generation
                        && r.desired() == DesiredState.RUNNING
                        && (state == null || r.endpoint().state() == state))
                .orElse(false);
    }

    /** Every endpoint, for the reconciler. */
    public List<Row> findAll() {
        return jdbc.sql(SELECT + "order by e.created_at").query(this::map).list();
    }

    /** The endpoints that use a model, by name. */
    List<Row> usingModel(String modelId) {
        return jdbc.sql(SELECT + "where e.model_id = ? order by e.name")
                .param(modelId)
                .query(this::map)
                .list();
    }

    /** The names of the endpoints that use a resource, for refusing its deletion. */
    List<String> namesUsingResource(String resourceId) {
        return jdbc.sql("select name from endpoints where resource_id = ? order by name")
                .param(resourceId)
                .query(String.class)
                .list();
    }

    Page<Endpoint> list(EndpointQuery query, String viewerId, boolean admin) {
        SqlFilter filter = new SqlFilter();
        if (!admin) {
            filter.and("e.owner_id = :viewer or e.visibility = 'public'", "viewer", viewerId);
        }
        filter.contains(query.q(), "q", List.of("e.name", "e.description"))
                .equal("e.state", "state", query.state().map(EndpointState::toString))
                .equal("e.runtime", "runtime", query.runtime())
                .equal("e.model_id", "model", query.modelId())
                .equal("e.visibility", "visibility", query.visibility().map(Visibility::toString));
        return filter.page(
                jdbc,
                SELECT,
                "endpoints e",
                "e.created_at desc, e.id desc",
                query.page(),
                (rs, row) -> map(rs, row).endpoint());
    }

    void updateDetails(
            String id,
            String description,
            Visibility visibility,
            int minReplicas,
            int maxReplicas,
            int replicas,
            Instant at) {
        // public_name holds the name of public endpoints only; its unique index keeps public names unique
        jdbc.sql("update endpoints set description = ?, visibility = ?,"
                        + " public_name = case when ? = 'public' then name end, min_replicas = ?, max_replicas = ?,"
                        + " replicas = ?, updated_at = ? where id = ?")
                .params(
                        description,
                        visibility.toString(),
                        visibility.toString(),
                        minReplicas,
                        maxReplicas,
                        replicas,
                        UtcTimestamps.column(at),
                        id)
                .update();
        changes.changed();
    }

    /** Changes how replicas are launched; only while stopped, so {@code state = 'Stopped'} guards it. */
    boolean updateLaunch(String id, Launch launch, Instant at) {
        boolean written =
                jdbc.sql("update endpoints set runtime = ?, engine_args = ?, env = ?, adapters = ?, cluster_id = ?,"
                                        + " resource_id = ?, updated_at = ? where id = ? and state = 'Stopped'")
                                .params(
                                        launch.runtime(),
                                        json.writeValueAsString(launch.engineArgs()),
                                        json.writeValueAsString(launch.env()),
                                        json.writeValueAsString(launch.adapters()),
                                        launch.clusterId(),
                                        launch.resourceId(),
                                        UtcTimestamps.column(at),
                                        id)
                                .update()
                        == 1;
        if (written) {
            changes.changed();
        }
        return written;
    }

    /**
     * Records a user's start, stop or restart: the new desired state and a new generation, so that
     * work the reconciler had under way for the old one stops counting. {@code state} null keeps the
     * state (the reconciler moves it); {@code Building} starts the deployment's progress over. False
     * when the endpoint's state meanwhile became one that does not allow {@code action} (or, when
     * {@code state} is given, cannot move to it).
     */
    boolean request(
            String id, EndpointAction action, DesiredState desired, EndpointState state, Message reason, Instant at) {
        List<String> allowing = Arrays.stream(EndpointState.values())
                .filter(s -> s.allows(action) && (state == null || s.canMoveTo(state)))
                .map(EndpointState::toString)
                .toList();
        if (allowing.isEmpty()) {
            return false;
        }
        boolean written = jdbc.sql("update endpoints set desired = :desired, generation = generation + 1,"
                                + " state = coalesce(:state, state), state_reason = :reason,"
                                + " state_reason_code = :reasonCode, state_reason_params = :reasonParams,"
                                + " progress = coalesce(:progress, progress), failure_times = '', updated_at = :at"
                                + " where id = :id and state in (:allowing)")
                        .param("desired", desired.toString())
                        .param("state", state == null ? null : state.toString())
                        .param("reason", ColumnText.fit(reason.text(), 4000))
                        .param("reasonCode", reason.code())
                        .param("reasonParams", StoredParams.write(reason, 4000))
                        .param(
                                "progress",
                                state == EndpointState.BUILDING ? json.writeValueAsString(Progress.notStarted()) : null)
                        .param("at", UtcTimestamps.column(at))
                        .param("id", id)
                        .param("allowing", allowing)
                        .update()
                == 1;
        if (written) {
            changes.changed();
        }
        return written;
    }

    /**
     * The reconciler's view of where the endpoint is; written only while the endpoint is still at
     * {@code generation}, so a user's later request is never overwritten, and only from a state that
     * may move to {@code state} ({@link EndpointState#next}). False when it was not written.
     */
    public boolean observe(
            String id, int generation, EndpointState state, Message reason, Progress progress, Instant at) {
        if (EndpointState.sourcesOf(state).isEmpty()) {
            return false;
        }
        boolean written = jdbc.sql(
                                "update endpoints set state = :state, state_reason = :reason,"
                                        + " state_reason_code = :reasonCode, state_reason_params = :reasonParams,"
                                        + " progress = :progress,"
                                        + " updated_at = :at where id = :id and generation = :generation and state in (:sources)")
                        .param("state", state.toString())
                        .param("reason", ColumnText.fit(reason.text(), 4000))
                        .param("reasonCode", reason.code())
                        .param("reasonParams", StoredParams.write(reason, 4000))
                        .param("progress", json.writeValueAsString(progress))
                        .param("at", UtcTimestamps.column(at))
                        .param("id", id)
                        .param("generation", generation)
                        .param("sources", Transitions.stored(EndpointState.sourcesOf(state)))
                        .update()
                == 1;
        if (written) {
            changes.changed();
        }
        return written;
    }

    /** {@link #observe(String, int, EndpointState, Message, Progress, Instant)} of the row's endpoint, keeping its progress. */
    public boolean observe(Row row, EndpointState state, Message reason, Instant at) {
        return observe(
                row.endpoint().id(),
                row.generation(),
                state,
                reason,
                row.endpoint().progress(),
                at);
    }

    /**
     * Rewrites what a Running endpoint serves on (its reason) after its replicas changed, without a
     * change of state; only while it is still Running at {@code generation}. False when nothing was written.
     */
    public boolean describeRunning(String id, int generation, Message reason, Instant at) {
        boolean written = jdbc.sql("update endpoints set state_reason = :reason, state_reason_code = :reasonCode,"
                                + " state_reason_params = :reasonParams, updated_at = :at where id = :id"
                                + " and generation = :generation and state = :state")
                        .param("reason", ColumnText.fit(reason.text(), 4000))
                        .param("reasonCode", reason.code())
                        .param("reasonParams", StoredParams.write(reason, 4000))
                        .param("at", UtcTimestamps.column(at))
                        .param("id", id)
                        .param("generation", generation)
                        .param("state", EndpointState.RUNNING.toString())
                        .update()
                == 1;
        if (written) {
            changes.changed();
        }
        return written;
    }

    /** Replica crashes of the last while, oldest first, for the crash-loop rule. */
    public void saveFailureTimes(String id, List<Instant> times) {
        jdbc.sql("update endpoints set failure_times = ? where id = ?")
                .params(String.join(",", times.stream().map(Instant::toString).toList()), id)
                .update();
    }

    void delete(String id) {
        jdbc.sql("delete from endpoints where id = ?").param(id).update();
        changes.changed();
    }

    public void recordEvent(String endpointId, EventLevel level, String replicaId, Message message, Instant at) {
        jdbc.sql("insert into endpoint_events (endpoint_id, at, level, replica_id, message, code, params)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        endpointId,
                        UtcTimestamps.column(at),
                        level.toString(),
                        replicaId,
                        ColumnText.fit(message.text(), 8000),
                        message.code(),
                        StoredParams.write(message, 8000))
                .update();
    }

    /** The newest {@code limit} events, oldest first. */
    List<EndpointEvent> events(String endpointId, int limit) {
        List<EndpointEvent> newest = jdbc.sql(
                        "select id, at, level, replica_id, message, code, params from endpoint_events"
                                + " where endpoint_id = ? order by id desc fetch first " + limit + " rows only")
                .param(endpointId)
                .query((rs, row) -> new EndpointEvent(
                        rs.getLong("id"),
                        UtcTimestamps.read(rs, "at"),
                        rs.getString("level"),
                        rs.getString("replica_id"),
                        rs.getString("message"),
                        rs.getString("code"),
                        StoredParams.read(rs.getString("params"))))
                .list();
        return newest.reversed();
    }

    private Progress readProgress(String text) {
        return json.readValue(text, Progress.class);
    }

    private static Upstream upstream(ResultSet rs) throws SQLException {
        String url = rs.getString("upstream_url");
        return url == null
                ? null
                : new Upstream(url, rs.getString("upstream_model"), rs.getString("upstream_key") != null);
    }

    private static TokenPricing pricing(ResultSet rs) throws SQLException {
        BigDecimal prompt = rs.getBigDecimal("prompt_price_per_million");
        BigDecimal completion = rs.getBigDecimal("completion_price_per_million");
        return prompt == null && completion == null ? null : new TokenPricing(prompt, completion);
    }

    /** The kind is the runtime's: {@value RuntimeSpec#ROUTER} is a router, with its upstream row. */
    private Endpoint.Spec spec(ResultSet rs) throws SQLException {
        String runtime = rs.getString("runtime");
        if (RuntimeSpec.ROUTER.equals(runtime)) {
            return new Endpoint.RouterSpec(upstream(rs), pricing(rs));
        }
        return new Endpoint.ModelSpec(
                rs.getString("model_name"),
                rs.getString("model_id"),
                runtime,
                json.readValue(rs.getString("engine_args"), new TypeReference<Map<String, Object>>() {}),
                json.readValue(rs.getString("env"), new TypeReference<Map<String, String>>() {}),
                rs.getString("resource_name"),
                json.readValue(rs.getString("adapters"), new TypeReference<List<EndpointAdapter>>() {}));
    }

    private Row map(ResultSet rs, int rowNum) throws SQLException {
        EndpointState state = EndpointState.of(rs.getString("state"));
        Endpoint endpoint = new Endpoint(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("owner"),
                rs.getString("description"),
                Visibility.of(rs.getString("visibility")),
                spec(rs),
                rs.getString("cluster_name"),
                rs.getInt("min_replicas"),
                rs.getInt("max_replicas"),
                rs.getInt("replicas"),
                rs.getInt("ready_replicas"),
                state,
                rs.getString("state_reason"),
                rs.getString("state_reason_code"),
                StoredParams.read(rs.getString("state_reason_params")),
                readProgress(rs.getString("progress")),
                state.actions(),
                UtcTimestamps.read(rs, "created_at"),
                UtcTimestamps.read(rs, "updated_at"));
        String failures = rs.getString("failure_times");
        return new Row(
                endpoint,
                rs.getString("owner_id"),
                rs.getString("cluster_id"),
                rs.getString("resource_id"),
                rs.getBigDecimal("price_per_hour"),
                rs.getString("upstream_key"),
                DesiredState.of(rs.getString("desired")),
                rs.getInt("generation"),
                failures.isEmpty()
                        ? List.of()
                        : Arrays.stream(failures.split(",")).map(Instant::parse).toList());
    }
}
