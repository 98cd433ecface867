package dev.hangar.server.gateway;

import java.util.Map;

/** {@link QuotaEndToEndContract} on the embedded H2 file database. */
class QuotaOnH2IT extends QuotaEndToEndContract {

    @Override
    Map<String, Object> database() {
        return Map.of();
    }
}
