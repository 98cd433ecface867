package dev.hangar.server.system;

import dev.hangar.server.HangarVersion;
import dev.hangar.server.auth.AdminBootstrap;
import dev.hangar.server.database.DatabaseTarget;
import dev.hangar.server.home.HangarHome;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints the one block a person needs after start: where Hangar listens, how to get in, what it stores where. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger("hangar");

    private final AdminBootstrap admin;
    private final DatabaseTarget database;
    private final HangarHome home;

    StartupReport(AdminBootstrap admin, DatabaseTarget database, HangarHome home) {
        this.admin = admin;
        this.database = database;
        this.home = home;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : -1;
        String url = "http://localhost:" + port;
        double seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        AdminBootstrap.Report credentials = admin.report();
        log.info(
                """

                  Hangar {} is ready at {} (started in {} s)
                    API docs      {}/docs
                    admin API key {}
                    admin login   user 'admin', password {}
                    database      {} {}
                    data          {}
                """,
                HangarVersion.current(),
                url,
                String.format("%.1f", seconds),
                url,
                credentials.keySource(),
                credentials.passwordSource(),
                database.kind().label(),
                database.displayUrl(),
                home.root());
    }
}
