package dev.hangar.server.edge;

import dev.hangar.server.home.HangarProperties;
import java.net.InetAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.stereotype.Component;

/**
 * Puts the {@link EdgeWebServer} in front of the servlet container: the configured address and port
 * ({@code server.address}, {@code server.port}) become the edge's, and the servlet container
 * listens on a free loopback port behind it. Everything that asks the web server for its port
 * (the start-up report, tests) gets the public one. The servlet container learns each request's
 * client from the edge ({@link EdgeForwarding}); the edge finds the container's sessions through
 * {@link ContainerSessions}.
 */
@Component
class EdgeInstaller implements BeanPostProcessor {

    private final ObjectProvider<EdgeRoutes<?>> routes;
    private final ObjectProvider<EdgeForwarding> forwarding;
    private final ObjectProvider<HangarProperties> properties;
    private final ObjectProvider<EdgeTransport> transport;
    private final ObjectProvider<ContainerSessions> sessions;

    EdgeInstaller(
            ObjectProvider<EdgeRoutes<?>> routes,
            ObjectProvider<EdgeForwarding> forwarding,
            ObjectProvider<HangarProperties> properties,
            ObjectProvider<EdgeTransport> transport,
            ObjectProvider<ContainerSessions> sessions) {
        this.routes = routes;
        this.forwarding = forwarding;
        this.properties = properties;
        this.transport = transport;
        this.sessions = sessions;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof TomcatServletWebServerFactory container)) {
            return bean;
        }
        return (ServletWebServerFactory) initializers -> {
            int port = container.getPort();
            InetAddress address = container.getAddress();
            container.setPort(0);
            container.setAddress(InetAddress.getLoopbackAddress());
            EdgeForwarding edgeForwarding = forwarding.getObject();
            container.addEngineValves(new EdgeForwardedValve(edgeForwarding));
            container.addContextCustomizers(sessions.getObject()::attach);
            return new EdgeWebServer(
                    container.getWebServer(initializers),
                    address,
                    port,
                    routes::getObject,
                    edgeForwarding,
                    properties.getObject().edge(),
                    transport.getObject());
        };
    }
}
