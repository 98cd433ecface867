package dev.hangar.server.dataset;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.UserResources;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The datasets of a user who is deleted. */
@Component
@Order(3)
class DatasetsOfUser extends UserResources {

    private final DatasetService datasets;

    DatasetsOfUser(JdbcClient jdbc, DatasetService datasets) {
        super(jdbc, "datasets");
        this.datasets = datasets;
    }

    @Override
    protected void delete(AuthenticatedUser admin, String id) {
        datasets.delete(admin, id);
    }
}
