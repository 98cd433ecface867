package dev.hangar.server.gateway;

import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Parsers for the JSON the gateway reads on the edge's event loops (requests, answers, stream
 * events): their buffers are recycled per thread, as the loops are few and live as long as the
 * server, rather than through the shared queue of the application's mapper, which cost a queue node
 * and two atomic operations for every parser.
 */
final class EventLoopJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    private EventLoopJson() {}

    static JsonParser parser(byte[] bytes, int offset, int length) {
        return FACTORY.createParser(ObjectReadContext.empty(), bytes, offset, length);
    }

    /** A parser fed part by part ({@link tools.jackson.core.async.ByteArrayFeeder}). */
    static JsonParser incrementalParser() {
        return FACTORY.createNonBlockingByteArrayParser(ObjectReadContext.empty());
    }
}
