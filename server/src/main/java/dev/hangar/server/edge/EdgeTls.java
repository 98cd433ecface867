package dev.hangar.server.edge;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.home.StartupProblem;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * The public port's TLS, from the PEM files HANGAR_TLS_CERT (the certificate chain, the server's
 * first) and HANGAR_TLS_KEY (its unencrypted PKCS#8 private key): TLS 1.3 and 1.2 only, by the JDK.
 */
final class EdgeTls {

    private EdgeTls() {}

    static SslContext serverContext(HangarProperties.Edge.Tls files) {
        try {
            return SslContextBuilder.forServer(
                            files.certificateChain().toFile(),
                            files.privateKey().toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new StartupProblem(
                    "HANGAR_TLS_CERT (" + files.certificateChain() + ") and HANGAR_TLS_KEY (" + files.privateKey()
                            + ") cannot serve HTTPS: " + e.getMessage(),
                    "Give a PEM certificate chain and its unencrypted PKCS#8 PEM private key"
                            + " ('openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key' converts an older key).");
        }
    }
}
