package dev.hangar.server.resource;

import dev.hangar.server.core.UtcTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code clusters} and {@code resources} tables. */
@Repository
class ResourceRepository {

    private static final String RESOURCES =
            "select r.*, c.name as cluster_name from resources r join clusters c on c.id = r.cluster_id ";

    private final JdbcClient jdbc;

    ResourceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertCluster(Cluster cluster) {
        jdbc.sql("insert into clusters (id, name, kind, description, created_at) values (?, ?, ?, ?, ?)")
                .params(
                        cluster.id(),
                        cluster.name(),
                        cluster.kind(),
                        cluster.description(),
                        UtcTimestamps.column(cluster.createdAt()))
                .update();
    }

    List<Cluster> clusters() {
        return jdbc.sql("select * from clusters order by created_at, id")
                .query(ResourceRepository::cluster)
                .list();
    }

    Optional<Cluster> cluster(String idOrName) {
        return jdbc.sql("select * from clusters where id = ? or name = ?")
                .params(idOrName, idOrName)
                .query(ResourceRepository::cluster)
                .optional();
    }

    void insertResource(String clusterId, Resource resource) {
        jdbc.sql("insert into resources (id, cluster_id, name, cpus, memory_bytes, gpu_type, gpu_count, price_per_hour,"
                        + " operations, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        resource.id(),
                        clusterId,
                        resource.name(),
                        resource.cpus(),
                        resource.memoryBytes(),
                        resource.gpuType(),
                        resource.gpuCount(),
                        resource.pricePerHour(),
                        operations(resource.operations()),
                        UtcTimestamps.column(resource.createdAt()))
                .update();
    }

    void updateResource(Resource resource) {
        jdbc.sql("update resources set name = ?, cpus = ?, memory_bytes = ?, gpu_type = ?, gpu_count = ?,"
                        + " price_per_hour = ?, operations = ? where id = ?")
                .params(
                        resource.name(),
                        resource.cpus(),
                        resource.memoryBytes(),
                        resource.gpuType(),
                        resource.gpuCount(),
                        resource.pricePerHour(),
                        operations(resource.operations()),
                        resource.id())
                .update();
    }

    List<Resource> resources(String clusterId) {
        return jdbc.sql(RESOURCES + "where r.cluster_id = ? order by r.gpu_count, r.cpus, r.memory_bytes, r.name")
                .param(clusterId)
                .query(ResourceRepository::resource)
                .list();
    }

    Optional<Resource> resource(String clusterId, String idOrName) {
        return jdbc.sql(RESOURCES + "where r.cluster_id = ? and (r.id = ? or r.name = ?)")
                .params(clusterId, idOrName, idOrName)
                .query(ResourceRepository::resource)
                .optional();
    }

    boolean deleteResource(String id) {
        return jdbc.sql("delete from resources where id = ?").param(id).update() > 0;
    }

    private static String operations(List<ResourceOperation> operations) {
        return operations.stream().map(ResourceOperation::toString).collect(Collectors.joining(","));
    }

    private static Cluster cluster(ResultSet rs, int row) throws SQLException {
        return new Cluster(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("kind"),
                rs.getString("description"),
                UtcTimestamps.read(rs, "created_at"),
                null);
    }

    private static Resource resource(ResultSet rs, int row) throws SQLException {
        String operations = rs.getString("operations");
        return new Resource(
                rs.getString("id"),
                rs.getString("cluster_name"),
                rs.getString("name"),
                rs.getInt("cpus"),
                rs.getLong("memory_bytes"),
                rs.getString("gpu_type"),
                rs.getInt("gpu_count"),
                rs.getBigDecimal("price_per_hour"),
                operations.isEmpty()
                        ? List.of()
                        : Arrays.stream(operations.split(","))
                                .map(ResourceOperation::of)
                                .toList(),
                UtcTimestamps.read(rs, "created_at"));
    }
}
