package dev.hangar.server.cli;

import picocli.CommandLine.Option;

/** Where the server is and which key to use; HANGAR_URL and HANGAR_API_KEY by default. */
final class ServerOptions {
    @Option(names = "--url", description = "Hangar's URL (default: HANGAR_URL, else http://localhost:$HANGAR_PORT).")
    String url;

    @Option(names = "--api-key", description = "API key (default: HANGAR_API_KEY, else $HANGAR_HOME/admin-api-key).")
    String apiKey;

    ApiConnection connect() {
        return ApiConnection.resolve(url, apiKey);
    }
}
