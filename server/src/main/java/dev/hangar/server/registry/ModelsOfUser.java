package dev.hangar.server.registry;

import dev.hangar.server.auth.UserResources;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The models of a user who is deleted. */
@Component
@Order(2)
class ModelsOfUser extends UserResources {

    ModelsOfUser(JdbcClient jdbc, ModelService models) {
        super(jdbc, "models", models::delete);
    }
}
