package dev.hangar.server.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.message.MessageCode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dataset rows on the embedded H2 database Hangar uses: the database's own backstop for public
 * dataset names (two users' datasets racing past the server's check cannot both be public under
 * one name), and the status moves of the shared import rules ({@code ImportedRepository}).
 */
class DatasetRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

    @TempDir
    Path dir;

    private HikariDataSource dataSource;
    private DatasetRepository datasets;

    @BeforeEach
    void migrate() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + dir.resolve("hangar")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        dataSource.setUsername("sa");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        for (String user : List.of("alice", "bob")) {
            jdbc.sql("insert into users (id, username, password_hash, role, created_at)"
                            + " values (?, ?, 'h', 'user', current_timestamp)")
                    .params("usr_" + user, user)
                    .update();
        }
        datasets = new DatasetRepository(jdbc, JsonMapper.builder().build());
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private static Dataset dataset(String id, Visibility visibility) {
        return new Dataset(
                id,
                "chats",
                null,
                DatasetStatus.IMPORTING,
                null,
                null,
                null,
                null,
                visibility,
                DatasetFormat.JSONL,
                null,
                new DatasetSource("local", "/data/" + id),
                null,
                null,
                null,
                List.of(),
                T0,
                T0);
    }

    @Test
    void twoPublicDatasetsOfOneNameCannotBothBeStored() {
        datasets.insert(dataset("dst_a", Visibility.PUBLIC), "usr_alice");

        assertThatThrownBy(() -> datasets.insert(dataset("dst_b", Visibility.PUBLIC), "usr_bob"))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void aPrivateDatasetCannotBeMadePublicUnderAnotherPublicName() {
        datasets.insert(dataset("dst_a", Visibility.PUBLIC), "usr_alice");
        datasets.insert(dataset("dst_b", Visibility.PRIVATE), "usr_bob");

        assertThatThrownBy(() -> datasets.update("dst_b", null, Visibility.PUBLIC, T0, Map.of()))
                .isInstanceOf(DuplicateKeyException.class);

        datasets.update("dst_a", null, Visibility.PRIVATE, T0, Map.of());
        datasets.update("dst_b", null, Visibility.PUBLIC, T0, Map.of());
        assertThat(datasets.findPublicByName("chats"))
                .extracting(row -> row.dataset().id())
                .containsExactly("dst_b");
    }

    @Test
    void aTransitionMovesOnlyFromTheStatusTheDatasetIsInAndRecordsItsEvent() {
        datasets.insert(dataset("dst_a", Visibility.PRIVATE), "usr_alice");
        var summary = MessageCode.DATASET_SUMMARY.with("rows", 3, "files", 1, "columns", 2, "schema", "chat");

        assertThat(datasets.transition("dst_a", DatasetStatus.IMPORTING, DatasetStatus.READY, summary, T0))
                .isTrue();
        assertThat(datasets.transition(
                        "dst_a",
                        DatasetStatus.IMPORTING,
                        DatasetStatus.FAILED,
                        MessageCode.REASON_DETAIL.with("detail", "too late"),
                        T0))
                .as("it is no longer importing")
                .isFalse();

        Dataset stored = datasets.findById("dst_a").orElseThrow().dataset();
        assertThat(stored.status()).isEqualTo(DatasetStatus.READY);
        assertThat(stored.statusReason()).isEqualTo("3 rows in 1 file(s), 2 column(s), schema chat");
        assertThat(stored.statusReasonCode()).isEqualTo("dataset.summary");
        Map<String, Object> params = Map.of("rows", "3", "files", "1", "columns", "2", "schema", "chat");
        assertThat(stored.statusReasonParams()).isEqualTo(params);
        assertThat(datasets.events("dst_a"))
                .containsExactly(new DatasetEvent(
                        T0,
                        DatasetStatus.READY,
                        "3 rows in 1 file(s), 2 column(s), schema chat",
                        "dataset.summary",
                        params));
    }

    @Test
    void aMoveTheStatusDoesNotAllowIsRefusedBeforeAnythingIsWritten() {
        datasets.insert(dataset("dst_a", Visibility.PRIVATE), "usr_alice");

        assertThatThrownBy(() -> datasets.transition(
                        "dst_a",
                        DatasetStatus.IMPORTING,
                        DatasetStatus.IMPORTING,
                        MessageCode.REASON_DETAIL.with("detail", "again"),
                        T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(datasets.events("dst_a")).isEmpty();
    }

    @Test
    void theImportsAStopCutOffAreTheDatasetsStillImporting() {
        datasets.insert(dataset("dst_a", Visibility.PRIVATE), "usr_alice");
        datasets.insert(dataset("dst_b", Visibility.PRIVATE), "usr_bob");
        datasets.transition(
                "dst_b",
                DatasetStatus.IMPORTING,
                DatasetStatus.FAILED,
                MessageCode.REASON_DETAIL.with("detail", "broken"),
                T0);

        assertThat(datasets.findInProgress())
                .extracting(row -> row.dataset().id())
                .containsExactly("dst_a");
    }
}
