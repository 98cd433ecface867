package dev.hangar.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.home.HangarProperties.Edge.Transport;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

class EdgeTransportTest {

    @Test
    void nioIsUsedWhenTheSettingAsksForIt() {
        assertThat(EdgeTransport.choose(edge(Transport.NIO))).isEqualTo(EdgeTransport.NIO);
    }

    @Test
    void autoTakesIoUringWhereTheKernelAllowsIt() {
        assertThat(EdgeTransport.choose(edge(Transport.AUTO)))
                .isEqualTo(IoUring.isAvailable() ? EdgeTransport.IO_URING : EdgeTransport.NIO);
    }

    private static HangarProperties.Edge edge(Transport transport) {
        return new HangarProperties.Edge(1024, null, null, transport);
    }
}
