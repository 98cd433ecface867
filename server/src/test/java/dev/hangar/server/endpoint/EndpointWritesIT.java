package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import dev.hangar.server.support.StandInProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Never a half-written endpoint: a change that writes several rows (the endpoint, its upstream, its
 * event) keeps all of them or none. The database is made to refuse the last write, the event,
 * with a check constraint on the events of one user; what came before it must be gone too.
 */
class EndpointWritesIT extends ServerTest {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void aChangeWhoseEventCannotBeWrittenLeavesTheEndpointAsItWas() throws IOException {
        String user = unique("refused");
        ApiClient owner = userWithKey(user);
        try (StandInProvider provider = new StandInProvider("sk-writes", List.of("first", "second"))) {
            var created = owner.postJson(
                    "/api/v1/endpoints",
                    "{\"name\":\"" + unique("writes")
                            + "\",\"runtime\":\"openai-compatible\",\"description\":\"before\","
                            + "\"upstream\":{\"baseUrl\":\"" + provider.baseUrl()
                            + "\",\"model\":\"first\",\"apiKey\":\"sk-writes\"}}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().get("id").asString();
            Deployments.awaitState(owner, id, Duration.ofSeconds(30), "Running");

            refuseEventsNaming(user);
            try {
                var changed = owner.patchJson(
                        "/api/v1/endpoints/" + id, "{\"description\":\"after\",\"upstream\":{\"model\":\"second\"}}");
                assertThat(changed.status()).as(changed.toString()).isEqualTo(500);
                var stopped = owner.postJson("/api/v1/endpoints/" + id + "/stop", "");
                assertThat(stopped.status()).as(stopped.toString()).isEqualTo(500);
            } finally {
                jdbc.sql("alter table endpoint_events drop constraint refused_events")
                        .update();
            }

            JsonNode after = owner.get("/api/v1/endpoints/" + id).json();
            assertThat(after.get("upstream").get("model").asString())
                    .as("the upstream written before the refused event is rolled back")
                    .isEqualTo("first");
            assertThat(after.get("description").asString()).isEqualTo("before");
            assertThat(after.get("state").asString())
                    .as("the stop written before its refused event is rolled back")
                    .isEqualTo("Running");
            assertThat(jdbc.sql("select desired from endpoints where id = ?")
                            .param(id)
                            .query(String.class)
                            .single())
                    .isEqualTo("running");
            assertThat(owner.get("/api/v1/endpoints/" + id + "/events").body())
                    .contains("created by " + user)
                    .doesNotContain("upstream changed", "stop requested");
            assertThat(owner.delete("/api/v1/endpoints/" + id).status()).isEqualTo(204);
        }
    }

    /** Makes the database refuse the endpoint events that name {@code user}, but for its endpoint's creation. */
    private void refuseEventsNaming(String user) {
        jdbc.sql("alter table endpoint_events add constraint refused_events"
                        + " check (message like 'created by %' or message not like '%" + user + "%')")
                .update();
    }
}
