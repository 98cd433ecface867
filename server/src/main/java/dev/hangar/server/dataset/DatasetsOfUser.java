package dev.hangar.server.dataset;

import dev.hangar.server.auth.UserResources;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The datasets of a user who is deleted. */
@Component
@Order(3)
class DatasetsOfUser extends UserResources {

    DatasetsOfUser(JdbcClient jdbc, DatasetService datasets) {
        super(jdbc, "datasets", datasets::delete);
    }
}
