package dev.hangar.server.edge;

import dev.hangar.server.home.HangarProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The edge's transport, chosen once from the settings, for every event loop and channel of the server. */
@Configuration(proxyBeanMethods = false)
class EdgeTransportChoice {

    @Bean
    EdgeTransport edgeTransport(HangarProperties properties) {
        return EdgeTransport.choose(properties.edge());
    }
}
