package dev.hangar.server.endpoint;

import dev.hangar.server.auth.UserResources;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The endpoints (deleting one stops its replicas first) of a user who is deleted. */
@Component
@Order(1)
class EndpointsOfUser extends UserResources {

    EndpointsOfUser(JdbcClient jdbc, EndpointService endpoints) {
        super(jdbc, "endpoints", endpoints::delete);
    }
}
