package dev.hangar.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidModelFileTest {

    @Test
    void messageStatesProblemAndLocation() {
        InvalidModelFile error = InvalidModelFile.at(24, "metadata key 'general.name'", "string is too long");

        assertThat(error.problem()).isEqualTo("string is too long");
        assertThat(error.location()).isEqualTo("byte offset 24, metadata key 'general.name'");
        assertThat(error).hasMessage("string is too long (at byte offset 24, metadata key 'general.name')");
    }
}
