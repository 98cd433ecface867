package dev.hangar.server.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.message.MessageCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FieldChecksTest {

    @Test
    void everyRefusedFieldIsNamedInOne400() {
        FieldChecks checks = new FieldChecks();

        Optional<String> name = checks.check(() -> {
            throw ApiException.invalidField("name", MessageCode.FIELD_NOT_BLANK.with());
        });
        checks.run(() -> {
            throw ApiException.invalidField("maxReplicas", MessageCode.FIELD_MAX.with("value", 8));
        });
        Optional<Integer> kept = checks.check(() -> 3);

        assertThat(name).isEmpty();
        assertThat(kept).contains(3);
        assertThatThrownBy(checks::refuseAny).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
            assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("name", "maxReplicas");
            assertThat(e.getMessage())
                    .isEqualTo("name: must not be blank; maxReplicas: must be less than or equal to 8");
        });
    }

    @Test
    void withNoFieldRefusedAnotherFailureEndsTheRequestAsItFailed() {
        FieldChecks checks = new FieldChecks();
        checks.run(() -> {});

        assertThatCode(checks::refuseAny).doesNotThrowAnyException();
        assertThatThrownBy(() -> checks.run(() -> {
                    throw ApiException.notFound(MessageCode.NOUN_ENDPOINT, "chat");
                }))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
    }

    @Test
    void anotherFailureEndsTheRequestButTheFieldsRefusedBeforeComeFirst() {
        FieldChecks checks = new FieldChecks();
        checks.run(() -> {
            throw ApiException.invalidField("name", MessageCode.FIELD_NOT_BLANK.with());
        });

        assertThatThrownBy(() -> checks.run(() -> {
                    throw ApiException.notFound(MessageCode.NOUN_ENDPOINT, "chat");
                }))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
                    assertThat(e.getMessage()).isEqualTo("name: must not be blank");
                });
    }
}
