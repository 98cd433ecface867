package dev.hangar.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireNamesTest {

    @Test
    void aConstantIsFoundByItsWireName() {
        assertThat(WireNames.parse(Visibility.values(), "public")).isEqualTo(Visibility.PUBLIC);
        assertThat(Visibility.of("private")).isEqualTo(Visibility.PRIVATE);
    }

    @Test
    void anyOtherNameIsRefusedWithTheWireNamesCommaSeparated() {
        assertThatThrownBy(() -> Visibility.of("PUBLIC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be one of private, public");
        assertThatThrownBy(() -> WireNames.parse(Visibility.values(), null))
                .hasMessage("must be one of private, public");
    }
}
