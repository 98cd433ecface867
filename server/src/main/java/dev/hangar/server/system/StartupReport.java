package dev.hangar.server.system;

import dev.hangar.server.HangarVersion;
import dev.hangar.server.auth.AdminBootstrap;
import dev.hangar.server.database.DatabaseTarget;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.reconcile.ReplicasAtStart;
import dev.hangar.server.reconcile.ServerReplicas;
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
    private final ServerReplicas replicas;

    StartupReport(AdminBootstrap admin, DatabaseTarget database, HangarHome home, ServerReplicas replicas) {
        this.admin = admin;
        this.database = database;
        this.home = home;
        this.replicas = replicas;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : -1;
        String url = "http://localhost:" + port;
        double seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        AdminBootstrap.Report credentials = admin.report();
        ReplicasAtStart found = replicas.atStart();
        log.info(
                """

                  Hangar {} is ready at {} (started in {} s)
                    API docs      {}/docs
                    admin API key {}
                    admin login   user 'admin', password {}
                    database      {} {}
                    data          {}
                    replicas      {} adopted from the last run, {} cleaned up
                    at exit       replicas are {}
                """,
                HangarVersion.current(),
                url,
                String.format("%.1f", seconds),
                url,
                credentials.keySource(),
                credentials.passwordSource(),
                database.kind().label(),
                database.displayUrl(),
                home.root(),
                found.adopted(),
                found.cleanedUp(),
                found.atExit().rule());
    }
}
